//! One normaliser for import and for queries: phones, accounts, amounts, dates.
//! (Interface fixed; implementation in progress.)

use crate::model::{Field, Identifier};

/// Every identifier in one cell of the given column (multi-value, annotated).
pub fn identifiers_in_cell(_cell: &str, _field: Field) -> Vec<Identifier> {
    Vec::new()
}

/// A standalone term (a query word) read as an identifier, if it is one.
pub fn parse_term(_term: &str) -> Option<Identifier> {
    None
}

/// Yuan text to integer fen.
pub fn amount_fen(_s: &str) -> Option<i64> {
    None
}

/// A date or date-time to `YYYY-MM-DD` or `YYYY-MM-DD HH:MM`.
pub fn date(_s: &str) -> Option<String> {
    None
}
