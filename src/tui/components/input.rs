//! A one-line text input: the search box and the popups' fields. It takes printable
//! keys, Backspace/Delete, Left/Right/Home/End and Ctrl-U / Ctrl-W; anything else is
//! left to the caller.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use casebench::export::display_width;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Input {
    text: String,
    /// Cursor position in characters.
    cursor: usize,
}

impl Input {
    pub fn with_text(text: &str) -> Input {
        Input {
            text: text.to_string(),
            cursor: text.chars().count(),
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn set(&mut self, text: &str) {
        *self = Input::with_text(text);
    }

    pub fn clear(&mut self) {
        *self = Input::default();
    }

    /// Terminal cells before the cursor (where to draw it).
    pub fn cursor_cells(&self) -> usize {
        let byte = self.byte_at(self.cursor);
        display_width(&self.text[..byte])
    }

    fn byte_at(&self, chars: usize) -> usize {
        self.text
            .char_indices()
            .nth(chars)
            .map_or(self.text.len(), |(i, _)| i)
    }

    /// Handles an editing key. Returns whether the key was taken, and whether the
    /// text changed.
    pub fn key(&mut self, ev: &KeyEvent) -> (bool, bool) {
        let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        let len = self.text.chars().count();
        match ev.code {
            KeyCode::Char('u') if ctrl => {
                let changed = !self.text.is_empty();
                self.clear();
                (true, changed)
            }
            KeyCode::Char('w') if ctrl => {
                let end = self.byte_at(self.cursor);
                let head = self.text[..end].trim_end();
                let start = head.rfind(' ').map_or(0, |i| i + 1);
                let removed = self.text[start..end].chars().count();
                self.text.replace_range(start..end, "");
                self.cursor -= removed;
                (true, removed > 0)
            }
            KeyCode::Char(_) if ctrl => (false, false),
            KeyCode::Char(c) if !c.is_control() => {
                let at = self.byte_at(self.cursor);
                self.text.insert(at, c);
                self.cursor += 1;
                (true, true)
            }
            KeyCode::Backspace if self.cursor > 0 => {
                self.cursor -= 1;
                let at = self.byte_at(self.cursor);
                self.text.remove(at);
                (true, true)
            }
            KeyCode::Delete if self.cursor < len => {
                let at = self.byte_at(self.cursor);
                self.text.remove(at);
                (true, true)
            }
            KeyCode::Backspace | KeyCode::Delete => (true, false),
            KeyCode::Left => {
                self.cursor = self.cursor.saturating_sub(1);
                (true, false)
            }
            KeyCode::Right => {
                self.cursor = (self.cursor + 1).min(len);
                (true, false)
            }
            KeyCode::Home => {
                self.cursor = 0;
                (true, false)
            }
            KeyCode::End => {
                self.cursor = len;
                (true, false)
            }
            _ => (false, false),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(input: &mut Input, code: KeyCode) {
        input.key(&KeyEvent::new(code, KeyModifiers::NONE));
    }

    #[test]
    fn edits_in_the_middle_of_chinese_text() {
        let mut i = Input::with_text("金条");
        press(&mut i, KeyCode::Left);
        press(&mut i, KeyCode::Char('x'));
        assert_eq!(i.text(), "金x条");
        assert_eq!(i.cursor_cells(), 3);
        press(&mut i, KeyCode::Backspace);
        press(&mut i, KeyCode::Backspace);
        assert_eq!(i.text(), "条");
        press(&mut i, KeyCode::Backspace);
        assert_eq!(i.text(), "条");
    }

    #[test]
    fn ctrl_w_deletes_a_word() {
        let mut i = Input::with_text("京东 金条");
        i.key(&KeyEvent::new(KeyCode::Char('w'), KeyModifiers::CONTROL));
        assert_eq!(i.text(), "京东 ");
    }
}
