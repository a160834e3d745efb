//! Ignoring an identifier (or taking the ignore back) is destructive to the groups:
//! this popup says what will happen, asks for the reason that is stored with it, and
//! runs only on Enter with a reason given.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};

use super::{Outcome, Run, frame, put_lines};
use crate::tui::components::input::Input;
use crate::tui::text;

pub struct IgnorePopup {
    pub kind: String,
    pub value: String,
    pub cases: i64,
    pub groups: i64,
    /// Take an ignore back instead.
    pub undo: bool,
    pub reason: Input,
    pub complaint: Option<String>,
}

impl IgnorePopup {
    pub fn key(&mut self, ev: &KeyEvent) -> Outcome {
        match ev.code {
            KeyCode::Esc => Outcome::Close,
            KeyCode::Enter => {
                let reason = self.reason.text().trim();
                if reason.is_empty() {
                    self.complaint =
                        Some("a reason is needed: it is stored with the ignore".into());
                    return Outcome::Keep;
                }
                Outcome::Run(Run::Ignore {
                    value: self.value.clone(),
                    reason: reason.to_string(),
                    undo: self.undo,
                })
            }
            _ => {
                if self.reason.key(ev).1 {
                    self.complaint = None;
                }
                Outcome::Keep
            }
        }
    }

    /// Draws; returns the cursor position in the reason field.
    pub fn render(&self, area: Rect, buf: &mut Buffer) -> (u16, u16) {
        let (title, what) = if self.undo {
            (
                "Take back an ignore",
                "it will link cases again; the groups are recomputed",
            )
        } else {
            (
                "Ignore an identifier",
                "it will link no cases; the groups are recomputed",
            )
        };
        let lines = vec![
            (
                format!("{} {}", self.kind, self.value),
                Style::new().add_modifier(Modifier::BOLD),
            ),
            (
                format!(
                    "held by {} in {}",
                    text::plural(self.cases, "case", "cases"),
                    text::plural(self.groups, "group", "groups")
                ),
                Style::new(),
            ),
            (what.to_string(), Style::new()),
            (
                "Reason (stored with who and when):".to_string(),
                Style::new(),
            ),
            (
                format!("> {}", self.reason.text()),
                Style::new().fg(Color::Yellow),
            ),
            (
                self.complaint.clone().unwrap_or_default(),
                Style::new().fg(Color::Red),
            ),
            (
                "Enter: confirm    Esc: cancel".to_string(),
                Style::new().add_modifier(Modifier::DIM),
            ),
        ];
        let inner = frame(area, 72, lines.len() as u16 + 2, title, buf);
        put_lines(inner, buf, &lines);
        let x = inner.x + 2 + self.reason.cursor_cells() as u16;
        (x.min(inner.right().saturating_sub(1)), inner.y + 4)
    }
}
