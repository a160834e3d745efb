//! Writes one file's rows inside its transaction: the batch record, cases, their
//! identifiers (upserted through an in-memory map so each is looked up once per file),
//! warnings and rejected rows. Statements are prepared once per file.
//!
//! A row whose report_no is stored already is a duplicate (the same content), a new
//! version of its case (other content, from an earlier batch: the case takes it and
//! the version it replaces is kept in `case_versions`), or a conflict (two rows of
//! one file, or any other content under `--no-update`: rejected).

use rusqlite::types::ToSql;
use rusqlite::{OptionalExtension, Statement, Transaction, params};

use super::headers::CaseField;
use super::idmap::NO_NUMBER;
use super::prepared::{Excerpt, Prepared};
use super::row::ParsedRow;
use crate::Result;
use crate::link::LoadLog;
use crate::model::{IdKind, origin_code};
use crate::store::lean::ScamTypeSpelling;

/// A case already in the database under the same report_no.
pub struct Existing {
    pub case_id: i64,
    /// Of its stored raw fields (see `row::content_hash`): not stored with the case.
    pub content_hash: [u8; 16],
    pub batch_id: i64,
    pub file_name: String,
    pub line: i64,
}

/// A row refused for a report_no that is there already.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// The same content as the case, or as a version it replaced (a row of an older
    /// export imported again: it does not undo the correction): skipped and counted.
    Duplicate,
    /// Other content, from an earlier batch: the case took it as its new version.
    Updated,
    /// Other content in the same file, or under `--no-update`: rejected, with the
    /// reason written.
    Conflict,
}

pub struct Writer<'t> {
    batch_id: i64,
    /// The workbook sheet whose rows are being written (None: a CSV file).
    sheet: Option<i64>,
    insert_column: Statement<'t>,
    /// Whether other content from an earlier batch updates the case (else: rejected).
    update: bool,
    find_case: Statement<'t>,
    insert_case: Statement<'t>,
    /// Whether a content hash is one of a case's replaced versions.
    find_version: Statement<'t>,
    /// The raw fields of a stored case, and of its replaced versions: read again
    /// as the import reads a row (`reread`) to tell a re-export written
    /// differently from a correction.
    case_fields: Statement<'t>,
    version_fields: Statement<'t>,
    /// Headers naming every known field, in `CaseField::ALL`'s order.
    reread: super::headers::ColumnMap,
    /// Copies a case's current version into `case_versions`.
    keep_version: Statement<'t>,
    update_case: Statement<'t>,
    /// A case's links, dropped before its new version's are written.
    drop_links: Statement<'t>,
    /// Notes the identifiers of links about to be dropped (`temp.replaced_links`):
    /// one no case holds any more is deleted after the rows ([`finish_updates`]).
    note_links: Statement<'t>,
    find_identifier: Statement<'t>,
    insert_identifier: Statement<'t>,
    /// The ids of the unknown columns' texts (migration 019).
    extras: crate::store::extras::Extras<'t>,
    /// `links[n - 1]` writes n links in one statement: a case's few links in one step
    /// instead of one each (writer CPU 8.8 → 8.4 s at a million rows).
    links: Vec<Statement<'t>>,
    /// The identifier ids of the case being written, each with whether it is written
    /// as stored (kept to reuse its room).
    case_links: Vec<(i64, bool)>,
    /// The form each numbered identifier is stored with (`identifiers.display`), by
    /// number: its place in `display_text`.
    displays: Vec<(u32, u32)>,
    display_text: String,
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
        tx.execute_batch(
            "CREATE TEMP TABLE IF NOT EXISTS replaced_links (identifier_id INTEGER PRIMARY KEY)",
        )?;
        Ok(Writer {
            batch_id,
            sheet: None,
            insert_column: tx.prepare(
                "INSERT INTO batch_columns (batch_id, sheet, position, name, field)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?,
            update: true,
            find_case: tx.prepare(&format!(
                "SELECT c.id, c.batch_id, b.file_name, c.line, c.report_no, {}
                   FROM cases c JOIN batches b ON b.id = c.batch_id
                  WHERE c.report_no = ?1",
                RAW_FIELDS
                    .map(|f| crate::store::rows::raw_expr("c", f, true))
                    .join(", ")
            ))?,
            find_version: tx.prepare(
                "SELECT EXISTS (SELECT 1 FROM case_versions
                                 WHERE case_id = ?1 AND content_hash = ?2)",
            )?,
            case_fields: tx.prepare(&format!(
                "SELECT {} FROM cases x WHERE id = ?1",
                RAW_FIELDS
                    .map(|c| crate::store::rows::raw_expr("x", c, true))
                    .join(", ")
            ))?,
            version_fields: tx.prepare(&format!(
                "SELECT {} FROM case_versions WHERE case_id = ?1 ORDER BY id DESC",
                RAW_FIELDS.join(", ")
            ))?,
            reread: super::headers::ColumnMap::from_headers(
                super::headers::CaseField::ALL.map(|f| f.name()),
            )
            .ok_or_else(|| crate::Error::Inconsistent("the field names are no header".into()))?,
            keep_version: tx.prepare(&format!(
                "INSERT INTO case_versions (case_id, batch_id, line, replaced_by,
                    reported_at_raw, occurred_at_raw, victim_name, victim_phone, caller_raw,
                    account_raw, contact_raw, amount_raw, scam_type, script, extra,
                    content_hash, group_before, sheet, cells)
                 SELECT id, batch_id, line, ?2, {}, {},
                        victim_name, victim_phone, caller_raw, account_raw, contact_raw,
                        amount_raw, scam_type, script, {}, ?3,
                        (SELECT group_id FROM case_groups WHERE case_id = ?1), sheet, cells
                   FROM cases x WHERE id = ?1",
                crate::store::rows::raw_expr("x", "reported_at_raw", true),
                crate::store::rows::raw_expr("x", "occurred_at_raw", true),
                crate::store::extras::text_of("x"),
            ))?,
            update_case: tx.prepare(
                "UPDATE cases SET batch_id = ?2, line = ?3, reported_at = ?4,
                    reported_at_raw = ?5, occurred_at = ?6, occurred_at_raw = ?7,
                    victim_name = ?8, victim_phone = ?9, caller_raw = ?10, account_raw = ?11,
                    contact_raw = ?12, amount_fen = ?13, amount_raw = ?14, scam_type_spelling = ?15,
                    script = ?16, extra_id = ?17, scam_type_code = ?18, scam_type_source = ?19,
                    sheet = ?20, cells = ?21
                  WHERE id = ?1",
            )?,
            drop_links: tx.prepare("DELETE FROM case_identifier_codes WHERE case_id = ?1")?,
            note_links: tx.prepare(
                "INSERT OR IGNORE INTO temp.replaced_links (identifier_id)
                 SELECT identifier_id FROM case_identifier_codes WHERE case_id = ?1",
            )?,
            insert_case: tx.prepare(
                "INSERT INTO cases (report_no, batch_id, line, reported_at, reported_at_raw,
                    occurred_at, occurred_at_raw, victim_name, victim_phone, caller_raw,
                    account_raw, contact_raw, amount_fen, amount_raw, scam_type_spelling,
                    script, extra_id, scam_type_code, scam_type_source, sheet, cells)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,
                    ?16, ?17, ?18, ?19, ?20, ?21)",
            )?,
            // By the kind's stored code: the unique key's own columns, nothing decoded.
            // Each tier named (`store::tiers`): one seek in the merged tier for a known
            // identifier (the first row ends the query), a second in the recent tier
            // only when not found there, each in its tier's own index (migration 021).
            find_identifier: tx.prepare(&format!(
                "SELECT id, display FROM identifiers
                  WHERE tier = {merged} AND value = ?2 AND kind_code = ?1
                 UNION ALL
                 SELECT id, display FROM identifiers
                  WHERE tier = {recent} AND value = ?2 AND kind_code = ?1",
                merged = crate::store::tiers::MERGED,
                recent = crate::store::tiers::RECENT,
            ))?,
            insert_identifier: tx.prepare(crate::store::lean::INSERT_IDENTIFIER)?,
            extras: crate::store::extras::Extras::new(tx)?,
            links: (1..=LINKS_AT_ONCE)
                .map(|n| tx.prepare(&links_sql(crate::store::tiers::MERGED, n)))
                .collect::<rusqlite::Result<_>>()?,
            case_links: Vec::new(),
            displays: Vec::with_capacity(expected_identifiers),
            display_text: String::new(),
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

    /// The rows that follow are a source's (a CSV file, or workbook sheet `sheet`) read
    /// under `map`: its header is kept with the batch (`batch_columns`), each row is
    /// rebuilt from it (`store::rows`).
    pub fn begin_source(
        &mut self,
        sheet: Option<i64>,
        map: &super::headers::ColumnMap,
    ) -> Result<()> {
        self.sheet = sheet;
        for (i, column) in map.header.iter().enumerate() {
            self.insert_column.execute(params![
                self.batch_id,
                sheet.unwrap_or(0),
                i as i64,
                column.name,
                column.field
            ])?;
        }
        Ok(())
    }

    /// Keeps a log of the links and cases written from now on (a first load: see
    /// [`LoadLog`]).
    pub fn keep_log(&mut self) {
        self.log = Some(LoadLog::default());
    }

    /// Writes the links and new identifiers from now on in the recent tier
    /// (`store::tiers`): a batch written through the indexes, whose rows among the
    /// merged ones would dirty every leaf of the indexes. A bulk load writes merged
    /// rows: it rebuilds the link index, and its identifiers are most of the table.
    pub fn links_into_recent(&mut self, tx: &'t Transaction<'t>) -> Result<()> {
        self.links = (1..=LINKS_AT_ONCE)
            .map(|n| tx.prepare(&links_sql(crate::store::tiers::RECENT, n)))
            .collect::<rusqlite::Result<_>>()?;
        self.insert_identifier = tx.prepare(crate::store::lean::INSERT_RECENT_IDENTIFIER)?;
        Ok(())
    }

    pub fn take_log(&mut self) -> Option<LoadLog> {
        self.log.take()
    }

    /// Rejects other content under a stored report_no, as before versions were kept
    /// (`import --no-update`).
    pub fn no_update(&mut self) {
        self.update = false;
    }

    pub fn existing(&mut self, report_no: &str) -> Result<Option<Existing>> {
        Ok(self
            .find_case
            .query_row([report_no], |r| {
                let mut fields: Vec<String> = Vec::with_capacity(RAW_COUNT + 1);
                for i in 0..=RAW_COUNT {
                    fields.push(r.get(4 + i)?);
                }
                Ok(Existing {
                    case_id: r.get(0)?,
                    content_hash: super::row::content_hash(fields.iter().map(String::as_str)),
                    batch_id: r.get(1)?,
                    file_name: r.get(2)?,
                    line: r.get(3)?,
                })
            })
            .optional()?)
    }

    /// What to make of a row whose insert was refused for its report_no: a
    /// duplicate of the stored case (or of a version it replaced), a new version of
    /// it (written here), or a conflict, rejected here with a reason that names the
    /// row stored first. `prep` and `numbers` as for [`Writer::insert_prepared`].
    pub fn refused(
        &mut self,
        row: &ParsedRow,
        prep: &Prepared,
        numbers: &[u32],
        line: u64,
        original: &str,
    ) -> Result<Refused> {
        let first = self.existing(&row.report_no)?.ok_or_else(|| {
            crate::Error::Inconsistent(format!(
                "line {line}: report_no {} is refused as present but cannot be found",
                row.report_no
            ))
        })?;
        let hash = row.content_hash();
        if first.content_hash == hash || self.reads_the_same(first.case_id, row)? {
            return Ok(Refused::Duplicate);
        }
        // Two rows of one file: which is the correction cannot be told.
        if first.batch_id == self.batch_id {
            let reason = format!(
                "report_no {} conflicts with line {} of this file (same report_no, different content)",
                row.report_no, first.line
            );
            self.reject(line, &reason, original)?;
            return Ok(Refused::Conflict);
        }
        if self.was_a_version(first.case_id, &hash, row)? {
            return Ok(Refused::Duplicate);
        }
        if !self.update {
            let reason = format!(
                "report_no {} conflicts with batch {} ({} line {}): same report_no, different content (not updated: --no-update)",
                row.report_no, first.batch_id, first.file_name, first.line
            );
            self.reject(line, &reason, original)?;
            return Ok(Refused::Conflict);
        }
        self.update_case(first.case_id, &first.content_hash, row, prep, numbers, line)?;
        Ok(Refused::Updated)
    }

    /// Whether `row` says what stored case `case_id` says, written differently (a
    /// re-export by another tool, a spreadsheet saved again, a workbook's date
    /// cells): then it is a duplicate, not a correction that changed nothing but
    /// `2026/11/2` into `2026-11-02`.
    fn reads_the_same(&mut self, case_id: i64, row: &ParsedRow) -> Result<bool> {
        let fields: [String; RAW_COUNT] = self.case_fields.query_row([case_id], raw_fields)?;
        Ok(self
            .reread(&row.report_no, &fields)
            .is_some_and(|stored| same_reading(&stored, row)))
    }

    /// Whether `row` is a version case `case_id` had before (a row of an older export
    /// imported again): the same content, or the same once read.
    fn was_a_version(&mut self, case_id: i64, hash: &[u8; 16], row: &ParsedRow) -> Result<bool> {
        let same_hash: bool = self
            .find_version
            .query_row(params![case_id, &hash[..]], |r| r.get(0))?;
        if same_hash {
            return Ok(true);
        }
        let versions: Vec<[String; RAW_COUNT]> = self
            .version_fields
            .query_map([case_id], raw_fields)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(versions.iter().any(|fields| {
            self.reread(&row.report_no, fields)
                .is_some_and(|old| same_reading(&old, row))
        }))
    }

    /// A stored version's raw fields read again as the import reads a row.
    fn reread(&self, report_no: &str, fields: &[String; RAW_COUNT]) -> Option<ParsedRow> {
        let mut record: Vec<&str> = vec![report_no];
        record.extend(fields.iter().map(String::as_str));
        super::row::parse_row(&self.reread, &record).ok()
    }

    /// Makes `row` the current version of case `case_id` (whose stored fields hash to
    /// `stored_hash`): the version it replaces goes to `case_versions` with that hash,
    /// the case row takes the new fields, batch and line, and its links are the new
    /// version's. Its old warnings, and identifiers no case
    /// holds any more, are dropped after the rows ([`finish_updates`]: the indexes
    /// that find them may be set aside now).
    fn update_case(
        &mut self,
        case_id: i64,
        stored_hash: &[u8; 16],
        row: &ParsedRow,
        prep: &Prepared,
        numbers: &[u32],
        line: u64,
    ) -> Result<()> {
        self.keep_version
            .execute(params![case_id, self.batch_id, &stored_hash[..]])?;
        let extra = self.extras.id(&prep.extra)?;
        let values = CaseValues::of(self.batch_id, self.sheet, row, prep, extra, line);
        self.update_case.execute(rusqlite::params_from_iter(
            std::iter::once(&case_id as &dyn ToSql).chain(values.bind()),
        ))?;
        self.note_links.execute([case_id])?;
        self.drop_links.execute([case_id])?;
        self.write_links(case_id, row, prep, numbers)
    }

    /// [`Writer::insert_prepared`], the row's stored forms made here.
    #[cfg(test)]
    pub fn insert_case(&mut self, row: &ParsedRow, numbers: &[u32], line: u64) -> Result<bool> {
        self.insert_prepared(row, &Prepared::of(row), numbers, line)
    }

    /// Writes a case and links its identifiers; `prep` holds the row's stored forms
    /// (made on the parsing thread: `import::prepared`), `numbers` the file's numbers
    /// for `row.identifiers`, in order. False, with nothing written, when a case with
    /// its report_no is stored already ([`Writer::existing`] tells which).
    pub fn insert_prepared(
        &mut self,
        row: &ParsedRow,
        prep: &Prepared,
        numbers: &[u32],
        line: u64,
    ) -> Result<bool> {
        let extra = self.extras.id(&prep.extra)?;
        let values = CaseValues::of(self.batch_id, self.sheet, row, prep, extra, line);
        let inserted = self.insert_case.insert(rusqlite::params_from_iter(
            std::iter::once(&row.report_no as &dyn ToSql).chain(values.bind()),
        ));
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
        self.write_links(case_id, row, prep, numbers)?;
        Ok(true)
    }

    /// Links case `case_id` to the identifiers of `row` and writes its warnings.
    fn write_links(
        &mut self,
        case_id: i64,
        row: &ParsedRow,
        prep: &Prepared,
        numbers: &[u32],
    ) -> Result<()> {
        let mut ids = std::mem::take(&mut self.case_links);
        ids.clear();
        for (i, found) in row.identifiers.iter().enumerate() {
            let id = &found.identifier;
            let number = numbers.get(i).copied().unwrap_or(NO_NUMBER);
            ids.push(self.identifier_id(number, id.kind, &id.value, &id.display, id.flags)?);
        }
        if let Some(log) = &mut self.log {
            log.case(case_id, row.reported_at.as_deref(), &row.report_no);
            for (found, &(identifier_id, _)) in row.identifiers.iter().zip(&ids) {
                log.link(case_id, identifier_id, found.identifier.kind, found.role);
            }
        }
        for (chunk, (found, ids)) in row
            .identifiers
            .chunks(LINKS_AT_ONCE)
            .zip(ids.chunks(LINKS_AT_ONCE))
            .enumerate()
        {
            let Some(link) = self.links.get_mut(found.len().wrapping_sub(1)) else {
                continue;
            };
            for (k, (found, &(identifier_id, as_stored))) in found.iter().zip(ids).enumerate() {
                let at = k * LINK_COLUMNS;
                let display = (!as_stored).then_some(found.identifier.display.as_str());
                let (from, chars, excerpt) = match prep.excerpt(chunk * LINKS_AT_ONCE + k) {
                    Excerpt::None => (None, None, None),
                    Excerpt::At { from, chars } => (Some(from), Some(chars), None),
                    Excerpt::Apart => (None, None, found.excerpt.as_deref()),
                };
                link.raw_bind_parameter(at + 1, case_id)?;
                link.raw_bind_parameter(at + 2, identifier_id)?;
                link.raw_bind_parameter(at + 3, found.role.code())?;
                link.raw_bind_parameter(at + 4, origin_code(found.origin))?;
                link.raw_bind_parameter(at + 5, display)?;
                link.raw_bind_parameter(at + 6, found.side.code())?;
                link.raw_bind_parameter(at + 7, from)?;
                link.raw_bind_parameter(at + 8, chars)?;
                link.raw_bind_parameter(at + 9, excerpt)?;
            }
            link.raw_execute()?;
        }
        self.case_links = ids;
        for warning in &row.warnings {
            self.insert_warning
                .execute(params![case_id, warning.field, warning.message])?;
        }
        Ok(())
    }

    /// The identifier's id, and whether `display` is the form it is stored with
    /// (`identifiers.display`: then the link need not repeat it).
    fn identifier_id(
        &mut self,
        number: u32,
        kind: IdKind,
        value: &str,
        display: &str,
        flags: u32,
    ) -> Result<(i64, bool)> {
        let numbered = number != NO_NUMBER;
        let at = number as usize;
        if let Some(&id) = self.identifier_ids.get(at).filter(|&&id| id != 0) {
            let same = self
                .displays
                .get(at)
                .and_then(|&(a, b)| self.display_text.get(a as usize..b as usize))
                == Some(display);
            return Ok((id, same));
        }
        // One without a number may have been written earlier in this file.
        let found: Option<(i64, String)> = match self.known_identifiers || !numbered {
            true => self
                .find_identifier
                .query_row(params![kind.code(), value], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?,
            false => None,
        };
        let (id, stored) = match found {
            Some((id, stored)) => (id, Some(stored)),
            None => {
                // Marked here, so that relinking after the import need not re-mark.
                let official = matches!(kind, IdKind::Phone | IdKind::Service)
                    && crate::link::official::is_official(value);
                let (code, value, kept) = crate::store::lean::identifier_row(kind, value, display);
                let id = self
                    .insert_identifier
                    .insert(params![code, value, kept, flags, official])?;
                if let (true, Some(log)) = (official, &mut self.log) {
                    log.official(id);
                }
                (id, None)
            }
        };
        let stored = stored.as_deref().unwrap_or(display);
        if numbered {
            if at >= self.identifier_ids.len() {
                self.identifier_ids.resize(at + 1, 0);
                self.displays.resize(at + 1, (0, 0));
            }
            self.identifier_ids[at] = id;
            let start = self.display_text.len() as u32;
            self.display_text.push_str(stored);
            self.displays[at] = (start, self.display_text.len() as u32);
        }
        Ok((id, stored == display))
    }

    pub fn reject(&mut self, line: u64, reason: &str, raw: &str) -> Result<()> {
        self.insert_rejected
            .execute(params![self.batch_id, line as i64, reason, raw])?;
        Ok(())
    }
}

/// The raw columns of every known field but report_no, in `CaseField::ALL`'s order
/// (the same in `cases` and `case_versions`).
const RAW_FIELDS: [&str; RAW_COUNT] = [
    "reported_at_raw",
    "occurred_at_raw",
    "victim_name",
    "victim_phone",
    "caller_raw",
    "account_raw",
    "amount_raw",
    "scam_type",
    "contact_raw",
    "script",
];
const RAW_COUNT: usize = 10;

fn raw_fields(r: &rusqlite::Row<'_>) -> rusqlite::Result<[String; RAW_COUNT]> {
    let mut out: [String; RAW_COUNT] = Default::default();
    for (i, field) in out.iter_mut().enumerate() {
        *field = r.get(i)?;
    }
    Ok(out)
}

/// Whether two rows say the same once read: the same dates and amount (as written
/// when they did not parse), victim, scam type, script (spacing aside) and
/// identifiers (kind, value, role).
fn same_reading(a: &ParsedRow, b: &ParsedRow) -> bool {
    use super::headers::CaseField as F;
    let text = |f: F| a.field(f).trim() == b.field(f).trim();
    let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
    let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    fn identifiers(row: &ParsedRow) -> Vec<(&str, &str, &str)> {
        let mut list: Vec<(&str, &str, &str)> = row
            .identifiers
            .iter()
            .map(|f| {
                (
                    f.identifier.kind.as_str(),
                    f.identifier.value.as_str(),
                    f.role.as_str(),
                )
            })
            .collect();
        list.sort_unstable();
        list.dedup();
        list
    }
    a.reported_at == b.reported_at
        && (a.reported_at.is_some() || text(F::ReportedAt))
        && a.occurred_at == b.occurred_at
        && (a.occurred_at.is_some() || text(F::OccurredAt))
        && a.amount_fen == b.amount_fen
        && (a.amount_fen.is_some() || text(F::Amount))
        && text(F::VictimName)
        && digits(a.field(F::VictimPhone)) == digits(b.field(F::VictimPhone))
        && text(F::ScamType)
        && words(a.field(F::Script)) == words(b.field(F::Script))
        && identifiers(a) == identifiers(b)
}

/// The warnings table's last rowid: those at or below it were written before the
/// file, for [`finish_updates`].
pub fn last_warning(tx: &Transaction<'_>) -> Result<i64> {
    Ok(
        tx.query_row("SELECT COALESCE(MAX(rowid), 0) FROM warnings", [], |r| {
            r.get(0)
        })?,
    )
}

/// What the versions batch `batch_id` replaced leave behind: the warnings of its
/// updated cases written before the file (rowid up to `before`, from
/// [`last_warning`]), and the identifiers their links held that no case holds now
/// (one on the ignore list, or ever on it, is kept: the analyst's decision stands
/// should it come back). Run after the rows, once the indexes that find them are
/// there again (a bulk load sets them aside): a lookup each, not a scan each.
pub fn finish_updates(tx: &Transaction<'_>, batch_id: i64, before: i64) -> Result<()> {
    tx.execute(
        "DELETE FROM warnings
          WHERE case_id IN (SELECT case_id FROM case_versions WHERE replaced_by = ?1)
            AND rowid <= ?2",
        params![batch_id, before],
    )?;
    tx.execute_batch(
        "DELETE FROM identifiers
          WHERE id IN (SELECT identifier_id FROM temp.replaced_links)
            AND ignored = 0
            AND NOT EXISTS (SELECT 1 FROM case_identifiers ci WHERE ci.identifier_id = identifiers.id)
            AND NOT EXISTS (SELECT 1 FROM ignore_log l WHERE l.identifier_id = identifiers.id);
         DELETE FROM temp.replaced_links;",
    )?;
    Ok(())
}

/// The values a case row binds after its key (report_no to insert, id to update), in
/// the order both statements name them (?2 on): one list, so that the two cannot
/// drift apart.
struct CaseValues<'r> {
    batch_id: i64,
    line: i64,
    row: &'r ParsedRow,
    /// The raw fields in [`CaseValues::RAW`]'s order.
    raw: [&'r str; 10],
    /// The unknown columns' text as stored: its id in `case_extras` (migration 019).
    extra: Option<i64>,
    code: i64,
    source: i64,
    sheet: Option<i64>,
    /// The row's cells as a JSON array, when they must be kept (`ParsedRow::cells`).
    cells: Option<&'r str>,
    /// The dates as written, as little of them as gives them back (`RawDate`).
    reported_raw: RawDate<'r>,
    occurred_raw: RawDate<'r>,
    /// The scam type as written, as the row stores it (migration 016).
    spelling: ScamTypeSpelling<'r>,
}

/// A date as written, beside its normalised form (`2026-11-23`, maybe with a time):
/// NULL when it is that form; a one-byte blob (which no text column's affinity turns
/// into text) when it is that form with `/` or `.` for each `-` (the blob is the
/// separator: nine rows in ten of some exports) or written `2026年11月23日` (the blob is
/// `C`); else the text. Read back by `store::rows::raw_expr`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RawDate<'r> {
    Normalised,
    Separator(&'static [u8]),
    Text(&'r str),
}

impl<'r> RawDate<'r> {
    fn of(raw: &'r str, normal: Option<&str>) -> Self {
        let Some(normal) = normal else {
            return RawDate::Text(raw);
        };
        if normal == raw {
            return RawDate::Normalised;
        }
        // The same length, each byte the normalised one's or a separator for its `-`.
        let separated = |sep: u8| {
            raw.len() == normal.len()
                && normal.contains('-')
                && raw
                    .bytes()
                    .zip(normal.bytes())
                    .all(|(r, n)| r == n || (n == b'-' && r == sep))
                && !raw.contains('-')
        };
        let chinese = || {
            let n = normal.as_bytes();
            n.len() == 10
                && n[4] == b'-'
                && n[7] == b'-'
                && raw.len() == 17
                && raw.get(..4) == normal.get(..4)
                && raw.get(4..7) == Some("年")
                && raw.get(7..9) == normal.get(5..7)
                && raw.get(9..12) == Some("月")
                && raw.get(12..14) == normal.get(8..10)
                && raw.get(14..) == Some("日")
        };
        match () {
            _ if separated(b'/') => RawDate::Separator(b"/"),
            _ if separated(b'.') => RawDate::Separator(b"."),
            _ if chinese() => RawDate::Separator(b"C"),
            _ => RawDate::Text(raw),
        }
    }
}

impl ToSql for RawDate<'_> {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(ToSqlOutput::Borrowed(match *self {
            RawDate::Normalised => ValueRef::Null,
            RawDate::Separator(sep) => ValueRef::Blob(sep),
            RawDate::Text(text) => ValueRef::Text(text.as_bytes()),
        }))
    }
}

impl<'r> CaseValues<'r> {
    /// The raw fields a case row keeps, in the statements' order.
    const RAW: [CaseField; 10] = [
        CaseField::ReportedAt,
        CaseField::OccurredAt,
        CaseField::VictimName,
        CaseField::VictimPhone,
        CaseField::Caller,
        CaseField::Account,
        CaseField::Contact,
        CaseField::Amount,
        CaseField::ScamType,
        CaseField::Script,
    ];

    fn of(
        batch_id: i64,
        sheet: Option<i64>,
        row: &'r ParsedRow,
        prep: &'r Prepared,
        extra: Option<i64>,
        line: u64,
    ) -> Self {
        let written =
            |f: CaseField, normal: &Option<String>| RawDate::of(row.field(f), normal.as_deref());
        CaseValues {
            batch_id,
            line: line as i64,
            row,
            reported_raw: written(CaseField::ReportedAt, &row.reported_at),
            occurred_raw: written(CaseField::OccurredAt, &row.occurred_at),
            raw: Self::RAW.map(|f| row.field(f)),
            spelling: ScamTypeSpelling(row.field(CaseField::ScamType)),
            extra,
            code: row.scam_type.code.id(),
            source: row.scam_type.source.id(),
            sheet,
            cells: prep.cells.as_deref(),
        }
    }

    fn bind(&self) -> [&dyn ToSql; 20] {
        let [
            _reported,
            _occurred,
            name,
            phone,
            caller,
            account,
            contact,
            amount,
            _kind,
            script,
        ] = &self.raw;
        [
            &self.batch_id,
            &self.line,
            &self.row.reported_at,
            &self.reported_raw,
            &self.row.occurred_at,
            &self.occurred_raw,
            name,
            phone,
            caller,
            account,
            contact,
            &self.row.amount_fen,
            amount,
            &self.spelling,
            script,
            &self.extra,
            &self.code,
            &self.source,
            &self.sheet,
            &self.cells,
        ]
    }
}

/// Links written by one statement at most.
const LINKS_AT_ONCE: usize = 8;

/// Values a link row binds.
const LINK_COLUMNS: usize = 9;

/// An insert of `n` links in tier `tier` (a duplicate of one already written is
/// ignored).
fn links_sql(tier: i64, n: usize) -> String {
    let row = format!("({}, {tier})", ["?"; LINK_COLUMNS].join(", "));
    format!(
        "INSERT OR IGNORE INTO case_identifier_codes
            (case_id, identifier_id, role, origin, display, side, excerpt_from,
             excerpt_chars, excerpt, tier)
         VALUES {}",
        vec![row; n].join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::headers::ColumnMap;
    use crate::import::row::parse_row;

    use crate::store::test_store_with_a_batch as store_with_a_batch;

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
            writer.insert_case(&row, &numbers, 2).unwrap();
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
        assert!(writer.insert_case(&first, &[0], 2).unwrap());
        let again = parse_row(&map, &["R1", "13987654321"]).unwrap();
        assert!(!writer.insert_case(&again, &[1], 3).unwrap());
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

    /// A link keeps neither the form its identifier is stored with nor the words the
    /// script holds: both read back through the view as written.
    #[test]
    fn a_link_repeats_neither_the_stored_form_nor_the_script() {
        let (_dir, mut store) = store_with_a_batch();
        let tx = store.conn.transaction().unwrap();
        let map = ColumnMap::from_headers(["report_no", "caller_number", "script"]).unwrap();
        let script = "对方自称客服，嫌疑人微信wx_ab12cd要求转账";
        let mut writer = Writer::new(&tx, 1, false, 4).unwrap();
        for (no, caller) in [
            ("R1", "13812345678"),
            ("R2", "138 1234 5678"),
            ("R3", "13812345678"),
        ] {
            let row = parse_row(&map, &[no, caller, script]).unwrap();
            let numbers: Vec<u32> = (0..row.identifiers.len() as u32).collect();
            writer.insert_case(&row, &numbers, 2).unwrap();
        }
        drop(writer);
        let texts = |sql: &str| -> Vec<Option<String>> {
            let mut stmt = tx.prepare(sql).unwrap();
            stmt.query_map([], |r| r.get(0))
                .unwrap()
                .map(Result::unwrap)
                .collect()
        };
        // Stored: only R2's other form of the number.
        assert_eq!(
            texts("SELECT display FROM case_identifier_codes WHERE role = 0 ORDER BY case_id"),
            [None, Some("138 1234 5678".to_string()), None]
        );
        assert_eq!(
            texts("SELECT display FROM case_identifiers WHERE role = 'caller' ORDER BY case_id"),
            [
                Some("13812345678".into()),
                Some("138 1234 5678".into()),
                Some("13812345678".into())
            ]
        );
        assert_eq!(
            texts("SELECT excerpt FROM case_identifier_codes WHERE excerpt_from IS NOT NULL"),
            [None, None, None]
        );
        let read: Vec<Option<String>> =
            texts("SELECT excerpt FROM case_identifiers WHERE origin = 'script' ORDER BY case_id");
        assert_eq!(read.len(), 3);
        for excerpt in read {
            let excerpt = excerpt.expect("an excerpt");
            assert!(
                excerpt.contains("wx_ab12cd") && script.contains(&excerpt),
                "{excerpt}"
            );
        }
    }

    /// A date as written keeps only what its normalised form does not give back (a
    /// separator, as a blob), and every form reads back as written; the content hash
    /// worked out from the stored fields is the row's.
    #[test]
    fn dates_as_written_come_back_from_the_little_kept() {
        let (_dir, mut store) = store_with_a_batch();
        let tx = store.conn.transaction().unwrap();
        let map = ColumnMap::from_headers(["report_no", "reported_at", "occurred_at"]).unwrap();
        let dates = [
            ("R1", "2026/11/23", "2026.11.20"),
            ("R2", "2026-11-23", "2026/11/22 21:49"),
            ("R3", "2026年11月23日", "/"),
            ("R5", "2026年1月3日", "2026年11月23日 10:00"),
            ("R4", "2026/11-23", ""),
        ];
        let mut writer = Writer::new(&tx, 1, false, 4).unwrap();
        for (no, reported, occurred) in dates {
            let row = parse_row(&map, &[no, reported, occurred]).unwrap();
            assert!(writer.insert_case(&row, &[], 2).unwrap());
            let stored = writer.existing(no).unwrap().unwrap();
            assert_eq!(stored.content_hash, row.content_hash(), "{no}");
        }
        drop(writer);
        let read: Vec<(String, String, String, String)> = tx
            .prepare(&format!(
                "SELECT report_no, {}, {}, typeof(reported_at_raw) FROM cases x ORDER BY report_no",
                crate::store::rows::raw_expr("x", "reported_at_raw", true),
                crate::store::rows::raw_expr("x", "occurred_at_raw", true),
            ))
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let kinds = ["blob", "null", "blob", "text", "text"];
        for ((no, reported, occurred), kind) in dates.iter().zip(kinds) {
            assert!(
                read.contains(&(
                    no.to_string(),
                    reported.to_string(),
                    occurred.to_string(),
                    kind.to_string()
                )),
                "{no}: {read:?}"
            );
        }
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
        writer.insert_case(&row, &numbering, 2).unwrap();
        drop(writer);
        let links: i64 = tx
            .query_row("SELECT COUNT(*) FROM case_identifiers", [], |r| r.get(0))
            .unwrap();
        assert_eq!(links, n as i64 - 1);
    }
}
