//! A list's sort as the screen keeps it: which column, which way. `s` moves to the
//! next sortable column (in its natural direction: numbers and dates largest first,
//! text A to Z), `S` reverses. The sorted column's header carries an arrow (`v`
//! largest/newest first, `^` smallest/oldest first); the titles with arrows are
//! written out at compile time by [`arrows!`], since a column's title is `'static`.

use std::cmp::Ordering;

use super::table::Column;

/// Titles of a table with their arrows: `(ascending, descending)` per column.
macro_rules! arrows {
    ($($title:literal),* $(,)?) => {
        [$((concat!($title, " ^"), concat!($title, " v"))),*]
    };
}
pub(crate) use arrows;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    /// The index of the sorted column in the screen's table.
    pub column: usize,
    /// Largest, newest or last first.
    pub descending: bool,
}

impl Sort {
    pub const fn new(column: usize, descending: bool) -> Sort {
        Sort { column, descending }
    }

    /// The next column of `sortable` (indices with their natural direction), after
    /// this one; from the first when this one is not in the list.
    pub fn next(self, sortable: &[(usize, bool)]) -> Sort {
        let at = sortable.iter().position(|&(c, _)| c == self.column);
        let next = at.map_or(0, |i| (i + 1) % sortable.len().max(1));
        match sortable.get(next) {
            Some(&(column, descending)) => Sort { column, descending },
            None => self,
        }
    }

    pub fn reversed(self) -> Sort {
        Sort {
            descending: !self.descending,
            ..self
        }
    }

    /// `ordering` of two rows by the column ascending, turned the way of the sort.
    pub fn apply(self, ordering: Ordering) -> Ordering {
        if self.descending {
            ordering.reverse()
        } else {
            ordering
        }
    }

    /// `columns` with the sorted one's title carrying its arrow.
    pub fn headed<const N: usize>(
        self,
        columns: &[Column; N],
        titles: &[(&'static str, &'static str); N],
    ) -> [Column; N] {
        // The titles are written twice (the arrows need literals): they must agree.
        debug_assert!(
            columns
                .iter()
                .zip(titles)
                .all(|(c, (up, down))| up.strip_suffix(" ^") == Some(c.title)
                    && down.strip_suffix(" v") == Some(c.title)),
            "a column's title and its sort titles differ"
        );
        let mut out = *columns;
        if let (Some(c), Some(&(up, down))) = (out.get_mut(self.column), titles.get(self.column)) {
            c.title = if self.descending { down } else { up };
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SORTABLE: [(usize, bool); 3] = [(0, true), (2, true), (3, false)];

    #[test]
    fn next_cycles_the_sortable_columns_in_their_natural_direction() {
        let s = Sort::new(0, false);
        assert_eq!(s.next(&SORTABLE), Sort::new(2, true));
        assert_eq!(s.next(&SORTABLE).next(&SORTABLE), Sort::new(3, false));
        assert_eq!(Sort::new(3, true).next(&SORTABLE), Sort::new(0, true));
        // A column that is not sortable starts the cycle again.
        assert_eq!(Sort::new(1, true).next(&SORTABLE), Sort::new(0, true));
    }

    #[test]
    fn the_sorted_header_carries_its_arrow() {
        let columns = [Column::fixed("A", 3), Column::number("B", 3)];
        let titles = arrows!("A", "B");
        let headed = Sort::new(1, true).headed(&columns, &titles);
        assert_eq!((headed[0].title, headed[1].title), ("A", "B v"));
        let headed = Sort::new(1, true).reversed().headed(&columns, &titles);
        assert_eq!(headed[1].title, "B ^");
    }
}
