//! A message in a box (an import's summary, an error): any key closes it.

use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};

use super::{Outcome, frame, put_lines};

pub struct Message {
    pub title: String,
    pub lines: Vec<String>,
}

pub fn any_key_closes(_ev: &KeyEvent) -> Outcome {
    Outcome::Close
}

impl Message {
    pub fn render(&self, area: Rect, buf: &mut Buffer) {
        let mut lines: Vec<(String, Style)> = self
            .lines
            .iter()
            .map(|l| (l.clone(), Style::new()))
            .collect();
        lines.push((String::new(), Style::new()));
        lines.push((
            "any key closes this".to_string(),
            Style::new().add_modifier(Modifier::DIM),
        ));
        let inner = frame(area, 100, lines.len() as u16 + 2, &self.title, buf);
        put_lines(inner, buf, &lines);
    }
}
