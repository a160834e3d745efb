//! Read queries behind the listings. They return plain rows; the front ends turn them
//! into tables, CSV or JSON through `export`.

use rusqlite::OptionalExtension;

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
    /// The scam-type column as written.
    pub scam_type: String,
    pub scam_type_code: crate::scamtype::Code,
    pub scam_type_source: crate::scamtype::Source,
    pub caller_numbers: Vec<String>,
    pub receiving_accounts: Vec<String>,
    pub contact_ids: Vec<String>,
    pub victim_name: String,
    pub victim_phone: String,
    pub batch_id: i64,
    pub warnings: Vec<String>,
    /// Its linked-case group, if any.
    pub group_id: Option<String>,
    pub script: String,
}

#[derive(Debug, Clone, Default)]
pub struct CaseFilter {
    pub batch: Option<i64>,
    /// `YYYY-MM-DD`: cases reported on or after it.
    pub since: Option<String>,
    /// `YYYY-MM-DD`: cases reported on or before it (that whole day).
    pub until: Option<String>,
    /// Loss bounds in fen, inclusive (a case whose amount did not parse passes none).
    pub min_amount_fen: Option<i64>,
    pub max_amount_fen: Option<i64>,
    /// Only cases of this scam type.
    pub scam_type: Option<crate::scamtype::Code>,
    /// Only cases that carry this tag, themselves or through their group (casework).
    pub tag: Option<String>,
}

/// The cases a [`CaseFilter`] keeps (over `c` cases, bound by
/// [`CaseFilter::params`]), newest first: the `cases` listing's order.
pub(crate) fn cases_where(filter: &CaseFilter) -> String {
    format!(
        "WHERE (?1 IS NULL OR c.batch_id = ?1)
            AND {}
            AND (?3 IS NULL OR c.scam_type_code = ?3)
            AND {}
            AND (?5 IS NULL OR c.amount_fen >= ?5)
            AND (?6 IS NULL OR c.amount_fen <= ?6)
            AND (?7 IS NULL OR c.id IN (SELECT t.case_id FROM case_tags t WHERE t.tag = ?7))
          ORDER BY c.reported_at DESC NULLS LAST, c.report_no DESC",
        // A date bound written as a plain range when given: SQLite then reads only
        // that stretch of `cases_reported_at` (`?2 IS NULL OR …` made it walk the
        // whole index, a million entries, for a week's cases). Constants only.
        if filter.since.is_some() {
            "c.reported_at >= ?2"
        } else {
            "?2 IS NULL"
        },
        if filter.until.is_some() {
            "c.reported_at < ?4 || 'T'"
        } else {
            "?4 IS NULL"
        },
    )
}

impl CaseFilter {
    /// The values [`cases_where`] binds.
    pub(crate) fn params(&self) -> impl rusqlite::Params + '_ {
        (
            self.batch,
            self.since.as_deref(),
            self.scam_type.map(crate::scamtype::Code::id),
            self.until.as_deref(),
            self.min_amount_fen,
            self.max_amount_fen,
            self.tag.as_deref(),
        )
    }
}

/// Separates the values of a multi-value column inside SQL results.
pub(crate) const SEP: &str = "\u{1e}";

/// An identifier's value (over `i` identifiers) as listings show it: marked where it
/// is a fraud signal, after the value so that match positions in it still hold.
pub(crate) const FLAGGED_VALUE: &str = "i.value || CASE
     WHEN i.official = 1 THEN ' (official: spoofed)'
     WHEN i.flags & 1 = 1 THEN ' (virtual)'
     ELSE '' END";

/// The values of a multi-value column, as joined with [`SEP`] in SQL.
pub(crate) fn split(joined: Option<String>) -> Vec<String> {
    joined
        .map(|s| s.split(SEP).map(str::to_string).collect())
        .unwrap_or_default()
}

/// The three identifier columns of the listings.
#[derive(Debug, Clone, Copy)]
pub(crate) enum IdColumn {
    Caller,
    Account,
    Contact,
}

/// SQL for one identifier column of case `c`: the scammer-side identifiers of the
/// column's role, from the columns and from the narrative, and the partial numbers
/// written in that column; marked where they are a fraud signal: a spoofed official
/// number, a virtual-operator number. Only constants are formatted in.
pub(crate) fn identifier_column(column: IdColumn) -> String {
    let (role, origin) = match column {
        IdColumn::Caller => ("caller", "caller_number"),
        IdColumn::Account => ("account", "receiving_account"),
        IdColumn::Contact => ("contact", "contact_ids"),
    };
    format!(
        "(SELECT group_concat({FLAGGED_VALUE}, '{SEP}')
            FROM case_identifiers ci JOIN identifiers i ON i.id = ci.identifier_id
           WHERE ci.case_id = c.id
             AND (ci.role = '{role}' OR (ci.role = 'partial' AND ci.origin = '{origin}')))"
    )
}

/// The cases, newest first, handed one at a time to `each` (a million fit no Vec).
pub fn cases(
    store: &Store,
    filter: &CaseFilter,
    each: &mut dyn FnMut(CaseRow) -> Result<()>,
) -> Result<()> {
    let sql = format!(
        "SELECT c.report_no, COALESCE(c.reported_at, c.reported_at_raw), c.amount_fen,
                c.amount_raw, c.scam_type, {}, {}, {}, c.victim_name, c.victim_phone,
                c.batch_id,
                (SELECT group_concat(w.field || ': ' || w.message, '{SEP}')
                   FROM warnings w WHERE w.case_id = c.id),
                c.scam_type_code, c.scam_type_source,
                (SELECT g.group_id FROM case_groups g WHERE g.case_id = c.id), c.script
           FROM cases c {}",
        identifier_column(IdColumn::Caller),
        identifier_column(IdColumn::Account),
        identifier_column(IdColumn::Contact),
        cases_where(filter),
    );
    let mut stmt = store.conn.prepare(&sql)?;
    let mut rows = stmt.query(filter.params())?;
    while let Some(r) = rows.next()? {
        let list = |i: usize| -> rusqlite::Result<Vec<String>> { Ok(split(r.get(i)?)) };
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
            scam_type_code: crate::scamtype::Code::from_id(r.get(12)?),
            scam_type_source: crate::scamtype::Source::from_id(r.get(13)?),
            group_id: r.get(14)?,
            script: r.get(15)?,
        })?;
    }
    Ok(())
}

/// One identifier of a case as its detail shows it: whose it is and where it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseIdentifierRow {
    pub kind: String,
    /// Canonical value.
    pub value: String,
    /// As written in this case.
    pub display: String,
    /// caller, account, contact, victim_phone, partial, victim_own, mentioned.
    pub role: String,
    /// other, victim or mentioned.
    pub side: String,
    /// The column it came from, or `script` for the narrative.
    pub origin: String,
    /// The narrative's words around it (empty for a column).
    pub excerpt: String,
    pub official: bool,
    pub ignored: bool,
}

/// A case's identifiers, and the victim's name (for masking the excerpts).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseIdentifiers {
    pub report_no: String,
    pub victim_name: String,
    pub rows: Vec<CaseIdentifierRow>,
}

/// The identifiers of the case with this report_no (None: no such case): the other
/// side's first, then mentioned, then the victim's own; columns before the narrative.
pub fn case_identifiers(store: &Store, report_no: &str) -> Result<Option<CaseIdentifiers>> {
    let conn = &store.conn;
    let case: Option<(i64, String, String)> = conn
        .query_row(
            "SELECT id, report_no, victim_name FROM cases WHERE report_no = ?1",
            [report_no.trim()],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((case_id, report_no, victim_name)) = case else {
        return Ok(None);
    };
    let mut stmt = conn.prepare(
        "SELECT i.kind, i.value, ci.display, ci.role, ci.side, ci.origin,
                COALESCE(ci.excerpt, ''), i.official, i.ignored
           FROM case_identifiers ci JOIN identifiers i ON i.id = ci.identifier_id
          WHERE ci.case_id = ?1
          ORDER BY CASE ci.side WHEN 'other' THEN 0 WHEN 'mentioned' THEN 1 ELSE 2 END,
                   ci.origin = 'script', i.kind, i.value",
    )?;
    let rows = stmt.query_map([case_id], |r| {
        Ok(CaseIdentifierRow {
            kind: r.get(0)?,
            value: r.get(1)?,
            display: r.get(2)?,
            role: r.get(3)?,
            side: r.get(4)?,
            origin: r.get(5)?,
            excerpt: r.get(6)?,
            official: r.get::<_, i64>(7)? != 0,
            ignored: r.get::<_, i64>(8)? != 0,
        })
    })?;
    Ok(Some(CaseIdentifiers {
        report_no,
        victim_name,
        rows: rows.collect::<rusqlite::Result<_>>()?,
    }))
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
    /// Rows that were a new version of a case from an earlier batch.
    pub updated: i64,
    pub duplicate: i64,
    pub rejected: i64,
    pub warnings: i64,
    /// A workbook's sheets, in its order; none for a CSV file.
    pub sheets: Vec<BatchSheet>,
}

/// A sheet of a workbook batch: read (with its rows) or not (no header row that maps).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchSheet {
    pub name: String,
    /// None: not read.
    pub rows_read: Option<i64>,
}

pub fn batches(store: &Store) -> Result<Vec<BatchRow>> {
    let mut stmt = store.conn.prepare(
        "SELECT id, file_name, sha256, encoding, imported_at, rows_read, imported, duplicate,
                rejected, warnings, updated
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
            updated: r.get(10)?,
            sheets: Vec::new(),
        })
    })?;
    let mut batches: Vec<BatchRow> = rows.collect::<rusqlite::Result<_>>()?;
    // Few batches are workbooks: their sheets in one pass, not a query a batch.
    let mut sheets = store.conn.prepare(
        "SELECT batch_id, name, rows_read FROM batch_sheets ORDER BY batch_id, position",
    )?;
    let mut sheets = sheets.query([])?;
    while let Some(r) = sheets.next()? {
        let batch_id: i64 = r.get(0)?;
        // Batches are in id order: found by binary search.
        if let Ok(at) = batches.binary_search_by_key(&batch_id, |b| b.batch_id) {
            batches[at].sheets.push(BatchSheet {
                name: r.get(1)?,
                rows_read: r.get(2)?,
            });
        }
    }
    Ok(batches)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RejectedRow {
    pub batch_id: i64,
    pub file: String,
    /// The workbook sheet the row is on (its line is the sheet's row); None for CSV.
    pub sheet: Option<String>,
    pub line: i64,
    pub reason: String,
    pub raw: String,
}

impl RejectedRow {
    /// Where the row is: `line 12`, or `sheet "案件" row 12` in a workbook.
    pub fn place(&self) -> String {
        match &self.sheet {
            Some(sheet) => format!("sheet {sheet:?} row {}", self.line),
            None => format!("line {}", self.line),
        }
    }
}

/// Rejected rows of one batch, or of all when `batch` is None.
pub fn rejected(store: &Store, batch: Option<i64>) -> Result<Vec<RejectedRow>> {
    let mut stmt = store.conn.prepare(
        "SELECT r.batch_id, b.file_name, r.sheet, r.line, r.reason, r.raw
           FROM rejected_rows r JOIN batches b ON b.id = r.batch_id
          WHERE (?1 IS NULL OR r.batch_id = ?1)
          ORDER BY r.batch_id, r.id",
    )?;
    let rows = stmt.query_map([batch], |r| {
        Ok(RejectedRow {
            batch_id: r.get(0)?,
            file: r.get(1)?,
            sheet: r.get(2)?,
            line: r.get(3)?,
            reason: r.get(4)?,
            raw: r.get(5)?,
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

/// Whether batch `id` was imported.
pub fn batch_exists(conn: &rusqlite::Connection, id: i64) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM batches WHERE id = ?1)",
        [id],
        |r| r.get(0),
    )?)
}
