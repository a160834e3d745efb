//! The help overlay: every key of the current screen, read from the key table. Long
//! lines wrap under their key; when the lines do not fit the window, j/k and the
//! page keys scroll them, and any other key closes the help.

use std::cell::Cell;

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};

use super::{Outcome, frame, put_lines};
use crate::tui::keys::{self, Action, Key};
use crate::tui::screens::Tab;
use crate::tui::text;
use casebench::export::display_width;

/// The widest the box gets.
const WIDTH: u16 = 76;
/// Cells for a key's label before its help.
const LABEL: usize = 9;

pub struct Help {
    pub tab: Tab,
    /// The first line shown.
    pub scroll: usize,
    /// How far it can scroll at the size last drawn (set when drawn).
    max_scroll: Cell<usize>,
}

impl Help {
    pub fn new(tab: Tab) -> Help {
        Help {
            tab,
            scroll: 0,
            max_scroll: Cell::new(0),
        }
    }

    pub fn key(&mut self, ev: &KeyEvent) -> Outcome {
        let max = self.max_scroll.get();
        let action = keys::lookup(self.tab, Key::from_event(ev));
        self.scroll = match (ev.code, action) {
            (_, Some(Action::Down)) => (self.scroll + 1).min(max),
            (_, Some(Action::Up)) => self.scroll.saturating_sub(1),
            (_, Some(Action::PageDown)) | (KeyCode::Char(' '), _) => (self.scroll + 10).min(max),
            (_, Some(Action::PageUp)) => self.scroll.saturating_sub(10),
            (_, Some(Action::Top)) => 0,
            (_, Some(Action::Bottom)) => max,
            _ => return Outcome::Close,
        };
        Outcome::Keep
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer) {
        // The box's inner width: the border and a cell either side.
        let inner_width = WIDTH.min(area.width).saturating_sub(2) as usize;
        let lines = lines(self.tab, inner_width);
        let room = area.height.saturating_sub(2) as usize;
        let fits = lines.len() + 2 <= room;
        let dim = Style::new().add_modifier(Modifier::DIM);
        let mut shown: Vec<(String, Style)>;
        if fits {
            shown = lines.into_iter().map(|l| (l, Style::new())).collect();
            shown.push((String::new(), Style::new()));
            shown.push(("any key closes this help".to_string(), dim));
            self.max_scroll.set(0);
        } else {
            // The last row says where we are and how to move.
            let body = room.saturating_sub(1).max(1);
            let max = lines.len().saturating_sub(body);
            self.max_scroll.set(max);
            let first = self.scroll.min(max);
            shown = lines
                .iter()
                .skip(first)
                .take(body)
                .map(|l| (l.clone(), Style::new()))
                .collect();
            shown.push((
                format!(
                    "lines {}-{} of {}: j/k, PgDn/PgUp scroll; any other key closes",
                    first + 1,
                    (first + body).min(lines.len()),
                    lines.len()
                ),
                dim,
            ));
        }
        let inner = frame(
            area,
            WIDTH,
            shown.len() as u16 + 2,
            &format!("Keys: {}", self.tab.title()),
            buf,
        );
        put_lines(inner, buf, &shown);
    }
}

/// The help's lines at `width` cells: each key's help wrapped under it.
pub fn lines(tab: Tab, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut push = |label: &str, help: &str| {
        let wrapped = wrap_words(help, width.saturating_sub(LABEL).max(10));
        for (i, l) in wrapped.iter().enumerate() {
            let key = if i == 0 { label } else { "" };
            out.push(format!("{key:<w$}{l}", w = LABEL));
        }
    };
    for b in keys::for_tab(tab) {
        // The screen keys make one line.
        match b.action {
            Action::Tab(Tab::Cases) => {
                let names: Vec<&str> = Tab::ALL.iter().map(|t| t.title()).collect();
                push(&format!("1-{}", Tab::ALL.len()), &names.join(", "));
            }
            Action::Tab(_) => {}
            _ => push(b.label, b.help),
        }
    }
    out
}

/// `s` in lines of at most `width` cells, broken between words where it can be (a
/// word longer than a line is broken by characters).
fn wrap_words(s: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in s.split(' ') {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if display_width(&candidate) <= width {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        if display_width(word) <= width {
            line = word.to_string();
        } else {
            let mut parts = text::wrap(word, width);
            line = parts.pop().unwrap_or_default();
            lines.extend(parts);
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_wraps_between_words() {
        assert_eq!(
            wrap_words("ignore the selected identifier (x again)", 20),
            ["ignore the selected", "identifier (x again)"]
        );
        assert_eq!(wrap_words("abcdefghij", 4), ["abcd", "efgh", "ij"]);
    }
}
