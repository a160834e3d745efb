//! The Rust steps of migration 011 (`db/migrations/011_lean_store.sql`, at its `--
//! @rust:` lines), and the view that shows case-identifier codes as words.
//!
//! `headers_from_originals`: a database from before kept each row verbatim
//! (`cases.original`) but not its file's header. Each batch's (each sheet's) header is
//! recovered from its rows: a column is the known field, or the unknown column of
//! `extra`, whose text its cells hold in the most rows. Its known columns are named by
//! their field (the header's own words were not kept), its unknown ones by their name.
//! Every case whose row the recovered header does not give back exactly keeps its
//! cells, so the row as it stood is never lost. Replaced versions had no verbatim row:
//! they are read through their batch's header, as before.
//!
//! `identifier_codes` copies `case_identifiers` into `case_identifier_codes` with the
//! model's codes; `identifier_view` makes the view `case_identifiers` over it (the
//! words, generated from the enums: no number is written into SQL by hand).

use std::collections::HashMap;

use rusqlite::{OptionalExtension, Transaction, params};

use super::rows::{self, Column, FIELD_COLUMNS};
use crate::model::{IdKind, ORIGINS, Role, Side, origin_code};
use crate::{Error, Result};

/// Runs the step a migration names on a `-- @rust: STEP` line.
pub fn run_step(tx: &Transaction<'_>, step: &str) -> Result<()> {
    match step {
        "headers_from_originals" => headers_from_originals(tx),
        "identifier_codes" => identifier_codes(tx),
        "identifier_view" => identifier_view(tx, ""),
        "identifier_view_tiers" => identifier_view_tiers(tx),
        "identifier_kind_codes" => identifier_kind_codes(tx),
        "scam_type_spellings" => scam_type_spellings(tx),
        other => Err(Error::Inconsistent(format!(
            "unknown migration step {other:?}"
        ))),
    }
}

/// `CASE column WHEN 'word' THEN code … END` for `words` (word, code).
fn encode(column: &str, words: &[(&str, i64)]) -> String {
    let arms: String = words
        .iter()
        .map(|(w, c)| format!(" WHEN '{w}' THEN {c}"))
        .collect();
    format!("CASE {column}{arms} END")
}

/// `CASE column WHEN code THEN 'word' … END`.
fn decode(column: &str, words: &[(&str, i64)]) -> String {
    let arms: String = words
        .iter()
        .map(|(w, c)| format!(" WHEN {c} THEN '{w}'"))
        .collect();
    format!("CASE {column}{arms} END")
}

fn kinds() -> Vec<(&'static str, i64)> {
    IdKind::ALL.iter().map(|k| (k.as_str(), k.code())).collect()
}

/// The form an identifier is shown in unless it was first seen otherwise, over
/// `identifiers`' columns `kind_code` and `value` (migration 015): a mainland number
/// without its `+86`, any other value as stored. `display_kept` holds a display only
/// where it differs from this (half the rows).
fn usual_display(kind_code: &str, value: &str) -> String {
    format!(
        "CASE WHEN {kind_code} = {} AND substr({value}, 1, 3) = '+86' THEN substr({value}, 4)
              ELSE {value} END",
        IdKind::Phone.code()
    )
}

/// The one insert of an identifier, for every writer (the import, the ignore list,
/// casework), bound by [`identifier_row`] as migration 015 stores it.
pub const INSERT_IDENTIFIER: &str =
    "INSERT INTO identifiers (kind_code, value, display_kept, flags, official)
     VALUES (?1, ?2, ?3, ?4, ?5)";

/// [`INSERT_IDENTIFIER`] into the recent tier (`store::tiers`, migration 018): a
/// weekly batch's new identifiers, bound the same.
pub const INSERT_RECENT_IDENTIFIER: &str =
    "INSERT INTO identifiers (kind_code, value, display_kept, flags, official, tier)
     VALUES (?1, ?2, ?3, ?4, ?5, 1)";

/// What [`INSERT_IDENTIFIER`] binds first for an identifier first seen as `display`:
/// its kind's code, its value, and the display only where it is not the usual form
/// (the Rust twin of `usual_display`, bound in Rust so that the import's writer
/// evaluates no SQL per identifier; tests hold the two to each other).
pub fn identifier_row<'a>(
    kind: IdKind,
    value: &'a str,
    display: &'a str,
) -> (i64, &'a str, Option<&'a str>) {
    let usual = match (kind, value.strip_prefix("+86")) {
        (IdKind::Phone, Some(national)) => national,
        _ => value,
    };
    (kind.code(), value, (display != usual).then_some(display))
}

/// Migration 015: `identifiers.kind` as the model's code (`kind_code`) and `display`
/// only where it is not the usual form (`display_kept`); `kind` and `display` stay as
/// virtual generated columns (no bytes stored), so every reader reads them as before.
/// The unique key becomes (value, kind_code). SQLite drops a column only when no view
/// or trigger names it: the views and triggers are set aside and made again from
/// their own text, whoever made them.
fn identifier_kind_codes(tx: &Transaction<'_>) -> Result<()> {
    let unknown: Option<String> = tx
        .query_row(
            &format!(
                "SELECT kind FROM identifiers WHERE {} IS NULL LIMIT 1",
                encode("kind", &kinds())
            ),
            [],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(kind) = unknown {
        return Err(Error::Inconsistent(format!(
            "an identifier of unknown kind {kind:?}: not migrated"
        )));
    }
    with_views_set_aside(tx, |tx| {
        let code = encode("kind", &kinds());
        tx.execute_batch(&format!(
            "ALTER TABLE identifiers ADD COLUMN kind_code INTEGER;
             ALTER TABLE identifiers ADD COLUMN display_kept TEXT;
             UPDATE identifiers SET kind_code = {code},
                                    display_kept = NULLIF(display, {usual});
             DROP INDEX identifiers_value_kind;
             ALTER TABLE identifiers DROP COLUMN kind;
             ALTER TABLE identifiers DROP COLUMN display;
             ALTER TABLE identifiers ADD COLUMN kind TEXT
                 GENERATED ALWAYS AS ({kind}) VIRTUAL;
             ALTER TABLE identifiers ADD COLUMN display TEXT
                 GENERATED ALWAYS AS (COALESCE(display_kept, {usual_kept})) VIRTUAL;
             CREATE UNIQUE INDEX identifiers_value_kind ON identifiers(value, kind_code);",
            usual = usual_display(&code, "value"),
            kind = decode("kind_code", &kinds()),
            usual_kept = usual_display("kind_code", "value"),
        ))?;
        Ok(())
    })
}

/// The usual spellings of the scam-type column (migration 016): a case keeps one of
/// them as its place in this list (`cases.scam_type_spelling`), any other text as
/// written. Frozen with the migration, which wrote the list into the generated column
/// `cases.scam_type`: never reorder or remove; a spelling appended here would be stored
/// as a number the column cannot read back, so new ones need a migration of their own.
/// The most frequent first: 0 and 1 take no byte in a row.
pub const SCAM_TYPE_SPELLINGS: [&str; 23] = [
    "冒充京东客服",
    "冒充电商物流客服",
    "刷单返利",
    "虚假投资理财",
    "网络贷款",
    "网络刷单",
    "冒充公检法",
    "投资理财",
    "虚假网络贷款",
    "冒充客服退款",
    "注销校园贷",
    "冒充公检法机关",
    "刷单返利类",
    "虚假网络投资理财类",
    "虚假网络贷款类",
    "冒充电商物流客服类",
    "冒充公检法及政府机关类",
    "虚假征信类",
    "虚假购物服务类",
    "冒充领导熟人类",
    "网络游戏产品虚假交易类",
    "网络婚恋交友类",
    "其他",
];

/// The scam type as written, as a case row stores it (`scam_type_spelling`): its place
/// in [`SCAM_TYPE_SPELLINGS`], or the text as written. Bound by every writer of
/// `cases`.
#[derive(Debug, Clone, Copy)]
pub struct ScamTypeSpelling<'a>(pub &'a str);

impl rusqlite::ToSql for ScamTypeSpelling<'_> {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(
            match SCAM_TYPE_SPELLINGS.iter().position(|s| *s == self.0) {
                Some(at) => ToSqlOutput::from(at as i64),
                None => ToSqlOutput::Borrowed(ValueRef::Text(self.0.as_bytes())),
            },
        )
    }
}

/// The words of [`SCAM_TYPE_SPELLINGS`] with their places, for `encode` / `decode`.
fn spellings() -> Vec<(&'static str, i64)> {
    SCAM_TYPE_SPELLINGS
        .iter()
        .enumerate()
        .map(|(at, s)| (*s, at as i64))
        .collect()
}

/// Migration 016: `cases.scam_type` as [`ScamTypeSpelling`] stores it
/// (`scam_type_spelling`, declared without a type so that SQLite keeps an integer as
/// one and a text that looks like a number as text), and `scam_type` a virtual
/// generated column over it, read by every reader as before.
fn scam_type_spellings(tx: &Transaction<'_>) -> Result<()> {
    // The list's words are constants without quotes (a test holds them so).
    let stored = encode("scam_type", &spellings());
    let read = decode("scam_type_spelling", &spellings());
    with_views_set_aside(tx, |tx| {
        tx.execute_batch(&format!(
            "ALTER TABLE cases ADD COLUMN scam_type_spelling NOT NULL DEFAULT '';
             UPDATE cases SET scam_type_spelling = COALESCE({stored}, scam_type);
             ALTER TABLE cases DROP COLUMN scam_type;
             ALTER TABLE cases ADD COLUMN scam_type TEXT GENERATED ALWAYS AS
                 (CASE WHEN typeof(scam_type_spelling) = 'integer' THEN {read}
                       ELSE scam_type_spelling END) VIRTUAL;"
        ))?;
        Ok(())
    })
}

/// Runs `change` with every view and trigger dropped, then makes them again from their
/// own text, whoever made them: SQLite drops a column only when no view or trigger
/// names it.
fn with_views_set_aside(
    tx: &Transaction<'_>,
    change: impl FnOnce(&Transaction<'_>) -> Result<()>,
) -> Result<()> {
    let kept: Vec<(String, String)> = tx
        .prepare(
            "SELECT type, sql FROM sqlite_master
              WHERE type IN ('view', 'trigger') AND sql IS NOT NULL ORDER BY rowid",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let names: Vec<(String, String)> = tx
        .prepare(
            "SELECT type, name FROM sqlite_master
              WHERE type IN ('view', 'trigger') AND sql IS NOT NULL ORDER BY rowid DESC",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (kind, name) in &names {
        let what = if kind == "view" { "VIEW" } else { "TRIGGER" };
        // Names from the schema itself, quoted.
        tx.execute_batch(&format!(
            "DROP {what} IF EXISTS \"{}\"",
            name.replace('"', "\"\"")
        ))?;
    }
    change(tx)?;
    // Views first, in the order they were made (one may read another), then triggers.
    for (_, sql) in kept.iter().filter(|(t, _)| t == "view") {
        tx.execute_batch(sql)?;
    }
    for (_, sql) in kept.iter().filter(|(t, _)| t == "trigger") {
        tx.execute_batch(sql)?;
    }
    Ok(())
}

fn roles() -> Vec<(&'static str, i64)> {
    Role::ALL.iter().map(|r| (r.as_str(), r.code())).collect()
}

fn sides() -> Vec<(&'static str, i64)> {
    Side::ALL.iter().map(|s| (s.as_str(), s.code())).collect()
}

fn origins() -> Vec<(&'static str, i64)> {
    ORIGINS
        .iter()
        .map(|&o| (o, origin_code(o).unwrap_or(0)))
        .collect()
}

/// SQL that decodes the coded columns of `case_identifier_codes` aliased `alias`:
/// (role, origin, side) as words. For readers that want the codes' words from the
/// table itself (to use its indexes by name).
pub fn words(alias: &str) -> [String; 3] {
    [
        decode(&format!("{alias}.role"), &roles()),
        decode(&format!("{alias}.origin"), &origins()),
        decode(&format!("{alias}.side"), &sides()),
    ]
}

fn identifier_codes(tx: &Transaction<'_>) -> Result<()> {
    // `instr` and `length` count characters in text, as `substr` reads them back.
    tx.execute_batch(&format!(
        "INSERT INTO case_identifier_codes
             (case_id, identifier_id, role, origin, side, display, excerpt_from,
              excerpt_chars, excerpt)
         SELECT ci.case_id, ci.identifier_id, {}, {}, {},
                NULLIF(ci.display, (SELECT i.display FROM identifiers i
                                     WHERE i.id = ci.identifier_id)),
                at, CASE WHEN at > 0 THEN length(ci.excerpt) END,
                CASE WHEN at > 0 THEN NULL ELSE ci.excerpt END
           FROM (SELECT ci.*, NULLIF(instr((SELECT c.script FROM cases c
                                             WHERE c.id = ci.case_id), ci.excerpt), 0) AS at
                   FROM case_identifiers ci) ci
          ORDER BY ci.case_id, ci.identifier_id, ci.role",
        encode("ci.role", &roles()),
        encode("ci.origin", &origins()),
        encode("ci.side", &sides()),
    ))?;
    Ok(())
}

/// A case-identifier row's display as written (over `c` case_identifier_codes).
pub const DISPLAY: &str = "COALESCE(c.display,
     (SELECT i.display FROM identifiers i WHERE i.id = c.identifier_id))";

/// A case-identifier row's excerpt (over `c`): cut from its case's script.
pub const EXCERPT: &str = "COALESCE(c.excerpt, CASE WHEN c.excerpt_from IS NOT NULL THEN
     substr((SELECT s.script FROM cases s WHERE s.id = c.case_id), c.excerpt_from,
            c.excerpt_chars) END)";

/// Migration 021: the view names both tiers of links (`store::tiers`), so that a reader
/// by identifier seeks each tier's partial index. Its triggers go with it and come back.
fn identifier_view_tiers(tx: &Transaction<'_>) -> Result<()> {
    tx.execute_batch("DROP VIEW case_identifiers")?;
    identifier_view(tx, concat!("WHERE ", crate::both_tiers!("c.")))
}

/// The view over `case_identifier_codes` `c`, its rows filtered by `filter` (SQL).
fn identifier_view(tx: &Transaction<'_>, filter: &str) -> Result<()> {
    let [role, origin, side] = words("c");
    let side_in = format!(
        "COALESCE({}, {})",
        encode("NEW.side", &sides()),
        Side::Other.code()
    );
    tx.execute_batch(&format!(
        "CREATE VIEW case_identifiers (case_id, identifier_id, role, origin, display, side,
                                       excerpt) AS
             SELECT c.case_id, c.identifier_id, {role}, {origin}, {DISPLAY}, {side},
                    {EXCERPT}
               FROM case_identifier_codes c {filter};
         CREATE TRIGGER case_identifiers_insert INSTEAD OF INSERT ON case_identifiers
         BEGIN
             INSERT INTO case_identifier_codes
                 (case_id, identifier_id, role, origin, side, display, excerpt)
             VALUES (NEW.case_id, NEW.identifier_id, {}, {}, {side_in}, NEW.display,
                     NEW.excerpt);
         END;
         CREATE TRIGGER case_identifiers_delete INSTEAD OF DELETE ON case_identifiers
         BEGIN
             DELETE FROM case_identifier_codes
              WHERE case_id = OLD.case_id AND identifier_id = OLD.identifier_id
                AND role = {};
         END;",
        encode("NEW.role", &roles()),
        encode("NEW.origin", &origins()),
        encode("OLD.role", &roles()),
    ))?;
    Ok(())
}

/// A stored case as migration 011 reads it.
struct OldCase {
    id: i64,
    batch_id: i64,
    /// The fields' raw text in [`FIELD_COLUMNS`]' order.
    raw: Vec<String>,
    extra: Vec<(String, String)>,
    cells: Vec<String>,
}

impl OldCase {
    fn field(&self, name: &str) -> &str {
        FIELD_COLUMNS
            .iter()
            .position(|(f, _)| *f == name)
            .and_then(|i| self.raw.get(i))
            .map_or("", String::as_str)
    }
}

/// The cells of a verbatim row (a CSV record: a workbook's sheets were read as CSV).
fn cells_of(original: &str) -> Vec<String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(original.as_bytes());
    let mut record = csv::StringRecord::new();
    match reader.read_record(&mut record) {
        Ok(true) => record.iter().map(str::to_string).collect(),
        _ => vec![original.to_string()],
    }
}

/// Rows per batch (per sheet) the header is recovered from.
const SAMPLE: usize = 2000;

/// Each stored case, one at a time in id order, with the sheet its id falls in (see
/// `headers_from_originals`).
fn each_case(
    tx: &Transaction<'_>,
    sheets: &HashMap<i64, Vec<(i64, i64, i64)>>,
    each: &mut dyn FnMut(OldCase, Option<i64>) -> Result<()>,
) -> Result<()> {
    let columns: Vec<&str> = FIELD_COLUMNS.iter().map(|(_, c)| *c).collect();
    let mut stmt = tx.prepare(&format!(
        "SELECT id, batch_id, extra, original, {} FROM cases ORDER BY id",
        columns.join(", ")
    ))?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let mut raw = Vec::with_capacity(columns.len());
        for i in 0..columns.len() {
            raw.push(r.get::<_, String>(4 + i)?);
        }
        let case = OldCase {
            id: r.get(0)?,
            batch_id: r.get(1)?,
            raw,
            extra: rows::extra_fields(&r.get::<_, String>(2)?),
            cells: cells_of(&r.get::<_, String>(3)?),
        };
        let sheet = match sheets.get(&case.batch_id) {
            None => Some(0),
            Some(list) => list
                .iter()
                .find(|(_, a, b)| (*a..=*b).contains(&case.id))
                .map(|s| s.0),
        };
        each(case, sheet)?;
    }
    Ok(())
}

fn headers_from_originals(tx: &Transaction<'_>) -> Result<()> {
    // Each case's sheet: the range of case ids the sheet added (a case a later batch
    // updated is in none of its new batch's: it is tried against each sheet).
    let mut sheets: HashMap<i64, Vec<(i64, i64, i64)>> = HashMap::new();
    {
        let mut stmt = tx.prepare(
            "SELECT batch_id, position, first_case_id, last_case_id FROM batch_sheets
              WHERE first_case_id IS NOT NULL ORDER BY batch_id, position",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            sheets
                .entry(r.get(0)?)
                .or_default()
                .push((r.get(1)?, r.get(2)?, r.get(3)?));
        }
    }
    // A sample of each batch's (sheet's) rows: enough to tell its columns.
    let mut samples: HashMap<(i64, i64), Vec<OldCase>> = HashMap::new();
    each_case(tx, &sheets, &mut |case, sheet| {
        if let Some(sheet) = sheet {
            let sample = samples.entry((case.batch_id, sheet)).or_default();
            if sample.len() < SAMPLE {
                sample.push(case);
            }
        }
        Ok(())
    })?;
    let headers: HashMap<(i64, i64), Vec<Column>> = samples
        .iter()
        .map(|(&key, cases)| (key, recover_header(cases)))
        .collect();
    drop(samples);
    {
        let mut insert = tx.prepare(
            "INSERT INTO batch_columns (batch_id, sheet, position, name, field)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for (&(batch, sheet), header) in &headers {
            for (i, c) in header.iter().enumerate() {
                insert.execute(params![batch, sheet, i as i64, c.name, c.field])?;
            }
        }
    }
    // Then every row: its sheet (a workbook's), and its cells when the header does
    // not give them back. Written after the scan, not while it reads the table.
    let mut kept: Vec<(i64, Option<i64>, Option<String>)> = Vec::new();
    each_case(tx, &sheets, &mut |case, sheet| {
        let back = |h: &[Column]| rows::rebuild(h, |f| case.field(f), &case.extra);
        let header = |s: i64| {
            headers
                .get(&(case.batch_id, s))
                .map_or(&[][..], Vec::as_slice)
        };
        let sheet = match sheet {
            Some(s) => s,
            // A case updated from a workbook: the sheet whose header gives its row
            // back, else the first (its cells kept).
            None => {
                let mut candidates: Vec<i64> = sheets
                    .get(&case.batch_id)
                    .map(|l| l.iter().map(|s| s.0).collect())
                    .unwrap_or_default();
                candidates.sort_unstable();
                candidates
                    .iter()
                    .copied()
                    .find(|&s| back(header(s)) == case.cells)
                    .or(candidates.first().copied())
                    .unwrap_or(0)
            }
        };
        let cells = (back(header(sheet)) != case.cells)
            .then(|| serde_json::to_string(&case.cells))
            .transpose()
            .map_err(|e| Error::Inconsistent(format!("case {}: {e}", case.id)))?;
        let sheet = sheets.contains_key(&case.batch_id).then_some(sheet);
        if sheet.is_some() || cells.is_some() {
            kept.push((case.id, sheet, cells));
        }
        Ok(())
    })?;
    let mut keep = tx.prepare("UPDATE cases SET sheet = ?2, cells = ?3 WHERE id = ?1")?;
    for (id, sheet, cells) in kept {
        keep.execute(params![id, sheet, cells])?;
    }
    Ok(())
}

/// The header that gives back the most of these rows: for each column, in order, the
/// known field or unknown column whose text its cells hold most often (cells with
/// text only); a column no candidate fits is named `column_N`, unknown.
fn recover_header(cases: &[OldCase]) -> Vec<Column> {
    let mut widths: HashMap<usize, usize> = HashMap::new();
    for c in cases {
        *widths.entry(c.cells.len()).or_default() += 1;
    }
    let width = widths
        .into_iter()
        .max_by_key(|&(w, n)| (n, std::cmp::Reverse(w)))
        .map_or(0, |(w, _)| w);
    let unknown: Vec<String> = {
        let mut names: Vec<String> = Vec::new();
        for c in cases {
            for (k, _) in &c.extra {
                if !names.contains(k) && !k.starts_with("_extra_") {
                    names.push(k.clone());
                }
            }
        }
        names
    };
    let full: Vec<&OldCase> = cases.iter().filter(|c| c.cells.len() == width).collect();
    // (score, column, candidate): a candidate is a field name or an unknown name.
    let mut scores: Vec<(usize, usize, Column)> = Vec::new();
    for j in 0..width {
        // Only cells with text tell: an empty cell matches every empty field.
        let told: Vec<&&OldCase> = full
            .iter()
            .filter(|c| !c.cells[j].trim().is_empty())
            .collect();
        for (f, _) in FIELD_COLUMNS {
            let n = told
                .iter()
                .filter(|c| c.cells[j].trim() == c.field(f))
                .count();
            scores.push((
                n,
                j,
                Column {
                    name: f.to_string(),
                    field: Some(f.to_string()),
                },
            ));
        }
        for u in &unknown {
            let n = told
                .iter()
                .filter(|c| c.extra.iter().any(|(k, v)| k == u && *v == c.cells[j]))
                .count();
            scores.push((
                n,
                j,
                Column {
                    name: u.clone(),
                    field: None,
                },
            ));
        }
    }
    // Best first; among equals, the earlier column, then fields before unknown names.
    scores.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut header: Vec<Option<Column>> = vec![None; width];
    let mut taken: Vec<Column> = Vec::new();
    for (n, j, candidate) in scores {
        if n == 0 || header[j].is_some() || taken.contains(&candidate) {
            continue;
        }
        taken.push(candidate.clone());
        header[j] = Some(candidate);
    }
    header
        .into_iter()
        .enumerate()
        .map(|(j, c)| {
            c.unwrap_or(Column {
                name: format!("column_{}", j + 1),
                field: None,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The import binds the display it keeps (`identifier_row`), the generated column
    /// reads the usual one back in SQL (`usual_display`): every display comes back as
    /// first seen, and only the unusual ones are kept.
    #[test]
    fn a_display_kept_or_not_reads_back_as_first_seen() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        conn.execute_batch(&format!(
            "CREATE TABLE identifiers (id INTEGER PRIMARY KEY, kind_code INTEGER, value TEXT,
                                       display_kept TEXT, flags INTEGER, official INTEGER,
                                       kind TEXT GENERATED ALWAYS AS ({}) VIRTUAL,
                                       display TEXT GENERATED ALWAYS AS
                                           (COALESCE(display_kept, {})) VIRTUAL);",
            decode("kind_code", &kinds()),
            usual_display("kind_code", "value")
        ))
        .unwrap();
        let cases = [
            (IdKind::Phone, "+8613812345678", "13812345678", false),
            (IdKind::Phone, "+8613812345678", "138 1234 5678", true),
            (IdKind::Phone, "+8613812345678", "+8613812345678", true),
            (IdKind::Phone, "+85571664370", "+85571664370", false),
            (
                IdKind::Card,
                "6222021234567890123",
                "6222021234567890123",
                false,
            ),
            (IdKind::Card, "+8612345", "12345", true),
            (IdKind::Partial, "*9257", "尾号9257", true),
            (IdKind::Wechat, "wx_ab12cd", "wx_ab12cd", false),
        ];
        for (kind, value, display, kept) in cases {
            let (code, value, stored) = identifier_row(kind, value, display);
            assert_eq!(stored.is_some(), kept, "{value} {display}");
            conn.execute(INSERT_IDENTIFIER, params![code, value, stored, 0, 0])
                .unwrap();
            let back: (String, String) = conn
                .query_row(
                    "SELECT kind, display FROM identifiers WHERE id = last_insert_rowid()",
                    [],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .unwrap();
            assert_eq!(back, (kind.as_str().to_string(), display.to_string()));
        }
    }
}
