//! Writes one file's rows inside its transaction: the batch record, cases, their
//! identifiers (upserted through an in-memory map so each is looked up once per file),
//! warnings and rejected rows. Statements are prepared once per file.

use rusqlite::{OptionalExtension, Statement, Transaction, params};

use super::idmap::NO_NUMBER;
use super::row::ParsedRow;
use crate::Result;
use crate::link::LoadLog;
use crate::model::IdKind;

/// A case already in the database under the same report_no.
pub struct Existing {
    pub content_hash: String,
    pub batch_id: i64,
    pub file_name: String,
    pub line: i64,
}

/// A row refused for a report_no that is there already.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// The same content: skipped and counted.
    Duplicate,
    /// Other content: rejected, with the reason written.
    Conflict,
}

pub struct Writer<'t> {
    batch_id: i64,
    find_case: Statement<'t>,
    insert_case: Statement<'t>,
    find_identifier: Statement<'t>,
    insert_identifier: Statement<'t>,
    /// `links[n - 1]` writes n links in one statement: a case's few links in one step
    /// instead of one each (writer CPU 8.8 → 8.4 s at a million rows).
    links: Vec<Statement<'t>>,
    /// The identifier ids of the case being written (kept to reuse its room).
    case_links: Vec<i64>,
    insert_warning: Statement<'t>,
    insert_rejected: Statement<'t>,
    /// Database ids by the file's numbering of its identifiers (`idmap`); 0 for one
    /// not yet looked up or written.
    identifier_ids: Vec<i64>,
    /// False when the identifier table was empty as the file began: an identifier the
    /// file has not written is new, no lookup needed.
    known_identifiers: bool,
    /// A first load's links and cases, kept for grouping them in memory.
    log: Option<LoadLog>,
}

impl<'t> Writer<'t> {
    pub fn new(
        tx: &'t Transaction<'t>,
        batch_id: i64,
        known_identifiers: bool,
        expected_identifiers: usize,
    ) -> Result<Writer<'t>> {
        Ok(Writer {
            batch_id,
            find_case: tx.prepare(
                "SELECT c.content_hash, c.batch_id, b.file_name, c.line
                   FROM cases c JOIN batches b ON b.id = c.batch_id
                  WHERE c.report_no = ?1",
            )?,
            insert_case: tx.prepare(
                "INSERT INTO cases (report_no, batch_id, line, reported_at, reported_at_raw,
                    occurred_at, occurred_at_raw, victim_name, victim_phone, caller_raw,
                    account_raw, contact_raw, amount_fen, amount_raw, scam_type, script,
                    extra, original, content_hash, scam_type_code, scam_type_source)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,
                    ?16, ?17, ?18, ?19, ?20, ?21)",
            )?,
            find_identifier: tx
                .prepare("SELECT id FROM identifiers WHERE kind = ?1 AND value = ?2")?,
            insert_identifier: tx.prepare(
                "INSERT INTO identifiers (kind, value, display, flags, official)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?,
            links: (1..=LINKS_AT_ONCE)
                .map(|n| tx.prepare(&links_sql(n)))
                .collect::<rusqlite::Result<_>>()?,
            case_links: Vec::new(),
            insert_warning: tx
                .prepare("INSERT INTO warnings (case_id, field, message) VALUES (?1, ?2, ?3)")?,
            insert_rejected: tx.prepare(
                "INSERT INTO rejected_rows (batch_id, line, reason, raw) VALUES (?1, ?2, ?3, ?4)",
            )?,
            identifier_ids: Vec::with_capacity(expected_identifiers),
            known_identifiers,
            log: None,
        })
    }

    /// Keeps a log of the links and cases written from now on (a first load: see
    /// [`LoadLog`]).
    pub fn keep_log(&mut self) {
        self.log = Some(LoadLog::default());
    }

    pub fn take_log(&mut self) -> Option<LoadLog> {
        self.log.take()
    }

    pub fn existing(&mut self, report_no: &str) -> Result<Option<Existing>> {
        Ok(self
            .find_case
            .query_row([report_no], |r| {
                Ok(Existing {
                    content_hash: r.get(0)?,
                    batch_id: r.get(1)?,
                    file_name: r.get(2)?,
                    line: r.get(3)?,
                })
            })
            .optional()?)
    }

    /// What to make of a row whose insert was refused for its report_no: a
    /// duplicate of the stored case (the same content), or a conflict, rejected
    /// here with a reason that names the case stored first.
    pub fn refused(&mut self, row: &ParsedRow, line: u64, original: &str) -> Result<Refused> {
        let first = self.existing(&row.report_no)?.ok_or_else(|| {
            crate::Error::Invalid(format!(
                "line {line}: report_no {} is refused as present but cannot be found",
                row.report_no
            ))
        })?;
        if first.content_hash == row.content_hash() {
            return Ok(Refused::Duplicate);
        }
        let reason = if first.batch_id == self.batch_id {
            format!(
                "report_no {} conflicts with line {} of this file (same report_no, different content)",
                row.report_no, first.line
            )
        } else {
            format!(
                "report_no {} conflicts with batch {} ({} line {}): same report_no, different content",
                row.report_no, first.batch_id, first.file_name, first.line
            )
        };
        self.reject(line, &reason, original)?;
        Ok(Refused::Conflict)
    }

    /// Writes a case and links its identifiers; `numbers` are the file's numbers for
    /// `row.identifiers`, in order. False, with nothing written, when a case with
    /// its report_no is stored already ([`Writer::existing`] tells which).
    pub fn insert_case(
        &mut self,
        row: &ParsedRow,
        numbers: &[u32],
        line: u64,
        original: &str,
    ) -> Result<bool> {
        use super::headers::CaseField as F;
        let extra = extra_json(&row.extra);
        let inserted = self.insert_case.insert(params![
            row.report_no,
            self.batch_id,
            line as i64,
            row.reported_at,
            row.field(F::ReportedAt),
            row.occurred_at,
            row.field(F::OccurredAt),
            row.field(F::VictimName),
            row.field(F::VictimPhone),
            row.field(F::Caller),
            row.field(F::Account),
            row.field(F::Contact),
            row.amount_fen,
            row.field(F::Amount),
            row.field(F::ScamType),
            row.field(F::Script),
            extra,
            original,
            row.content_hash(),
            row.scam_type.code.id(),
            row.scam_type.source.id(),
        ]);
        let case_id = match inserted {
            Ok(id) => id,
            // report_no is the cases' one unique column.
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE =>
            {
                return Ok(false);
            }
            Err(e) => return Err(e.into()),
        };
        let mut ids = std::mem::take(&mut self.case_links);
        ids.clear();
        for (i, found) in row.identifiers.iter().enumerate() {
            let id = &found.identifier;
            let number = numbers.get(i).copied().unwrap_or(NO_NUMBER);
            ids.push(self.identifier_id(number, id.kind, &id.value, &id.display, id.flags)?);
        }
        if let Some(log) = &mut self.log {
            log.case(case_id, row.reported_at.as_deref(), &row.report_no);
            for (found, &identifier_id) in row.identifiers.iter().zip(&ids) {
                log.link(case_id, identifier_id, found.identifier.kind, found.role);
            }
        }
        for (found, ids) in row
            .identifiers
            .chunks(LINKS_AT_ONCE)
            .zip(ids.chunks(LINKS_AT_ONCE))
        {
            let Some(link) = self.links.get_mut(found.len().wrapping_sub(1)) else {
                continue;
            };
            for (k, (found, &identifier_id)) in found.iter().zip(ids).enumerate() {
                let at = k * LINK_COLUMNS;
                link.raw_bind_parameter(at + 1, case_id)?;
                link.raw_bind_parameter(at + 2, identifier_id)?;
                link.raw_bind_parameter(at + 3, found.role.as_str())?;
                link.raw_bind_parameter(at + 4, found.origin)?;
                link.raw_bind_parameter(at + 5, &found.identifier.display)?;
                link.raw_bind_parameter(at + 6, found.side.as_str())?;
                link.raw_bind_parameter(at + 7, &found.excerpt)?;
            }
            link.raw_execute()?;
        }
        self.case_links = ids;
        for warning in &row.warnings {
            self.insert_warning
                .execute(params![case_id, warning.field, warning.message])?;
        }
        Ok(true)
    }

    fn identifier_id(
        &mut self,
        number: u32,
        kind: IdKind,
        value: &str,
        display: &str,
        flags: u32,
    ) -> Result<i64> {
        let numbered = number != NO_NUMBER;
        if let Some(&id) = self
            .identifier_ids
            .get(number as usize)
            .filter(|&&id| id != 0)
        {
            return Ok(id);
        }
        // One without a number may have been written earlier in this file.
        let found: Option<i64> = match self.known_identifiers || !numbered {
            true => self
                .find_identifier
                .query_row(params![kind.as_str(), value], |r| r.get(0))
                .optional()?,
            false => None,
        };
        let id = match found {
            Some(id) => id,
            None => {
                // Marked here, so that relinking after the import need not re-mark.
                let official = matches!(kind, IdKind::Phone | IdKind::Service)
                    && crate::link::official::is_official(value);
                let id = self.insert_identifier.insert(params![
                    kind.as_str(),
                    value,
                    display,
                    flags,
                    official
                ])?;
                if let (true, Some(log)) = (official, &mut self.log) {
                    log.official(id);
                }
                id
            }
        };
        if numbered {
            let at = number as usize;
            if at >= self.identifier_ids.len() {
                self.identifier_ids.resize(at + 1, 0);
            }
            self.identifier_ids[at] = id;
        }
        Ok(id)
    }

    pub fn reject(&mut self, line: u64, reason: &str, raw: &str) -> Result<()> {
        self.insert_rejected
            .execute(params![self.batch_id, line as i64, reason, raw])?;
        Ok(())
    }
}

/// Links written by one statement at most.
const LINKS_AT_ONCE: usize = 8;

/// Values a link row binds.
const LINK_COLUMNS: usize = 7;

/// An insert of `n` links (a duplicate of one already written is ignored).
fn links_sql(n: usize) -> String {
    let row = format!("({})", ["?"; LINK_COLUMNS].join(", "));
    format!(
        "INSERT OR IGNORE INTO case_identifiers
            (case_id, identifier_id, role, origin, display, side, excerpt)
         VALUES {}",
        vec![row; n].join(", ")
    )
}

/// Unknown columns as a JSON object, in file order.
fn extra_json(extra: &[(String, String)]) -> String {
    let map: serde_json::Map<String, serde_json::Value> = extra
        .iter()
        .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
        .collect();
    serde_json::Value::Object(map).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::headers::ColumnMap;
    use crate::import::row::parse_row;

    /// A new database in a temporary folder (kept while the folder lives) with batch 1.
    fn store_with_a_batch() -> (tempfile::TempDir, crate::store::Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::store::Store::open(&dir.path().join("t.sqlite")).unwrap();
        store
            .conn
            .execute(
                "INSERT INTO batches (file_name, path, sha256, encoding, imported_at)
                 VALUES ('a.csv', 'a.csv', 'x', 'utf-8', 'now')",
                [],
            )
            .unwrap();
        (dir, store)
    }

    /// The writer's ids by number, and the database lookup for identifiers the
    /// numbering could not hold: each (kind, value) is written once per file.
    #[test]
    fn an_identifier_is_written_once_whether_numbered_or_not() {
        let (_dir, mut store) = store_with_a_batch();
        let tx = store.conn.transaction().unwrap();
        let map = ColumnMap::from_headers(["report_no", "caller_number"]).unwrap();
        let row = |no: &str| parse_row(&map, &[no, "13812345678"]).unwrap();
        let mut writer = Writer::new(&tx, 1, false, 4).unwrap();
        for (no, number) in [("R1", 0), ("R2", 0), ("R3", NO_NUMBER), ("R4", NO_NUMBER)] {
            let row = row(no);
            let numbers = vec![number; row.identifiers.len()];
            writer.insert_case(&row, &numbers, 2, no).unwrap();
        }
        drop(writer);
        let count = |sql: &str| -> i64 { tx.query_row(sql, [], |r| r.get(0)).unwrap() };
        let distinct = count("SELECT COUNT(DISTINCT identifier_id) FROM case_identifiers");
        assert_eq!(count("SELECT COUNT(*) FROM identifiers"), distinct);
        assert_eq!(
            count("SELECT COUNT(*) FROM case_identifiers WHERE identifier_id = 1"),
            4,
            "all four cases link the caller written for the first"
        );
    }

    /// A report_no already stored: the insert's unique check refuses it and nothing
    /// of the row is written (no links), for the caller to tell duplicate from
    /// conflict by the stored case.
    #[test]
    fn a_stored_report_no_is_refused_whole() {
        let (_dir, mut store) = store_with_a_batch();
        let tx = store.conn.transaction().unwrap();
        let map = ColumnMap::from_headers(["report_no", "caller_number"]).unwrap();
        let mut writer = Writer::new(&tx, 1, false, 4).unwrap();
        let first = parse_row(&map, &["R1", "13812345678"]).unwrap();
        assert!(writer.insert_case(&first, &[0], 2, "R1").unwrap());
        let again = parse_row(&map, &["R1", "13987654321"]).unwrap();
        assert!(!writer.insert_case(&again, &[1], 3, "R1").unwrap());
        let stored = writer.existing("R1").unwrap().unwrap();
        assert_eq!(
            (stored.line, stored.content_hash),
            (2, first.content_hash())
        );
        drop(writer);
        let count = |sql: &str| -> i64 { tx.query_row(sql, [], |r| r.get(0)).unwrap() };
        assert_eq!(count("SELECT COUNT(*) FROM cases"), 1);
        assert_eq!(
            count("SELECT COUNT(*) FROM case_identifiers"),
            1,
            "the refused row's caller is not linked"
        );
    }

    /// Links go in several at a time: a case with more than one statement's worth
    /// gets them all, and a link written twice (same identifier, same role) once.
    #[test]
    fn every_link_of_a_case_is_written_once_however_many() {
        let (_dir, mut store) = store_with_a_batch();
        let tx = store.conn.transaction().unwrap();
        let map = ColumnMap::from_headers(["report_no", "caller_number"]).unwrap();
        let cell: Vec<String> = (0..LINKS_AT_ONCE + 3)
            .map(|i| format!("1381234{i:04}"))
            .collect();
        let row = parse_row(&map, &["R1", &cell.join(" ")]).unwrap();
        let n = row.identifiers.len();
        assert_eq!(n, LINKS_AT_ONCE + 3);
        let mut writer = Writer::new(&tx, 1, false, 16).unwrap();
        // The last two numbered alike: the same identifier id, linked twice.
        let mut numbering: Vec<u32> = (0..n as u32).collect();
        numbering[n - 1] = numbering[n - 2];
        writer.insert_case(&row, &numbering, 2, "R1").unwrap();
        drop(writer);
        let links: i64 = tx
            .query_row("SELECT COUNT(*) FROM case_identifiers", [], |r| r.get(0))
            .unwrap();
        assert_eq!(links, n as i64 - 1);
    }
}
