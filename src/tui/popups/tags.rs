//! The tags of a case, a group or an identifier: the list (`db/tags.txt` or the copy
//! beside the database) with a box each; space or Enter sets or takes off the
//! selected one at once (on a worker), and the popup stays for the next; Esc closes.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};

use super::{Outcome, Run, frame, put_lines};
use casebench::casework::Named;

pub struct TagPopup {
    pub target: Named,
    /// What the tags are on, as the popup names it.
    pub label: String,
    /// Each tag of the list, what it means, and whether the target carries it.
    pub tags: Vec<(String, String, bool)>,
    pub selected: usize,
}

impl TagPopup {
    pub fn key(&mut self, ev: &KeyEvent) -> Outcome {
        match ev.code {
            KeyCode::Esc | KeyCode::Char('q') | KeyCode::Char('t') => Outcome::Close,
            KeyCode::Down | KeyCode::Char('j') => {
                if self.selected + 1 < self.tags.len() {
                    self.selected += 1;
                }
                Outcome::Keep
            }
            KeyCode::Up | KeyCode::Char('k') => {
                self.selected = self.selected.saturating_sub(1);
                Outcome::Keep
            }
            KeyCode::Char(' ') | KeyCode::Enter => {
                let Some((tag, _, on)) = self.tags.get_mut(self.selected) else {
                    return Outcome::Keep;
                };
                // Shown as it will be; a refusal comes back as a message.
                let undo = *on;
                *on = !*on;
                Outcome::Also(Run::Tag {
                    target: self.target.clone(),
                    label: self.label.clone(),
                    tag: tag.clone(),
                    undo,
                })
            }
            _ => Outcome::Keep,
        }
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer) {
        let mut lines = vec![(
            format!("Tags of {}", self.label),
            Style::new().add_modifier(Modifier::BOLD),
        )];
        for (i, (tag, meaning, on)) in self.tags.iter().enumerate() {
            let style = match (i == self.selected, on) {
                (true, _) => Style::new().add_modifier(Modifier::REVERSED),
                (false, true) => Style::new().fg(Color::Green),
                (false, false) => Style::new(),
            };
            let mark = if *on { "[x]" } else { "[ ]" };
            lines.push((format!("{mark} {tag}  {meaning}"), style));
        }
        lines.push((String::new(), Style::new()));
        lines.push((
            "space/Enter: set or take off    Esc: close".to_string(),
            Style::new().add_modifier(Modifier::DIM),
        ));
        let inner = frame(area, 60, lines.len() as u16 + 2, "Tags", buf);
        put_lines(inner, buf, &lines);
    }
}
