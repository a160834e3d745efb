//! One normaliser for import and for queries: phones, accounts, amounts, dates.
//!
//! The import reads every identifier cell through [`identifiers_in_cell`] and the search
//! reads every query term through [`parse_term`]; both go through the same scanner, so a
//! number typed in any format finds the value the import stored.
//!
//! - `digits`: NFKC and Chinese digits ([`fold`]), the first step everywhere.
//! - `phone`: E.164 and service numbers, with a guard against lost digits.
//! - `account`: bank cards, Alipay ids, resident IDs, e-wallet / e-mail accounts.
//! - `cell`: the scanner that finds identifiers in free text, by column and cue word.
//! - `narrative`: identifiers in the narrative, each with the side its cue words give.
//! - `narrative_scorer`: a learned scorer of that side, combined with the rules by mode.
//! - `amount`, `date`: yuan to fen, dates to ISO form.

mod account;
mod amount;
mod cell;
mod date;
mod digits;
mod hant;
pub mod narrative;
pub mod narrative_scorer;
mod phone;

use crate::model::{Field, Identifier};

pub use amount::amount_fen;
pub use date::date;
pub(crate) use digits::starts_ideograph;
pub use digits::{digit_of, fold};
pub use narrative::{NarrativeIdentifier, narrative_identifiers};

/// Every identifier in one cell of the given column (multi-value, annotated).
///
/// Values are returned once each, in the order they appear; `display` is the source
/// text each was read from. Text with no identifier gives an empty list.
pub fn identifiers_in_cell(cell: &str, field: Field) -> Vec<Identifier> {
    let mut ids = Vec::new();
    each_identifier_in_cell(cell, field, |id| ids.push(id));
    ids
}

/// As [`identifiers_in_cell`], handing each identifier to `f` instead of making a list
/// a cell (the import's rows); returns how many there were.
pub fn each_identifier_in_cell(cell: &str, field: Field, mut f: impl FnMut(Identifier)) -> usize {
    cell::with_scratch(|scratch| {
        cell::scan_into(cell, cell::Mode::Cell(field), scratch);
        let count = scratch.found.len();
        scratch.found.drain(..).for_each(|found| f(found.id));
        count
    })
}

/// A standalone term (a query word) read as an identifier, if it is one. Same code paths
/// as cells.
///
/// Only a term that is one whole identifier (and at most a cue word such as `QQ:`)
/// counts: plain words, bare digit runs that are no full number, and several values
/// give None, for the search layer to match as text or suffix.
pub fn parse_term(term: &str) -> Option<Identifier> {
    let (folded, mut found) = cell::scan(term, cell::Mode::Term);
    if found.len() != 1 {
        return None;
    }
    let f = found.pop()?;
    let outside = folded
        .chars
        .iter()
        .enumerate()
        .filter(|&(i, _)| i < f.cover_start || i >= f.end);
    if outside.clone().any(|(_, c)| c.is_alphanumeric()) {
        return None;
    }
    Some(f.id)
}

/// A phone number (any format below) to an Identifier of kind Phone (E.164) or Service
/// (as dialled).
///
/// The whole string must be the number: digits (ASCII, full-width or Chinese), spaces,
/// dashes, parentheses and a leading `+`. Text around a number is the cell scanner's job.
pub fn phone(s: &str) -> Option<Identifier> {
    let folded = fold(s);
    let chars: Vec<char> = folded.trim().chars().collect();
    let parts = phone::NumParts::from_chars(&chars)?;
    let (kind, value, flags) = phone::from_parts(&parts)?;
    Some(Identifier {
        kind,
        value,
        display: s.trim().to_owned(),
        flags,
    })
}
