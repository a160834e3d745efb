//! A selection in a list of `len` rows seen through a window of `height` rows: the
//! movement keys change it, and the window follows the selection. It holds positions
//! only, so the list behind it can be a million rows never loaded at once.

use crate::tui::keys::Action;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cursor {
    pub selected: usize,
    /// The first row in the window.
    pub offset: usize,
}

impl Cursor {
    /// Applies a movement action; false for any other action.
    pub fn apply(&mut self, action: Action, len: usize, height: usize) -> bool {
        let page = height.max(1);
        let last = len.saturating_sub(1);
        self.selected = match action {
            Action::Up => self.selected.saturating_sub(1),
            Action::Down => (self.selected + 1).min(last),
            Action::PageUp => {
                self.offset = self.offset.saturating_sub(page);
                self.selected.saturating_sub(page)
            }
            Action::PageDown => {
                self.offset = (self.offset + page).min(len.saturating_sub(page));
                (self.selected + page).min(last)
            }
            Action::Top => 0,
            Action::Bottom => last,
            _ => return false,
        };
        self.follow(len, height);
        true
    }

    /// Keeps the selection inside the list and the window around the selection.
    pub fn follow(&mut self, len: usize, height: usize) {
        let height = height.max(1);
        self.selected = self.selected.min(len.saturating_sub(1));
        if self.selected < self.offset {
            self.offset = self.selected;
        }
        if self.selected >= self.offset + height {
            self.offset = self.selected + 1 - height;
        }
        self.offset = self.offset.min(len.saturating_sub(height));
    }

    /// The selection's row within the window.
    pub fn row_in_window(&self) -> usize {
        self.selected.saturating_sub(self.offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_follows_selection() {
        let mut c = Cursor::default();
        for _ in 0..12 {
            c.apply(Action::Down, 100, 10);
        }
        assert_eq!((c.selected, c.offset), (12, 3));
        c.apply(Action::PageDown, 100, 10);
        assert_eq!((c.selected, c.offset), (22, 13));
        c.apply(Action::Bottom, 100, 10);
        assert_eq!((c.selected, c.offset), (99, 90));
        c.apply(Action::Top, 100, 10);
        assert_eq!((c.selected, c.offset), (0, 0));
        c.apply(Action::Up, 100, 10);
        assert_eq!((c.selected, c.offset), (0, 0));
    }

    #[test]
    fn a_million_rows_cost_nothing() {
        let mut c = Cursor::default();
        c.apply(Action::Bottom, 1_000_000, 30);
        assert_eq!((c.selected, c.offset), (999_999, 999_970));
        c.apply(Action::PageUp, 1_000_000, 30);
        assert_eq!(c.selected, 999_969);
    }

    #[test]
    fn empty_and_short_lists() {
        let mut c = Cursor::default();
        c.apply(Action::Down, 0, 10);
        assert_eq!((c.selected, c.offset), (0, 0));
        c.apply(Action::PageDown, 3, 10);
        assert_eq!((c.selected, c.offset), (2, 0));
    }
}
