//! A case's row as it stood in its file, rebuilt from what the store keeps: the
//! batch's header (`batch_columns`: names in order, and the field each column was read
//! as), the case's raw fields and its unknown columns (`extra`). A row those cannot
//! give back cell for cell (a padded cell, a short or long row, two columns feeding one
//! field) keeps its cells (`cells`), so nothing of the file is lost. The one rebuild
//! for `casebench history`, `cases --raw` and the workbench's case detail; the import
//! ([`exact`]) and migration 011 decide by it which rows keep their cells.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, params};

use crate::Result;

/// One column of a batch's header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// The header as written in the file.
    pub name: String,
    /// The case field it was read as ([`FIELD_COLUMNS`]' names); None: an unknown
    /// column, kept in `extra` under its trimmed name.
    pub field: Option<String>,
}

/// The case fields by name, each with its raw column in `cases` and `case_versions`
/// (report_no: `cases` only; a version reads its case's).
pub const FIELD_COLUMNS: [(&str, &str); 11] = [
    ("report_no", "report_no"),
    ("reported_at", "reported_at_raw"),
    ("occurred_at", "occurred_at_raw"),
    ("victim_name", "victim_name"),
    ("victim_phone", "victim_phone"),
    ("caller_number", "caller_raw"),
    ("receiving_account", "account_raw"),
    ("amount", "amount_raw"),
    ("scam_type", "scam_type"),
    ("contact_ids", "contact_raw"),
    ("script", "script"),
];

/// The raw text of `column` (one of [`FIELD_COLUMNS`]' or history's) of row `alias`
/// as SQL. In `cases`, a date's raw column holds only what its normalised one does
/// not (the import's `RawDate`): NULL when the file wrote the date as it is stored
/// normalised, a one-byte blob when it wrote that with `/` or `.` for each `-` (the
/// blob is the separator) or as `2026年11月23日` (the blob is `C`), else the text as
/// written (migration 015).
/// `case_versions` keeps every raw field.
pub fn raw_expr(alias: &str, column: &str, in_cases: bool) -> String {
    let date = |raw: &str, normal: &str| {
        format!(
            "COALESCE(CASE WHEN typeof({alias}.{raw}) <> 'blob' THEN {alias}.{raw}
                           WHEN CAST({alias}.{raw} AS TEXT) = 'C'
                           THEN substr({alias}.{normal}, 1, 4) || '年' || substr({alias}.{normal}, 6, 2)
                                || '月' || substr({alias}.{normal}, 9, 2) || '日'
                           ELSE replace({alias}.{normal}, '-', CAST({alias}.{raw} AS TEXT)) END,
                      {alias}.{normal})"
        )
    };
    match (in_cases, column) {
        (true, "reported_at_raw") => date("reported_at_raw", "reported_at"),
        (true, "occurred_at_raw") => date("occurred_at_raw", "occurred_at"),
        _ => format!("{alias}.{column}"),
    }
}

/// The key under which a cell beyond the header is kept in `extra` (the import's
/// naming: `_extra_1` is the first cell past the header).
pub fn overflow_key(k: usize) -> String {
    format!("_extra_{k}")
}

/// The cells a row had, from its header, its raw fields (`field(name)`: the raw text
/// of the case field `name`) and its unknown columns in file order. Exact when the
/// import found it so ([`exact`]); else the row kept its cells and this is only the
/// best reading of what is kept.
pub fn rebuild<'f>(
    header: &[Column],
    field: impl Fn(&str) -> &'f str,
    extra: &[(String, String)],
) -> Vec<String> {
    let mut cells: Vec<String> = header
        .iter()
        .map(|c| match &c.field {
            Some(f) => field(f).to_string(),
            None => {
                let key = c.name.trim();
                extra
                    .iter()
                    .find(|(k, _)| k == key)
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default()
            }
        })
        .collect();
    for k in 1.. {
        let key = overflow_key(k);
        match extra.iter().find(|(name, _)| *name == key) {
            Some((_, v)) => cells.push(v.clone()),
            None => break,
        }
    }
    cells
}

/// Whether a header can give rows back at all: each field read from one column at
/// most, and the unknown columns' trimmed names distinct and none an overflow key.
pub fn header_rebuilds(header: &[Column]) -> bool {
    let mut fields: Vec<&str> = header.iter().filter_map(|c| c.field.as_deref()).collect();
    let known = fields.len();
    fields.sort_unstable();
    fields.dedup();
    let mut unknown: Vec<&str> = header
        .iter()
        .filter(|c| c.field.is_none())
        .map(|c| c.name.trim())
        .collect();
    let n = unknown.len();
    unknown.sort_unstable();
    unknown.dedup();
    fields.len() == known
        && unknown.len() == n
        && !unknown.iter().any(|u| {
            u.strip_prefix("_extra_")
                .is_some_and(|k| k.parse::<usize>().is_ok())
        })
}

/// Whether a row's `cells`, under a header that rebuilds ([`header_rebuilds`]), come
/// back from its raw fields and extra as they are: no cell missing, and each cell of
/// a known field as the import keeps it (trimmed).
pub fn exact(header: &[Column], cells: &[&str]) -> bool {
    cells.len() >= header.len()
        && header
            .iter()
            .zip(cells)
            .all(|(c, cell)| c.field.is_none() || cell.trim().len() == cell.len())
}

/// A case's (or a replaced version's) row as it stood.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawRow {
    pub batch_id: i64,
    /// The workbook sheet's position; None for a CSV file.
    pub sheet: Option<i64>,
    pub line: i64,
    /// (header, cell) in the file's order; a cell beyond the header has an empty name.
    pub cells: Vec<(String, String)>,
    /// The case field of each cell's column (None: unknown, or beyond the header).
    pub fields: Vec<Option<String>>,
}

/// Reads headers once per batch and sheet while rows are rebuilt.
#[derive(Default)]
pub struct Headers {
    known: HashMap<(i64, i64), Vec<Column>>,
}

impl Headers {
    /// The header of batch `batch`'s sheet `sheet` (0: a CSV file). A batch stored
    /// with none (cannot happen after migration 011, which recovers each) reads as
    /// the fields in their order.
    pub fn get(&mut self, conn: &Connection, batch: i64, sheet: i64) -> Result<&[Column]> {
        use std::collections::hash_map::Entry;
        match self.known.entry((batch, sheet)) {
            Entry::Occupied(known) => Ok(known.into_mut()),
            Entry::Vacant(slot) => Ok(slot.insert(read_header(conn, batch, sheet)?)),
        }
    }
}

fn read_header(conn: &Connection, batch: i64, sheet: i64) -> Result<Vec<Column>> {
    let mut stmt = conn.prepare_cached(
        "SELECT name, field FROM batch_columns
          WHERE batch_id = ?1 AND sheet = ?2 ORDER BY position",
    )?;
    let header: Vec<Column> = stmt
        .query_map(params![batch, sheet], |r| {
            Ok(Column {
                name: r.get(0)?,
                field: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    if !header.is_empty() {
        return Ok(header);
    }
    Ok(FIELD_COLUMNS
        .iter()
        .map(|(f, _)| Column {
            name: f.to_string(),
            field: Some(f.to_string()),
        })
        .collect())
}

/// Unknown columns as stored (a JSON object in file order), as (header, value). Text
/// that is not such an object (never written so; a hand-edited database) is shown
/// whole under `extra` rather than dropped.
pub fn extra_fields(json: &str) -> Vec<(String, String)> {
    match serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(json) {
        Ok(map) => map
            .into_iter()
            .map(|(k, v)| {
                let text = match v {
                    serde_json::Value::String(s) => s,
                    other => other.to_string(),
                };
                (k, text)
            })
            .collect(),
        Err(_) if json.trim().is_empty() => Vec::new(),
        Err(_) => vec![("extra".to_string(), json.to_string())],
    }
}

/// The columns a row is rebuilt from, after (batch_id, sheet, line, extra, cells):
/// the raw fields in [`FIELD_COLUMNS`]' order, report_no taken from `report_no`.
fn raw_columns(report_no: &str, in_cases: bool) -> String {
    let mut out = vec![
        "x.batch_id".to_string(),
        "COALESCE(x.sheet, 0)".to_string(),
        "x.sheet".to_string(),
        "x.line".to_string(),
        match in_cases {
            true => super::extras::text_of("x"),
            false => "x.extra".to_string(),
        },
        "x.cells".to_string(),
    ];
    for (name, column) in FIELD_COLUMNS {
        out.push(match name {
            "report_no" => report_no.to_string(),
            _ => raw_expr("x", column, in_cases),
        });
    }
    out.join(", ")
}

/// A row of [`raw_columns`] rebuilt.
fn raw_row(r: &rusqlite::Row<'_>, conn: &Connection, headers: &mut Headers) -> Result<RawRow> {
    let batch_id: i64 = r.get(0)?;
    let header = headers.get(conn, batch_id, r.get(1)?)?.to_vec();
    let extra = extra_fields(&r.get::<_, String>(4)?);
    let kept: Option<String> = r.get(5)?;
    let mut raw: Vec<String> = Vec::with_capacity(FIELD_COLUMNS.len());
    for i in 0..FIELD_COLUMNS.len() {
        raw.push(r.get(6 + i)?);
    }
    let field = |name: &str| -> &str {
        FIELD_COLUMNS
            .iter()
            .position(|(f, _)| *f == name)
            .and_then(|i| raw.get(i))
            .map_or("", String::as_str)
    };
    let cells: Vec<String> = match kept.and_then(|j| serde_json::from_str(&j).ok()) {
        Some(cells) => cells,
        None => rebuild(&header, field, &extra),
    };
    let fields = (0..cells.len())
        .map(|i| header.get(i).and_then(|c| c.field.clone()))
        .collect();
    let cells = cells
        .into_iter()
        .enumerate()
        .map(|(i, cell)| (header.get(i).map_or("", |c| &c.name).to_string(), cell))
        .collect();
    Ok(RawRow {
        batch_id,
        sheet: r.get(2)?,
        line: r.get(3)?,
        cells,
        fields,
    })
}

/// The row case `case_id` holds now, as it stood in its file.
pub fn case_row(conn: &Connection, headers: &mut Headers, case_id: i64) -> Result<Option<RawRow>> {
    let sql = format!(
        "SELECT {} FROM cases x WHERE x.id = ?1",
        raw_columns("x.report_no", true)
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query([case_id])?;
    match rows.next()? {
        Some(r) => Ok(Some(raw_row(r, conn, headers)?)),
        None => Ok(None),
    }
}

/// The rows of the versions case `case_id` replaced, oldest first.
pub fn version_rows(conn: &Connection, headers: &mut Headers, case_id: i64) -> Result<Vec<RawRow>> {
    let sql = format!(
        "SELECT {} FROM case_versions x WHERE x.case_id = ?1 ORDER BY x.id",
        raw_columns(
            "(SELECT c.report_no FROM cases c WHERE c.id = x.case_id)",
            false
        )
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query([case_id])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(raw_row(r, conn, headers)?);
    }
    Ok(out)
}

/// A case's row for `cases --raw`: its report_no, name and phone (for masking) and
/// its row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseRaw {
    pub report_no: String,
    pub victim_name: String,
    pub victim_phone: String,
    pub row: RawRow,
}

/// The rows of the cases `filter` keeps, in the `cases` listing's order, handed one
/// at a time to `each`.
pub fn filtered(
    store: &super::Store,
    filter: &super::queries::CaseFilter,
    each: &mut dyn FnMut(CaseRaw) -> Result<()>,
) -> Result<()> {
    let conn = store.connection();
    let mut headers = Headers::default();
    let sql = format!(
        "SELECT c.id, c.report_no, c.victim_name, c.victim_phone FROM cases c {}",
        super::queries::cases_where(filter)
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query(filter.params())?;
    while let Some(r) = rows.next()? {
        let Some(row) = case_row(conn, &mut headers, r.get(0)?)? else {
            continue;
        };
        each(CaseRaw {
            report_no: r.get(1)?,
            victim_name: r.get(2)?,
            victim_phone: r.get(3)?,
            row,
        })?;
    }
    Ok(())
}

/// The case of `report_no`'s row (None: no such case).
pub fn by_report_no(store: &super::Store, report_no: &str) -> Result<Option<CaseRaw>> {
    let conn = store.connection();
    let found: Option<(i64, String, String, String)> = conn
        .query_row(
            "SELECT id, report_no, victim_name, victim_phone FROM cases WHERE report_no = ?1",
            [report_no.trim()],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    let Some((id, report_no, victim_name, victim_phone)) = found else {
        return Ok(None);
    };
    let mut headers = Headers::default();
    Ok(case_row(conn, &mut headers, id)?.map(|row| CaseRaw {
        report_no,
        victim_name,
        victim_phone,
        row,
    }))
}

/// The case id of `report_no`, if stored.
pub fn case_id(conn: &Connection, report_no: &str) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT id FROM cases WHERE report_no = ?1",
            [report_no.trim()],
            |r| r.get(0),
        )
        .optional()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(columns: &[(&str, Option<&str>)]) -> Vec<Column> {
        columns
            .iter()
            .map(|(n, f)| Column {
                name: n.to_string(),
                field: f.map(str::to_string),
            })
            .collect()
    }

    #[test]
    fn a_row_comes_back_from_header_fields_and_extra_in_file_order() {
        let h = header(&[
            ("备注", None),
            ("案件编号", Some("report_no")),
            ("涉案金额", Some("amount")),
            (" 派出所 ", None),
        ]);
        assert!(header_rebuilds(&h));
        let extra = vec![
            ("备注".to_string(), "已回访".to_string()),
            ("派出所".to_string(), "城关".to_string()),
            (overflow_key(1), "多".to_string()),
        ];
        let field = |f: &str| match f {
            "report_no" => "R1",
            "amount" => "1,200",
            _ => "",
        };
        assert_eq!(
            rebuild(&h, field, &extra),
            ["已回访", "R1", "1,200", "城关", "多"]
        );
    }

    #[test]
    fn rows_that_cannot_come_back_are_told() {
        let two_contacts = header(&[
            ("report_no", Some("report_no")),
            ("QQ", Some("contact_ids")),
            ("WeChat", Some("contact_ids")),
        ]);
        assert!(!header_rebuilds(&two_contacts));
        let twice = header(&[
            ("report_no", Some("report_no")),
            ("备注", None),
            ("备注 ", None),
        ]);
        assert!(!header_rebuilds(&twice));
        let h = header(&[("report_no", Some("report_no")), ("备注", None)]);
        assert!(
            exact(&h, &["R1", " 有空格 "]),
            "unknown cells are kept as written"
        );
        assert!(!exact(&h, &[" R1", "x"]), "a known cell is kept trimmed");
        assert!(!exact(&h, &["R1"]), "a short row");
        assert!(
            exact(&h, &["R1", "x", "beyond"]),
            "cells beyond go to extra"
        );
    }
}
