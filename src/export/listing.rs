//! The data every listing command produces: named columns and rows of typed cells.
//!
//! Commands build a [`Listing`]; the writers in this module turn it into a table, CSV
//! or JSON. Cells stay typed (integer, money in fen) so that each writer can render
//! them its own way — right-aligned in a table, exact numbers in JSON.

use std::borrow::Cow;

/// One value of a listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    /// Free text from the data or the program.
    Text(String),
    /// A count, a rank, a size.
    Int(i64),
    /// Money in fen, rendered as yuan with two decimals (`1200050` → `12000.50`);
    /// `None` (an amount that did not parse, or none given) renders empty.
    Yuan(Option<i64>),
    /// A date or date-time as the store normalises them (`2026-11-02`,
    /// `2026-11-02 14:35`): text in a table, CSV and JSON, a date in a spreadsheet.
    /// Text that is not such a date (one that did not parse) stays text there too.
    Date(String),
    /// No value: an empty table/CSV cell, `null` in JSON.
    Empty,
}

impl Cell {
    /// A text cell.
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    /// A text cell, or [`Cell::Empty`] for `None`.
    pub fn opt_text(s: Option<impl Into<String>>) -> Cell {
        s.map_or(Cell::Empty, |s| Cell::Text(s.into()))
    }

    /// True for cells that are numbers (right-aligned in a table).
    pub fn is_number(&self) -> bool {
        matches!(self, Cell::Int(_) | Cell::Yuan(Some(_)))
    }

    /// True for cells that render as nothing.
    pub fn is_empty(&self) -> bool {
        matches!(self, Cell::Empty | Cell::Yuan(None))
    }

    /// The cell as plain text, as a table or CSV shows it (before sanitising).
    pub fn as_text(&self) -> Cow<'_, str> {
        match self {
            Cell::Text(s) | Cell::Date(s) => Cow::Borrowed(s),
            Cell::Int(n) => Cow::Owned(n.to_string()),
            Cell::Yuan(Some(fen)) => Cow::Owned(format_yuan(*fen)),
            Cell::Yuan(None) | Cell::Empty => Cow::Borrowed(""),
        }
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Cell {
        Cell::Text(s)
    }
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell::Text(s.to_owned())
    }
}

impl From<i64> for Cell {
    fn from(n: i64) -> Cell {
        Cell::Int(n)
    }
}

impl From<Option<String>> for Cell {
    fn from(s: Option<String>) -> Cell {
        Cell::opt_text(s)
    }
}

pub use crate::text::format_yuan;

/// A listing: column names and rows. Every row has exactly one cell per column.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Listing {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

impl Listing {
    /// An empty listing with these columns.
    pub fn new<I, S>(columns: I) -> Listing
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Listing {
            columns: columns.into_iter().map(Into::into).collect(),
            rows: Vec::new(),
        }
    }

    /// Adds a row, made exactly as wide as the header: missing trailing cells become
    /// [`Cell::Empty`]; cells beyond the last column (a caller bug) are dropped so
    /// that every writer sees a rectangular listing.
    pub fn push_row<I, C>(&mut self, row: I)
    where
        I: IntoIterator<Item = C>,
        C: Into<Cell>,
    {
        let width = self.columns.len();
        let mut cells: Vec<Cell> = row.into_iter().take(width).map(Into::into).collect();
        cells.resize(width, Cell::Empty);
        self.rows.push(cells);
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// True when there are no rows (the header may still be there).
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yuan_is_formatted_exactly() {
        assert_eq!(format_yuan(1_200_050), "12000.50");
        assert_eq!(format_yuan(0), "0.00");
        assert_eq!(format_yuan(7), "0.07");
        assert_eq!(format_yuan(-5), "-0.05");
        assert_eq!(format_yuan(-1_250), "-12.50");
        assert_eq!(format_yuan(i64::MIN), "-92233720368547758.08");
        assert_eq!(format_yuan(i64::MAX), "92233720368547758.07");
    }

    #[test]
    fn cells_render_as_text() {
        assert_eq!(Cell::Int(-3).as_text(), "-3");
        assert_eq!(Cell::Yuan(Some(100)).as_text(), "1.00");
        assert_eq!(Cell::Yuan(None).as_text(), "");
        assert_eq!(Cell::Empty.as_text(), "");
        assert_eq!(Cell::text("金条").as_text(), "金条");
        assert!(Cell::Yuan(Some(1)).is_number());
        assert!(!Cell::Yuan(None).is_number());
        assert_eq!(Cell::from(None::<String>), Cell::Empty);
    }

    #[test]
    fn push_row_makes_rows_rectangular() {
        let mut l = Listing::new(["a", "b", "c"]);
        l.push_row([Cell::Int(1)]);
        l.push_row(["x", "y", "z", "extra"]);
        assert_eq!(l.rows[0], vec![Cell::Int(1), Cell::Empty, Cell::Empty]);
        assert_eq!(l.rows[1].len(), 3);
        assert_eq!(l.len(), 2);
    }
}
