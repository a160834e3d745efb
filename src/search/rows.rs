//! What a results page shows, read back from SQLite for the page's cases only: the
//! index keeps no display data (report numbers, amounts, identifier lists).

use rusqlite::{OptionalExtension, params};

use super::engine::Hit;
use super::ident::Slot;
use crate::Result;
use crate::store::Store;
use crate::store::queries::FLAGGED_VALUE;

/// One result as listings and the TUI show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HitRow {
    pub case_id: i64,
    pub report_no: String,
    /// Normalised when it parsed, else as written.
    pub reported_at: String,
    pub amount_fen: Option<i64>,
    pub amount_raw: String,
    pub scam_type: String,
    /// Canonical caller numbers (partial ones as stored).
    pub caller_numbers: Vec<String>,
    /// Canonical receiving accounts (partial ones as stored).
    pub receiving_accounts: Vec<String>,
    /// The narrative as stored (match positions index its characters).
    pub script: String,
    /// The victim's name and phone as written: for masking them where the script
    /// repeats them.
    pub victim_name: String,
    pub victim_phone: String,
}

/// The rows of `hits`, in their order. A case deleted since the index was built is
/// left out.
pub fn hit_rows(store: &Store, hits: &[Hit]) -> Result<Vec<HitRow>> {
    let conn = store.connection();
    let mut case = conn.prepare(
        "SELECT report_no, COALESCE(reported_at, reported_at_raw), amount_fen, amount_raw,
                scam_type, script, victim_name, victim_phone
           FROM cases WHERE id = ?1",
    )?;
    let mut ids = conn.prepare(&format!(
        "SELECT ci.role, ci.origin, {FLAGGED_VALUE}
           FROM case_identifiers ci JOIN identifiers i ON i.id = ci.identifier_id
          WHERE ci.case_id = ?1
          ORDER BY i.id"
    ))?;
    let mut out = Vec::with_capacity(hits.len());
    for hit in hits {
        let row = case
            .query_row(params![hit.case_id], |r| {
                Ok(HitRow {
                    case_id: hit.case_id,
                    report_no: r.get(0)?,
                    reported_at: r.get(1)?,
                    amount_fen: r.get(2)?,
                    amount_raw: r.get(3)?,
                    scam_type: r.get(4)?,
                    caller_numbers: Vec::new(),
                    receiving_accounts: Vec::new(),
                    script: r.get(5)?,
                    victim_name: r.get(6)?,
                    victim_phone: r.get(7)?,
                })
            })
            .optional()?;
        let Some(mut row) = row else { continue };
        let mut rows = ids.query(params![hit.case_id])?;
        while let Some(r) = rows.next()? {
            let slot = Slot::from_row(
                r.get_ref(0)?.as_str().unwrap_or(""),
                r.get_ref(1)?.as_str().unwrap_or(""),
            );
            let list = match slot {
                Slot::Caller => &mut row.caller_numbers,
                Slot::Account => &mut row.receiving_accounts,
                _ => continue,
            };
            let value: String = r.get(2)?;
            if !list.contains(&value) {
                list.push(value);
            }
        }
        out.push(row);
    }
    Ok(out)
}
