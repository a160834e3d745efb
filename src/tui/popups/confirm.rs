//! A yes/no question that carries the action it confirms (after gitui's confirm
//! popup): `y` or Enter runs it, `n` or Esc drops it.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};

use super::{Outcome, Run, text_box};

pub struct Confirm {
    pub title: String,
    pub lines: Vec<String>,
    /// Taken when confirmed.
    pub on_yes: Option<Run>,
}

impl Confirm {
    pub fn key(&mut self, ev: &KeyEvent) -> Outcome {
        match ev.code {
            KeyCode::Char('y') | KeyCode::Enter => match self.on_yes.take() {
                Some(run) => Outcome::Run(run),
                None => Outcome::Close,
            },
            KeyCode::Char('n') | KeyCode::Esc => Outcome::Close,
            _ => Outcome::Keep,
        }
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer) {
        let hint = Style::new().add_modifier(Modifier::BOLD);
        text_box(
            area,
            buf,
            &self.title,
            70,
            &self.lines,
            ("y / Enter: yes    n / Esc: no", hint),
        );
    }
}
