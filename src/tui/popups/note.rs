//! Writing a note on a case, a group or an identifier: one line of text, stored with
//! who and when on Enter (never on an empty line); Esc leaves nothing behind.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};

use super::{Outcome, Run, frame, put_lines};
use crate::tui::components::input::Input;
use casebench::casework::Named;

pub struct NotePopup {
    pub target: Named,
    /// What the note is on, as the popup names it (`case A1`, `group G-A1`).
    pub label: String,
    pub text: Input,
    pub complaint: Option<String>,
}

impl NotePopup {
    pub fn new(target: Named, label: String) -> NotePopup {
        NotePopup {
            target,
            label,
            text: Input::default(),
            complaint: None,
        }
    }

    pub fn key(&mut self, ev: &KeyEvent) -> Outcome {
        match ev.code {
            KeyCode::Esc => Outcome::Close,
            KeyCode::Enter => {
                let text = self.text.text().trim();
                if text.is_empty() {
                    self.complaint = Some("the note is empty".into());
                    return Outcome::Keep;
                }
                Outcome::Run(Run::Note {
                    target: self.target.clone(),
                    label: self.label.clone(),
                    text: text.to_string(),
                })
            }
            _ => {
                if self.text.key(ev).1 {
                    self.complaint = None;
                }
                Outcome::Keep
            }
        }
    }

    /// Draws; returns the cursor position in the text field.
    pub fn render(&self, area: Rect, buf: &mut Buffer) -> (u16, u16) {
        let lines = vec![
            (
                format!("Note on {}", self.label),
                Style::new().add_modifier(Modifier::BOLD),
            ),
            (
                "kept with who and when; an edit (casebench note --edit) keeps this one"
                    .to_string(),
                Style::new(),
            ),
            (
                format!("> {}", self.text.text()),
                Style::new().fg(Color::Yellow),
            ),
            (
                self.complaint.clone().unwrap_or_default(),
                Style::new().fg(Color::Red),
            ),
            (
                "Enter: save    Esc: cancel".to_string(),
                Style::new().add_modifier(Modifier::DIM),
            ),
        ];
        let inner = frame(area, 76, lines.len() as u16 + 2, "Note", buf);
        put_lines(inner, buf, &lines);
        let x = inner.x + 2 + self.text.cursor_cells() as u16;
        (x.min(inner.right().saturating_sub(1)), inner.y + 2)
    }
}
