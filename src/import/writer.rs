//! Writes one file's rows inside its transaction: the batch record, cases, their
//! identifiers (upserted through an in-memory map so each is looked up once per file),
//! warnings and rejected rows. Statements are prepared once per file.

use rusqlite::{OptionalExtension, Statement, Transaction, params};

use super::idmap::IdMap;
use super::row::ParsedRow;
use crate::Result;
use crate::model::IdKind;

/// A case already in the database under the same report_no.
pub struct Existing {
    pub content_hash: String,
    pub batch_id: i64,
    pub file_name: String,
    pub line: i64,
}

pub struct Writer<'t> {
    batch_id: i64,
    find_case: Statement<'t>,
    insert_case: Statement<'t>,
    find_identifier: Statement<'t>,
    insert_identifier: Statement<'t>,
    link: Statement<'t>,
    insert_warning: Statement<'t>,
    insert_rejected: Statement<'t>,
    identifier_ids: IdMap,
    /// False when the identifier table was empty as the file began: every identifier
    /// not in the map is new, no lookup needed.
    known_identifiers: bool,
    /// Set once a value was too long for the map: from then on, a value not in the map
    /// may still be in the table.
    uncached: bool,
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
                    extra, original, content_hash)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,
                    ?16, ?17, ?18, ?19)",
            )?,
            find_identifier: tx
                .prepare("SELECT id FROM identifiers WHERE kind = ?1 AND value = ?2")?,
            insert_identifier: tx.prepare(
                "INSERT INTO identifiers (kind, value, display, flags, official)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?,
            link: tx.prepare(
                "INSERT OR IGNORE INTO case_identifiers
                    (case_id, identifier_id, role, origin, display, side, excerpt)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?,
            insert_warning: tx
                .prepare("INSERT INTO warnings (case_id, field, message) VALUES (?1, ?2, ?3)")?,
            insert_rejected: tx.prepare(
                "INSERT INTO rejected_rows (batch_id, line, reason, raw) VALUES (?1, ?2, ?3, ?4)",
            )?,
            identifier_ids: IdMap::with_capacity(expected_identifiers),
            known_identifiers,
            uncached: false,
        })
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

    pub fn insert_case(&mut self, row: &ParsedRow, line: u64, original: &str) -> Result<()> {
        use super::headers::CaseField as F;
        let extra = extra_json(&row.extra);
        let case_id = self.insert_case.insert(params![
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
            row.content_hash,
        ])?;
        for found in &row.identifiers {
            let id = &found.identifier;
            let identifier_id = self.identifier_id(id.kind, &id.value, &id.display, id.flags)?;
            self.link.execute(params![
                case_id,
                identifier_id,
                found.role.as_str(),
                found.origin,
                id.display,
                found.side.as_str(),
                found.excerpt,
            ])?;
        }
        for warning in &row.warnings {
            self.insert_warning
                .execute(params![case_id, warning.field, warning.message])?;
        }
        Ok(())
    }

    fn identifier_id(
        &mut self,
        kind: IdKind,
        value: &str,
        display: &str,
        flags: u32,
    ) -> Result<i64> {
        if let Some(id) = self.identifier_ids.get(kind, value) {
            return Ok(id);
        }
        let found: Option<i64> = match self.known_identifiers || self.uncached {
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
                self.insert_identifier.insert(params![
                    kind.as_str(),
                    value,
                    display,
                    flags,
                    official
                ])?
            }
        };
        if !self.identifier_ids.insert(kind, value, id) {
            self.uncached = true;
        }
        Ok(id)
    }

    pub fn reject(&mut self, line: u64, reason: &str, raw: &str) -> Result<()> {
        self.insert_rejected
            .execute(params![self.batch_id, line as i64, reason, raw])?;
        Ok(())
    }
}

/// Unknown columns as a JSON object, in file order.
fn extra_json(extra: &[(String, String)]) -> String {
    let map: serde_json::Map<String, serde_json::Value> = extra
        .iter()
        .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
        .collect();
    serde_json::Value::Object(map).to_string()
}
