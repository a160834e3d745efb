//! The help overlay: every key of the current screen, read from the key table.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};

use super::{frame, put_lines};
use crate::tui::keys;
use crate::tui::screens::Tab;

pub fn render(tab: Tab, area: Rect, buf: &mut Buffer) {
    let mut lines: Vec<(String, Style)> = keys::for_tab(tab)
        .map(|b| (format!("{:<8} {}", b.label, b.help), Style::new()))
        .collect();
    lines.push((String::new(), Style::new()));
    lines.push((
        "any key closes this help".to_string(),
        Style::new().add_modifier(Modifier::DIM),
    ));
    let height = lines.len() as u16 + 2;
    let inner = frame(area, 76, height, &format!("Keys: {}", tab.title()), buf);
    put_lines(inner, buf, &lines);
}
