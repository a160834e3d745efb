//! Popups over the screens: help, a confirmation that carries the action it
//! confirms, the reason for an ignore, the path of an export, a note, the tags of
//! what is selected, and messages. While a
//! popup is open it takes every key.

pub mod confirm;
pub mod export;
pub mod help;
pub mod ignore;
pub mod message;
pub mod note;
pub mod tags;

use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Widget};

use super::jobs::BuildExport;
use super::text;

pub enum Popup {
    Help(help::Help),
    Confirm(confirm::Confirm),
    Ignore(ignore::IgnorePopup),
    Export(export::ExportPopup),
    Message(message::Message),
    Note(note::NotePopup),
    Tags(tags::TagPopup),
}

/// What a confirmed popup asks the app to do.
pub enum Run {
    Quit,
    CancelImport,
    Ignore {
        value: String,
        reason: String,
        undo: bool,
    },
    Note {
        target: casebench::casework::Named,
        label: String,
        text: String,
    },
    Tag {
        target: casebench::casework::Named,
        label: String,
        tag: String,
        undo: bool,
    },
    Export {
        path: std::path::PathBuf,
        build: BuildExport,
        /// Rows it will write, when known.
        total: Option<usize>,
    },
}

/// The outcome of a key in a popup.
pub enum Outcome {
    Keep,
    Close,
    Run(Run),
    /// Run, and keep the popup open (the tag list, for the next tag).
    Also(Run),
}

impl Popup {
    pub fn key(&mut self, ev: &KeyEvent) -> Outcome {
        match self {
            Popup::Help(h) => h.key(ev),
            Popup::Message(_) => message::any_key_closes(ev),
            Popup::Confirm(c) => c.key(ev),
            Popup::Ignore(p) => p.key(ev),
            Popup::Export(p) => p.key(ev),
            Popup::Note(p) => p.key(ev),
            Popup::Tags(p) => p.key(ev),
        }
    }

    /// Draws the popup; returns where the terminal cursor goes, if it takes text.
    pub fn render(&self, area: Rect, buf: &mut Buffer) -> Option<(u16, u16)> {
        match self {
            Popup::Help(h) => {
                h.render(area, buf);
                None
            }
            Popup::Confirm(c) => {
                c.render(area, buf);
                None
            }
            Popup::Ignore(p) => Some(p.render(area, buf)),
            Popup::Export(p) => Some(p.render(area, buf)),
            Popup::Note(p) => Some(p.render(area, buf)),
            Popup::Tags(p) => {
                p.render(area, buf);
                None
            }
            Popup::Message(m) => {
                m.render(area, buf);
                None
            }
        }
    }
}

/// A bordered, cleared box of `width` x `height` cells in the middle of `area`.
pub fn frame(area: Rect, width: u16, height: u16, title: &str, buf: &mut Buffer) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    let r = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    Clear.render(r, buf);
    let block = Block::bordered()
        .border_set(super::ui::BORDER)
        .border_style(Style::new().fg(Color::Yellow))
        .title(Line::styled(
            format!(" {} ", text::clean(title)),
            Style::new().add_modifier(Modifier::BOLD),
        ));
    let inner = block.inner(r);
    block.render(r, buf);
    inner
}

/// Lines of text in a popup's inner area, each fit to its width.
/// A box of plain lines with a key hint under them: what messages and confirmations draw.
pub fn text_box(
    area: Rect,
    buf: &mut Buffer,
    title: &str,
    width: u16,
    body: &[String],
    hint: (&str, Style),
) {
    let mut lines: Vec<(String, Style)> = body.iter().map(|l| (l.clone(), Style::new())).collect();
    lines.push((String::new(), Style::new()));
    lines.push((hint.0.to_string(), hint.1));
    let inner = frame(area, width, lines.len() as u16 + 2, title, buf);
    put_lines(inner, buf, &lines);
}

pub fn put_lines(inner: Rect, buf: &mut Buffer, lines: &[(String, Style)]) {
    for (i, (s, style)) in lines.iter().enumerate().take(inner.height as usize) {
        buf.set_line(
            inner.x,
            inner.y + i as u16,
            &Line::styled(text::cell(s, inner.width as usize), *style),
            inner.width,
        );
    }
}
