//! A message in a box (an import's summary, an error): any key closes it.

use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};

use super::{Outcome, text_box};

pub struct Message {
    pub title: String,
    pub lines: Vec<String>,
}

pub fn any_key_closes(_ev: &KeyEvent) -> Outcome {
    Outcome::Close
}

impl Message {
    pub fn render(&self, area: Rect, buf: &mut Buffer) {
        let hint = Style::new().add_modifier(Modifier::DIM);
        text_box(
            area,
            buf,
            &self.title,
            100,
            &self.lines,
            ("any key closes this", hint),
        );
    }
}
