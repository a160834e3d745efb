//! Read queries behind the listings. They return plain rows; the front ends turn them
//! into tables, CSV or JSON through `export`.

use rusqlite::params;

use super::Store;
use crate::Result;

/// One case as the `cases` listing shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseRow {
    pub report_no: String,
    /// Normalised when it parsed, else the text as written.
    pub reported_at: String,
    pub amount_fen: Option<i64>,
    pub amount_raw: String,
    pub scam_type: String,
    pub caller_numbers: Vec<String>,
    pub receiving_accounts: Vec<String>,
    pub contact_ids: Vec<String>,
    pub victim_name: String,
    pub victim_phone: String,
    pub batch_id: i64,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct CaseFilter {
    pub batch: Option<i64>,
    /// `YYYY-MM-DD`: cases reported on or after it.
    pub since: Option<String>,
}

const SEP: &str = "\u{1e}";

/// The cases, newest first, handed one at a time to `each` (a million fit no Vec).
pub fn cases(
    store: &Store,
    filter: &CaseFilter,
    each: &mut dyn FnMut(CaseRow) -> Result<()>,
) -> Result<()> {
    let ids = |origin: &str| {
        format!(
            "(SELECT group_concat(i.value, '{SEP}') FROM case_identifiers ci
                JOIN identifiers i ON i.id = ci.identifier_id
               WHERE ci.case_id = c.id AND ci.origin = '{origin}')"
        )
    };
    let sql = format!(
        "SELECT c.report_no, COALESCE(c.reported_at, c.reported_at_raw), c.amount_fen,
                c.amount_raw, c.scam_type, {}, {}, {}, c.victim_name, c.victim_phone,
                c.batch_id,
                (SELECT group_concat(w.field || ': ' || w.message, '{SEP}')
                   FROM warnings w WHERE w.case_id = c.id)
           FROM cases c
          WHERE (?1 IS NULL OR c.batch_id = ?1)
            AND (?2 IS NULL OR c.reported_at >= ?2)
          ORDER BY c.reported_at DESC NULLS LAST, c.report_no DESC",
        ids("caller_number"),
        ids("receiving_account"),
        ids("contact_ids"),
    );
    let mut stmt = store.conn.prepare(&sql)?;
    let mut rows = stmt.query(params![filter.batch, filter.since])?;
    while let Some(r) = rows.next()? {
        let list = |i: usize| -> rusqlite::Result<Vec<String>> {
            Ok(r.get::<_, Option<String>>(i)?
                .map(|s| s.split(SEP).map(str::to_string).collect())
                .unwrap_or_default())
        };
        each(CaseRow {
            report_no: r.get(0)?,
            reported_at: r.get(1)?,
            amount_fen: r.get(2)?,
            amount_raw: r.get(3)?,
            scam_type: r.get(4)?,
            caller_numbers: list(5)?,
            receiving_accounts: list(6)?,
            contact_ids: list(7)?,
            victim_name: r.get(8)?,
            victim_phone: r.get(9)?,
            batch_id: r.get(10)?,
            warnings: list(11)?,
        })?;
    }
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchRow {
    pub batch_id: i64,
    pub file: String,
    pub sha256: String,
    pub encoding: String,
    pub imported_at: String,
    pub read: i64,
    pub imported: i64,
    pub duplicate: i64,
    pub rejected: i64,
    pub warnings: i64,
}

pub fn batches(store: &Store) -> Result<Vec<BatchRow>> {
    let mut stmt = store.conn.prepare(
        "SELECT id, file_name, sha256, encoding, imported_at, rows_read, imported, duplicate,
                rejected, warnings
           FROM batches ORDER BY id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(BatchRow {
            batch_id: r.get(0)?,
            file: r.get(1)?,
            sha256: r.get(2)?,
            encoding: r.get(3)?,
            imported_at: r.get(4)?,
            read: r.get(5)?,
            imported: r.get(6)?,
            duplicate: r.get(7)?,
            rejected: r.get(8)?,
            warnings: r.get(9)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RejectedRow {
    pub batch_id: i64,
    pub file: String,
    pub line: i64,
    pub reason: String,
    pub raw: String,
}

/// Rejected rows of one batch, or of all when `batch` is None.
pub fn rejected(store: &Store, batch: Option<i64>) -> Result<Vec<RejectedRow>> {
    let mut stmt = store.conn.prepare(
        "SELECT r.batch_id, b.file_name, r.line, r.reason, r.raw
           FROM rejected_rows r JOIN batches b ON b.id = r.batch_id
          WHERE (?1 IS NULL OR r.batch_id = ?1)
          ORDER BY r.batch_id, r.line",
    )?;
    let rows = stmt.query_map([batch], |r| {
        Ok(RejectedRow {
            batch_id: r.get(0)?,
            file: r.get(1)?,
            line: r.get(2)?,
            reason: r.get(3)?,
            raw: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// How many cases the store holds.
pub fn case_count(store: &Store) -> Result<i64> {
    Ok(store
        .conn
        .query_row("SELECT COUNT(*) FROM cases", [], |r| r.get(0))?)
}
