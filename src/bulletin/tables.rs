//! The bulletin's tabular sections as plain cells — the largest losses, what to freeze
//! or block, the scripts — so that the Markdown and HTML writers lay out one list of
//! columns and rows each instead of restating them (each escapes for its format).

use super::{Bulletin, request, yuan};
use crate::text::count;

/// A column's title, and whether its cells are figures (right-aligned).
pub type Column = (&'static str, bool);

/// One section's table: columns and rows of unescaped cell text.
pub struct Table {
    pub columns: &'static [Column],
    pub rows: Vec<Vec<String>>,
}

/// The largest losses of the period (victims already masked in the bulletin).
pub fn largest(b: &Bulletin) -> Table {
    const COLUMNS: &[Column] = &[
        ("Report", false),
        ("Date", false),
        ("Scam type", false),
        ("Loss (yuan)", true),
        ("Victim", false),
        ("Victim phone", false),
        ("Group", false),
    ];
    let rows = b
        .largest
        .iter()
        .map(|l| {
            vec![
                l.report_no.clone(),
                l.day.clone(),
                l.code.official_name().to_string(),
                yuan(l.amount_fen),
                l.victim_name.clone(),
                l.victim_phone.clone(),
                l.group_id.clone().unwrap_or_default(),
            ]
        })
        .collect();
    Table {
        columns: COLUMNS,
        rows,
    }
}

/// The accounts to freeze and numbers to block first seen this period.
pub fn hubs(b: &Bulletin) -> Table {
    const COLUMNS: &[Column] = &[
        ("Request", false),
        ("Kind", false),
        ("Identifier", false),
        ("Cases", true),
        ("Groups", true),
        ("Loss (yuan)", true),
        ("First seen", false),
        ("Last seen", false),
    ];
    let rows = b
        .hubs
        .iter()
        .map(|h| {
            vec![
                request(&h.kind).to_string(),
                h.kind.clone(),
                h.value.clone(),
                count(h.cases),
                count(h.groups),
                yuan(h.loss_fen),
                h.first_seen.clone(),
                h.last_seen.clone(),
            ]
        })
        .collect();
    Table {
        columns: COLUMNS,
        rows,
    }
}

/// The distinctive phrases of the period's narratives.
pub fn phrases(b: &Bulletin) -> Table {
    const COLUMNS: &[Column] = &[
        ("Phrase", false),
        ("Cases now", true),
        ("Cases in the 4 periods before", true),
    ];
    let rows = b
        .phrases
        .iter()
        .map(|p| vec![p.text.clone(), count(p.cases), count(p.earlier_cases)])
        .collect();
    Table {
        columns: COLUMNS,
        rows,
    }
}
