//! What a results page shows, read back from SQLite for the page's cases only (the
//! index keeps no display data): the case table's line ([`views::case_lines`], the
//! same rows the workbench lists), the victim's data for masking the script, and
//! where the query matched as highlight marks. One reader for the CLI's listing, the
//! workbench's page and its export.

use std::collections::HashMap;

use rusqlite::{OptionalExtension, params};

use super::engine::{Hit, MatchedField};
use crate::Result;
use crate::store::Store;
use crate::store::views::{self, CaseLine};

/// One result as listings and the TUI show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HitRow {
    pub case_id: i64,
    /// The case table's line: report number, date, amount, type, callers (as stored
    /// and as listed, flagged), accounts, group, script as stored (match positions
    /// index its characters).
    pub line: CaseLine,
    /// The victim's name and phone as written: for masking them where the script
    /// repeats them.
    pub victim_name: String,
    pub victim_phone: String,
    /// Where the query matched, for highlighting.
    pub marks: Vec<Mark>,
}

/// What a search matched, for highlighting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mark {
    /// This text, wherever it shows (case-insensitively).
    Text(String),
    /// Character positions in one field's text (or in one identifier value of it).
    At {
        field: HitField,
        value: Option<String>,
        positions: Vec<u32>,
    },
}

/// The columns of a listed case a mark may fall in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HitField {
    ReportNo,
    Caller,
    Account,
    ScamType,
    Script,
}

/// The rows of `hits`, in their order. A case deleted since the search ran is left
/// out.
pub fn hit_rows(store: &Store, hits: &[Hit]) -> Result<Vec<HitRow>> {
    let conn = store.connection();
    let ids: Vec<i64> = hits.iter().map(|h| h.case_id).collect();
    let mut lines: HashMap<i64, CaseLine> = views::case_lines(conn, &ids)?
        .into_iter()
        .map(|l| (l.id, l))
        .collect();
    let mut victim =
        conn.prepare_cached("SELECT victim_name, victim_phone FROM cases WHERE id = ?1")?;
    let mut out = Vec::with_capacity(hits.len());
    for hit in hits {
        let Some(line) = lines.remove(&hit.case_id) else {
            continue;
        };
        let (victim_name, victim_phone) = victim
            .query_row(params![hit.case_id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?
            .unwrap_or_default();
        out.push(HitRow {
            case_id: hit.case_id,
            line,
            victim_name,
            victim_phone,
            marks: marks(hit),
        });
    }
    Ok(out)
}

/// The engine's matched positions as highlight marks on the columns listed.
pub fn marks(hit: &Hit) -> Vec<Mark> {
    let mut out = Vec::new();
    for m in &hit.matches {
        let fields: &[HitField] = match m.field {
            MatchedField::Caller => &[HitField::Caller],
            MatchedField::Account => &[HitField::Account],
            // Found in the narrative: shown in whichever column lists it.
            MatchedField::NarrativeIdentifier => &[HitField::Caller, HitField::Account],
            MatchedField::Script => &[HitField::Script],
            MatchedField::ScamType => &[HitField::ScamType],
            MatchedField::ReportNo => &[HitField::ReportNo],
            _ => &[],
        };
        for &field in fields {
            out.push(Mark::At {
                field,
                value: if m.field.is_identifier() {
                    m.identifier.clone()
                } else {
                    None
                },
                positions: m.positions.clone(),
            });
        }
    }
    out
}
