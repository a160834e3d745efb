//! The help overlay: every key of the current screen, read from the key table.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};

use super::{frame, put_lines};
use crate::tui::keys::{self, Action};
use crate::tui::screens::Tab;

pub fn render(tab: Tab, area: Rect, buf: &mut Buffer) {
    let mut lines: Vec<(String, Style)> = Vec::new();
    for b in keys::for_tab(tab) {
        // The six screen keys make one line.
        match b.action {
            Action::Tab(Tab::Cases) => {
                let names: Vec<&str> = Tab::ALL.iter().map(|t| t.title()).collect();
                lines.push((format!("{:<8} {}", "1-6", names.join(", ")), Style::new()));
            }
            Action::Tab(_) => {}
            _ => lines.push((format!("{:<8} {}", b.label, b.help), Style::new())),
        }
    }
    lines.push((String::new(), Style::new()));
    lines.push((
        "any key closes this help".to_string(),
        Style::new().add_modifier(Modifier::DIM),
    ));
    let height = lines.len() as u16 + 2;
    let inner = frame(area, 76, height, &format!("Keys: {}", tab.title()), buf);
    put_lines(inner, buf, &lines);
}
