//! Exporting what is on screen: the popup proposes a path under `exports/` (editable;
//! Tab switches between .csv and .xlsx, or for the bulletin .html, .md and .xlsx) and
//! says whether victim data is masked.

use std::path::PathBuf;

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};

use super::{Outcome, Run, frame, put_lines};
use crate::tui::components::input::Input;
use crate::tui::jobs::BuildExport;

pub struct ExportPopup {
    /// What is exported, in words.
    pub what: String,
    pub path: Input,
    pub masked: bool,
    pub build: Option<BuildExport>,
    /// Rows it will write, when known (for the progress shown).
    pub total: Option<usize>,
    /// The file extensions Tab goes through, the first proposed.
    pub formats: &'static [&'static str],
}

/// What a listing is written as.
const LISTING_FORMATS: &[&str] = &[".csv", ".xlsx"];
/// What the bulletin is written as (always masked).
pub const BULLETIN_FORMATS: &[&str] = &[".html", ".md", ".xlsx"];
/// The freeze list goes to banks: a workbook first.
pub const WORKBOOK_FORMATS: &[&str] = &[".xlsx", ".csv"];

impl ExportPopup {
    pub fn new(
        what: String,
        stem: &str,
        masked: bool,
        build: BuildExport,
        total: Option<usize>,
    ) -> ExportPopup {
        let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
        ExportPopup::with_formats(
            what,
            &format!("{stem}-{stamp}"),
            masked,
            build,
            total,
            LISTING_FORMATS,
        )
    }

    /// A file `exports/{name}` with the first of `formats`, Tab going through them.
    pub fn with_formats(
        what: String,
        name: &str,
        masked: bool,
        build: BuildExport,
        total: Option<usize>,
        formats: &'static [&'static str],
    ) -> ExportPopup {
        let first = formats.first().copied().unwrap_or(".csv");
        ExportPopup {
            what,
            path: Input::with_text(&format!("exports/{name}{first}")),
            masked,
            build: Some(build),
            total,
            formats,
        }
    }

    pub fn key(&mut self, ev: &KeyEvent) -> Outcome {
        match ev.code {
            KeyCode::Esc => Outcome::Close,
            KeyCode::Tab | KeyCode::BackTab => {
                let p = self.path.text().to_string();
                let n = self.formats.len();
                let at = self.formats.iter().position(|f| p.ends_with(f));
                let swapped = match at {
                    Some(i) => format!(
                        "{}{}",
                        &p[..p.len() - self.formats[i].len()],
                        self.formats[(i + 1) % n]
                    ),
                    None => format!("{p}{}", self.formats.first().copied().unwrap_or(".csv")),
                };
                self.path.set(&swapped);
                Outcome::Keep
            }
            KeyCode::Enter => {
                let path = self.path.text().trim();
                match self.build.take() {
                    Some(build) if !path.is_empty() => Outcome::Run(Run::Export {
                        path: PathBuf::from(path),
                        build,
                        total: self.total,
                    }),
                    Some(build) => {
                        self.build = Some(build);
                        Outcome::Keep
                    }
                    None => Outcome::Close,
                }
            }
            _ => {
                self.path.key(ev);
                Outcome::Keep
            }
        }
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer) -> (u16, u16) {
        let lines = vec![
            (
                format!("Export {}", self.what),
                Style::new().add_modifier(Modifier::BOLD),
            ),
            (
                if self.masked && self.formats == BULLETIN_FORMATS {
                    "victim names and phones masked (always, in a bulletin)".to_string()
                } else if self.masked {
                    "victim names and phones masked (m before e to unmask)".to_string()
                } else {
                    "victim names and phones UNMASKED".to_string()
                },
                Style::new(),
            ),
            (String::new(), Style::new()),
            (
                format!("File ({}; Tab switches):", self.formats.join(" or ")),
                Style::new(),
            ),
            (
                format!("> {}", self.path.text()),
                Style::new().fg(Color::Yellow),
            ),
            (String::new(), Style::new()),
            (
                "Enter: write    Esc: cancel".to_string(),
                Style::new().add_modifier(Modifier::DIM),
            ),
        ];
        let inner = frame(area, 72, lines.len() as u16 + 2, "Export", buf);
        put_lines(inner, buf, &lines);
        let x = inner.x + 2 + self.path.cursor_cells() as u16;
        (x.min(inner.right().saturating_sub(1)), inner.y + 4)
    }
}
