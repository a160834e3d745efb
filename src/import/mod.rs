//! Import of weekly batches: reader → normaliser → writer, one transaction per file.
//! Every row read is imported, skipped as a duplicate, or rejected with its line
//! number and reason, and counted: `read = imported + updated + duplicate + rejected`
//! (`updated`: a corrected report that became its case's new version).

mod cell_text;
pub mod decode;
mod hashed;
pub mod headers;
mod idmap;
mod lookahead;
mod prepared;
pub mod quotes;
mod records;
pub mod row;
mod timing;
mod warm;
pub mod workbook;
mod writer;

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rusqlite::{OptionalExtension, TransactionBehavior, params};

use crate::link::{self, GroupChange};
use crate::store::Store;
use crate::{Error, Result};
use headers::ColumnMap;
use row::RowError;
use writer::{Refused, Writer};

/// Where an import stands, reported now and then to the front end.
#[derive(Debug, Clone, Copy)]
pub struct Progress<'a> {
    pub file: &'a Path,
    pub bytes_done: u64,
    pub bytes_total: u64,
    pub rows: u64,
    pub stage: Stage,
    /// The stages' times so far: those after the rows fill in as each ends.
    pub phases: Phases,
}

/// The steps of a file's import. After its rows a big file still has seconds of work
/// (a million rows: ~6 s of indexes, ~2.5 s of linking): the front end says which,
/// rather than a finished bar that does not move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Opening a workbook and reading its sheets (two seconds at 100,000 rows), before
    /// its rows are counted.
    Reading,
    Rows,
    /// Building the indexes a bulk load set aside.
    Indexes,
    /// Linking the file's cases into groups.
    Linking,
    /// Every change made, the transaction about to commit (the write-ahead log's
    /// checkpoint runs in it). The last point a stop rolls the file back.
    Committing,
    /// Committed.
    Done,
}

impl Stage {
    /// What the front end shows beside the file's rows, if anything.
    pub fn label(self) -> Option<&'static str> {
        match self {
            Stage::Rows | Stage::Done => None,
            Stage::Reading => Some("reading the workbook"),
            Stage::Indexes => Some("building indexes"),
            Stage::Linking => Some("linking groups"),
            Stage::Committing => Some("writing to disk"),
        }
    }
}

/// How long each stage of a file's import took (wall time), and the CPU its two
/// threads spent on the rows when asked for ([`ImportOptions::measure_cpu`]). Data for
/// the front end, which shows it or not: the core prints nothing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Phases {
    /// From the start to the first row: the file read, hashed and decoded, its header
    /// mapped, the write lock taken, the batch begun and the bulk-load choice made.
    pub reading: Duration,
    /// The rows read, parsed and written (and the batch's counts recorded).
    pub rows: Duration,
    /// CPU time of the writing thread over the rows (None: not asked for, or not
    /// known on this system).
    pub writer_cpu: Option<Duration>,
    /// CPU time of the parsing thread.
    pub parser_cpu: Option<Duration>,
    /// Indexes a bulk load set aside rebuilt, the recent links merged when due
    /// (`store::tiers`), and what corrected reports left behind cleared.
    pub indexes: Duration,
    /// The groups relinked, their changes recorded, the hits counted.
    pub relink: Duration,
    /// The commit, with the checkpoint it may run: known at [`Stage::Done`].
    pub commit: Duration,
}

/// The counts of one imported file (one batch).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BatchCounts {
    pub read: u64,
    pub imported: u64,
    /// Rows that were a new version of a case from an earlier batch.
    pub updated: u64,
    pub duplicate: u64,
    pub rejected: u64,
    pub warnings: u64,
}

#[derive(Debug)]
pub enum FileOutcome {
    Imported {
        batch_id: i64,
        encoding: &'static str,
        counts: BatchCounts,
        /// What the file did to the linked-case groups.
        changes: Vec<GroupChange>,
        /// The file's cases that hold an identifier known from earlier batches.
        hit_cases: usize,
        /// A workbook's sheets that were not read: no header row with a report_no column.
        skipped_sheets: Vec<String>,
        /// How long each stage took.
        phases: Phases,
    },
    /// The same bytes were imported before: nothing changed.
    AlreadyImported {
        batch_id: i64,
    },
    /// The front end asked to stop: the file's transaction was rolled back.
    Cancelled,
    Failed(Error),
}

#[derive(Debug)]
pub struct FileReport {
    pub path: PathBuf,
    pub outcome: FileOutcome,
}

impl FileReport {
    /// The one-line summary the CLI prints for every file.
    pub fn summary(&self) -> String {
        let name = display_name(&self.path);
        match &self.outcome {
            FileOutcome::Imported { counts: c, .. } if c.read == 0 => {
                format!("{name}: 0 read: a header row and no rows under it")
            }
            FileOutcome::Imported { counts: c, .. } => format!(
                "{name}: {} read, {} imported, {} updated, {} duplicate, {} rejected, {} warnings",
                c.read, c.imported, c.updated, c.duplicate, c.rejected, c.warnings
            ),
            FileOutcome::AlreadyImported { batch_id } => {
                format!("{name}: already imported as batch {batch_id}, nothing changed")
            }
            FileOutcome::Cancelled => format!("{name}: cancelled, nothing of it was kept"),
            FileOutcome::Failed(Error::Db(rusqlite::Error::SqliteFailure(e, _)))
                if e.code == rusqlite::ErrorCode::DiskFull =>
            {
                format!(
                    "{name}: the disk is full, nothing of the file was kept: free room by the database, or for SQLite's temporary files (SQLITE_TMPDIR, else TMPDIR, else /var/tmp or /tmp: about 100 MB a million rows), and import it again"
                )
            }
            // File and I/O errors name the path themselves; others need it added.
            FileOutcome::Failed(e @ (Error::File { .. } | Error::Io { .. })) => e.to_string(),
            FileOutcome::Failed(e) => format!("{name}: {e}"),
        }
    }

    /// Lines about the file beside its summary: a workbook's sheets that were not read.
    pub fn notes(&self) -> Vec<String> {
        match &self.outcome {
            FileOutcome::Imported { skipped_sheets, .. } if !skipped_sheets.is_empty() => {
                vec![format!(
                    "not read: sheet{} {} (no header row with a report_no column)",
                    if skipped_sheets.len() > 1 { "s" } else { "" },
                    workbook::quoted_list(skipped_sheets)
                )]
            }
            _ => Vec::new(),
        }
    }
}

/// Line ends in `bytes` as the csv reader sees them: LF, CRLF, or a lone CR (the
/// old Mac "CSV (Macintosh)" export), so line numbers match the analyst's editor.
fn line_breaks(bytes: &[u8]) -> u64 {
    let lf = memchr::memchr_iter(b'\n', bytes).count();
    let lone_cr = memchr::memchr_iter(b'\r', bytes)
        .filter(|&i| bytes.get(i + 1) != Some(&b'\n'))
        .count();
    (lf + lone_cr) as u64
}

/// A reader of data rows (the header already read) over `text`.
fn rows_reader(text: &str) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
}

fn display_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// The files named, folders expanded (recursively, sorted) into the CSV files and
/// workbooks in them ([`workbook::is_importable`]). A path that does not exist is
/// returned as is, so that importing it reports the error by name.
pub fn importable_files(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut found = Vec::new();
            collect_importable(path, &mut found);
            found.sort();
            files.extend(found);
        } else {
            files.push(path.clone());
        }
    }
    files
}

/// The former name of [`importable_files`], kept for callers written before workbooks.
pub fn csv_files(paths: &[PathBuf]) -> Vec<PathBuf> {
    importable_files(paths)
}

fn collect_importable(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_importable(&path, out);
        } else if workbook::is_importable(&path) {
            out.push(path);
        }
    }
}

/// The importable files under `dir` whose content has not been imported yet. A file
/// whose path, size and modification time are a batch's is not read again.
pub fn pending_files(store: &Store, dir: &Path) -> Result<Vec<PathBuf>> {
    let mut pending = Vec::new();
    let mut stamped = store.conn.prepare(
        "SELECT EXISTS (SELECT 1 FROM batches
                         WHERE path = ?1 AND file_size = ?2 AND file_modified_ns = ?3)",
    )?;
    for path in importable_files(&[dir.to_path_buf()]) {
        if let Some(stamp) = Stamp::of(&path) {
            let known: bool = stamped.query_row(
                params![path.display().to_string(), stamp.size, stamp.modified_ns],
                |r| r.get(0),
            )?;
            if known {
                continue;
            }
        }
        let sha = hashed::hash_file(&path).map_err(|e| Error::io(&path, e))?;
        if batch_with_hash(&store.conn, &sha)?.is_none() {
            pending.push(path);
        }
    }
    Ok(pending)
}

/// A file's size and modification time: what tells, without reading it, that it is
/// the file a batch was imported from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    size: i64,
    modified_ns: i64,
}

impl Stamp {
    /// None when the file system does not tell (then the file is read and hashed).
    fn of(path: &Path) -> Option<Stamp> {
        let meta = std::fs::metadata(path).ok()?;
        let modified = meta
            .modified()
            .ok()?
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?;
        Some(Stamp {
            size: i64::try_from(meta.len()).ok()?,
            modified_ns: i64::try_from(modified.as_nanos()).ok()?,
        })
    }
}

/// How files are read, and what an import does beyond reading the rows.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The centre's own header names (the file beside the database, `--map`).
    pub headers: headers::HeaderAliases,
    /// A row whose report_no is stored from an earlier batch with other content
    /// becomes its case's new version (true, the default), or is rejected as a
    /// conflict (false: `import --no-update`).
    pub update: bool,
    /// Read the CPU time of the import's two threads into [`Phases`] (Linux only; off
    /// by default: a read of /proc per thread, for diagnostics).
    pub measure_cpu: bool,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            headers: headers::HeaderAliases::default(),
            update: true,
            measure_cpu: false,
        }
    }
}

impl ImportOptions {
    /// The options the database's own files give (its header alias file).
    pub fn for_store(store: &Store) -> Result<ImportOptions> {
        Ok(ImportOptions {
            headers: headers::HeaderAliases::for_database(store.path())?,
            ..ImportOptions::default()
        })
    }
}

/// Imports each file in its own transaction, with the database's own options (see
/// [`ImportOptions::for_store`]). One file failing does not stop the others.
pub fn import_files(
    store: &mut Store,
    files: &[PathBuf],
    progress: &mut dyn FnMut(Progress) -> ControlFlow<()>,
) -> Vec<FileReport> {
    match ImportOptions::for_store(store) {
        Ok(options) => import_files_with(store, files, &options, progress),
        // An alias file that does not read fails every file, each saying why.
        Err(e) => files
            .iter()
            .map(|path| FileReport {
                path: path.clone(),
                outcome: FileOutcome::Failed(Error::Repeated(e.to_string())),
            })
            .collect(),
    }
}

/// [`import_files`] with the options given.
pub fn import_files_with(
    store: &mut Store,
    files: &[PathBuf],
    options: &ImportOptions,
    progress: &mut dyn FnMut(Progress) -> ControlFlow<()>,
) -> Vec<FileReport> {
    warm_up();
    let mut reports = Vec::new();
    for path in files {
        let outcome = match import_file(store, path, options, progress) {
            Ok(outcome) => outcome,
            Err(e) => FileOutcome::Failed(e),
        };
        let cancelled = matches!(outcome, FileOutcome::Cancelled);
        reports.push(FileReport {
            path: path.clone(),
            outcome,
        });
        if cancelled {
            break;
        }
    }
    reports
}

/// A file whose bytes are neither text (`decode::DecodeError`) nor a workbook.
fn binary(path: &Path) -> Error {
    Error::file(
        path,
        format!(
            "not a file casebench reads: the content is binary, neither text nor a workbook; it reads {}",
            workbook::FORMATS_READ
        ),
    )
}

fn batch_with_hash(conn: &rusqlite::Connection, sha: &str) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT id FROM batches WHERE sha256 = ?1 ORDER BY id LIMIT 1",
            [sha],
            |r| r.get(0),
        )
        .optional()?)
}

/// Starts building what the parser builds on first use, on a thread of its own
/// (`warm`): call it as an import starts, before the database is opened, so that the
/// building overlaps the opening. Once per process; returns at once.
pub fn warm_up() {
    warm::in_background();
}

/// How often progress is reported, in rows.
const PROGRESS_EVERY: u64 = 2000;

pub fn import_file(
    store: &mut Store,
    path: &Path,
    options: &ImportOptions,
    progress: &mut dyn FnMut(Progress) -> ControlFlow<()>,
) -> Result<FileOutcome> {
    let started = Instant::now();
    // Taken before the read: a file changed while read gets a stamp that matches
    // nothing, and is hashed again next time.
    let stamp = Stamp::of(path);
    let (bytes, sha) = hashed::read_hashed(path).map_err(|e| Error::io(path, e))?;
    let file = FileBytes {
        path,
        sha: &sha,
        stamp,
        started,
        update: options.update,
        measure_cpu: options.measure_cpu,
    };
    if workbook::has_workbook_extension(path) || workbook::is_container(&bytes) {
        return import_workbook(store, file, bytes, options, progress);
    }
    let reading = decode::read(&bytes);
    if let Some(batch_id) = batch_with_hash(&store.conn, &sha)? {
        return Ok(FileOutcome::AlreadyImported { batch_id });
    }
    let decoded = reading.finish(bytes).map_err(|_| binary(path))?;
    let text = decoded.text().map_err(|_| binary(path))?;

    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    let header_read = reader
        .read_record(&mut record)
        .map_err(|e| Error::file(path, format!("not a CSV file: {e}")))?;
    if !header_read {
        return Err(Error::file(path, "line 1: empty file, no header row"));
    }
    let header_end = reader.position().byte() as usize;
    if quotes::runaway_quote(&text[..header_end], record.len()).is_some() {
        return Err(Error::file(
            path,
            "line 1: a quote in the header row is never closed, so the whole file reads as one header; fix the quote and import again",
        ));
    }
    let mut map = ColumnMap::from_headers_with(record.iter(), &options.headers)
        .ok_or_else(|| Error::file(path, headers::no_report_no(&options.headers)))?;

    map.scam_type_aliases = Some(store.scam_types().clone());
    let rows = Rows::Csv {
        decoded,
        header_end,
        map,
    };
    load(store, file, rows, progress)
}

/// A file read and hashed, before its content is looked at.
#[derive(Clone, Copy)]
struct FileBytes<'a> {
    path: &'a Path,
    sha: &'a str,
    stamp: Option<Stamp>,
    started: Instant,
    /// Corrected reports update their case (`ImportOptions::update`).
    update: bool,
    /// `ImportOptions::measure_cpu`.
    measure_cpu: bool,
}

/// A workbook (by its extension or its bytes): its sheets go through the same load as
/// a CSV file's text, each sheet rendered as CSV (`workbook`).
fn import_workbook(
    store: &mut Store,
    file: FileBytes<'_>,
    bytes: Vec<u8>,
    options: &ImportOptions,
    progress: &mut dyn FnMut(Progress) -> ControlFlow<()>,
) -> Result<FileOutcome> {
    if let Some(batch_id) = batch_with_hash(&store.conn, file.sha)? {
        return Ok(FileOutcome::AlreadyImported { batch_id });
    }
    let reading = Progress {
        file: file.path,
        bytes_done: 0,
        bytes_total: bytes.len() as u64,
        rows: 0,
        stage: Stage::Reading,
        phases: Phases::default(),
    };
    if progress(reading).is_break() {
        return Ok(FileOutcome::Cancelled);
    }
    let mut book = workbook::open(file.path, &bytes, &options.headers)?;
    drop(bytes);
    for sheet in &mut book.sheets {
        sheet.map.scam_type_aliases = Some(store.scam_types().clone());
    }
    load(store, file, Rows::Workbook(book), progress)
}

/// Loads a file that passed its checks: its rows in one transaction, with the bulk
/// settings around it.
fn load(
    store: &mut Store,
    file: FileBytes<'_>,
    rows: Rows,
    progress: &mut dyn FnMut(Progress) -> ControlFlow<()>,
) -> Result<FileOutcome> {
    // Before the settings below, so that no error leaves them changed. (Should one
    // leave the rollback journal on, the next open goes back to the WAL.)
    let journal = crate::store::bulk::journal_for_first_load(&store.conn)?;
    // The writer only links rows it has just written or looked up in this transaction,
    // so the per-row foreign-key probes buy nothing here; they are back on after.
    store.conn.pragma_update(None, "foreign_keys", "OFF")?;
    store.begin_writes()?;
    let file = CheckedFile {
        path: file.path,
        flush_behind: journal.rollback(),
        sha: file.sha,
        stamp: file.stamp,
        rows,
        started: file.started,
        update: file.update,
        measure_cpu: file.measure_cpu,
    };
    let result = import_rows(store, file, progress);
    let restored = journal.restore(&store.conn);
    // After a committed file, a failure here costs memory, not data: not an error.
    let _ = store.end_writes();
    store.conn.pragma_update(None, "foreign_keys", "ON")?;
    let outcome = result?;
    restored?;
    Ok(outcome)
}

/// A file that passed the checks before its rows: a CSV file decoded with a header that
/// maps, or a workbook's sheets rendered.
struct CheckedFile<'a> {
    path: &'a Path,
    /// The database file takes the load's pages directly (a first load through the
    /// rollback journal): they are synced behind it (`bulk::flush_behind`).
    flush_behind: bool,
    sha: &'a str,
    stamp: Option<Stamp>,
    /// Owned, so that the text can go before the indexes are rebuilt and the groups
    /// relinked: at a million rows that is 400 MiB less at the import's peak.
    rows: Rows,
    started: Instant,
    /// Corrected reports update their case (`ImportOptions::update`).
    update: bool,
    /// `ImportOptions::measure_cpu`.
    measure_cpu: bool,
}

/// What a checked file's rows are read from.
enum Rows {
    Csv {
        decoded: decode::Decoded,
        /// Where the rows start in the text.
        header_end: usize,
        map: ColumnMap,
    },
    Workbook(workbook::Workbook),
}

impl Rows {
    /// The batch's `encoding`: the text's, or the workbook's format.
    fn encoding(&self) -> &'static str {
        match self {
            Rows::Csv { decoded, .. } => decoded.encoding,
            Rows::Workbook(book) => book.format,
        }
    }

    /// The texts to read rows from: the file's, or each sheet's.
    fn sources(&self, path: &Path) -> Result<Vec<RowSource<'_>>> {
        Ok(match self {
            Rows::Csv {
                decoded,
                header_end,
                map,
            } => vec![RowSource {
                // Checked again (a twentieth of a second at a million rows): the text
                // borrows from `decoded`, which the load owns so as to drop it before
                // the indexes.
                text: decoded.text().map_err(|_| binary(path))?,
                header_end: *header_end,
                map,
                sheet: None,
            }],
            Rows::Workbook(book) => book
                .sheets
                .iter()
                .map(|s| RowSource {
                    text: &s.text,
                    header_end: s.header_end,
                    map: &s.map,
                    sheet: Some(s),
                })
                .collect(),
        })
    }
}

/// Rows to read: a CSV file's text, or one sheet of a workbook rendered as CSV text.
struct RowSource<'t> {
    text: &'t str,
    /// Where the rows start in `text`.
    header_end: usize,
    map: &'t ColumnMap,
    /// The sheet, with its rows' numbers and its cells' warnings.
    sheet: Option<&'t workbook::Sheet>,
}

impl RowSource<'_> {
    /// The number a row starting on `line` of the text is known by: its line, or its
    /// sheet row.
    fn row(&self, line: u64) -> u64 {
        self.sheet.map_or(line, |s| s.lines.row(line))
    }
}

/// A file's rows and everything after them, in one transaction, as named stages:
/// the batch begun, the load planned, the rows written, the batch's counts recorded,
/// the indexes (re)built, the groups relinked, the commit. Each stage's time goes to
/// the front end in [`Phases`] with its progress.
fn import_rows(
    store: &mut Store,
    file: CheckedFile<'_>,
    progress: &mut dyn FnMut(Progress) -> ControlFlow<()>,
) -> Result<FileOutcome> {
    let CheckedFile {
        path,
        flush_behind,
        sha,
        stamp,
        rows,
        started,
        update,
        measure_cpu,
    } = file;
    let encoding = rows.encoding();
    let db_path = store.path().to_path_buf();
    let sources = rows.sources(path)?;
    let bytes_total: u64 = sources.iter().map(|s| s.text.len() as u64).sum();
    let tx = store
        .conn
        .transaction_with_behavior(TransactionBehavior::Immediate)?;
    let batch_id = match begin_batch(&tx, path, sha, encoding, stamp)? {
        Begun::New(batch_id) => batch_id,
        Begun::Already(batch_id) => return Ok(FileOutcome::AlreadyImported { batch_id }),
    };
    let lines: usize = sources
        .iter()
        .map(|s| memchr::memchr_iter(b'\n', s.text.as_bytes()).count())
        .sum();
    let load = LoadPlan::choose(&tx, lines)?;
    // A weekly batch reads its pages through a memory map (`store::map_reads_for_batch`).
    if load.aside.is_none() {
        crate::store::map_reads_for_batch(&tx, lines)?;
    }
    // Its identifiers are looked up ahead of the writer (`lookahead`): in WAL mode
    // only, where a reader does not hold the writer up.
    let look_ahead = load.aside.is_none()
        && load.known_identifiers
        && !flush_behind
        && tx
            .pragma_query_value(None, "journal_mode", |r| r.get::<_, String>(0))?
            .eq_ignore_ascii_case("wal");
    let flush = flush_behind.then(|| crate::store::bulk::flush_behind(&db_path));
    let mut phases = Phases {
        reading: started.elapsed(),
        ..Phases::default()
    };

    let plan = RowsPlan {
        batch_id,
        path,
        known_identifiers: load.known_identifiers,
        // A first load keeps its links to group them while the indexes are rebuilt.
        first_load: load.aside.is_some() && !load.known_identifiers,
        recent_links: load.aside.is_none(),
        look_ahead: look_ahead.then_some((db_path.as_path(), lines)),
        expected: expected_identifiers(lines),
        bytes_total,
        measure_cpu,
        update,
    };
    let Some((written, skipped_sheets)) =
        rows_stage(&tx, &plan, &sources, &rows, &mut phases, progress)?
    else {
        return Ok(FileOutcome::Cancelled);
    };
    // The text goes before the indexes are rebuilt and the groups relinked: at a
    // million rows that is 400 MiB less at the import's peak.
    drop(sources);
    drop(rows);

    let mut before = written.before;
    let mut after = AfterRows {
        progress,
        path,
        bytes_total,
        rows: written.counts.read,
        phases,
    };
    let indexes_started = Instant::now();
    let grouping = match load.aside {
        Some(aside) => {
            // Stopping here rolls the file back like stopping during its rows.
            if after.stage(Stage::Indexes).is_break() {
                return Ok(FileOutcome::Cancelled);
            }
            rebuild_indexes(&tx, aside, written.log)?
        }
        // The batch's links went into the recent tier: merged once it has grown past
        // its share (the index's leaves written once for many batches).
        None => {
            if crate::store::tiers::merge_if_due(&tx)? > 0 {
                // The old holders read ahead were by tier: read again after the merge.
                before = None;
            }
            None
        }
    };
    if written.counts.updated > 0 {
        writer::finish_updates(&tx, batch_id, load.warnings_before)?;
    }
    after.phases.indexes = indexes_started.elapsed();

    if after.stage(Stage::Linking).is_break() {
        return Ok(FileOutcome::Cancelled);
    }
    let relink_started = Instant::now();
    // The groups are part of the file's transaction: a killed import leaves neither.
    let (relinked, hit_cases) = match grouping {
        Some(grouping) => link::relink_first_load(&tx, batch_id, grouping)?,
        None => link::relink_batch(&tx, batch_id, load.new_identifiers_from, before)?,
    };
    after.phases.relink = relink_started.elapsed();

    if after.stage(Stage::Committing).is_break() {
        return Ok(FileOutcome::Cancelled);
    }
    drop(flush);
    let commit_started = Instant::now();
    tx.commit()?;
    after.phases.commit = commit_started.elapsed();
    let _ = after.stage(Stage::Done);
    Ok(FileOutcome::Imported {
        batch_id,
        encoding,
        counts: written.counts,
        changes: relinked.changes,
        hit_cases,
        skipped_sheets,
        phases: after.phases,
    })
}

/// Stages 3 and 4: the rows written, then the batch's counts recorded; their time and
/// the threads' CPU go into `phases`. None when the front end asked to stop. Returns
/// what the rows came to and the sheets of a workbook that were not read.
fn rows_stage(
    tx: &rusqlite::Transaction<'_>,
    plan: &RowsPlan<'_>,
    sources: &[RowSource<'_>],
    rows: &Rows,
    phases: &mut Phases,
    progress: &mut dyn FnMut(Progress) -> ControlFlow<()>,
) -> Result<Option<(Written, Vec<String>)>> {
    let started = Instant::now();
    let measure_cpu = plan.measure_cpu;
    let cpu = move || measure_cpu.then(timing::thread_cpu).flatten();
    let writer_cpu_before = cpu();
    let written = write_rows(tx, plan, sources, progress)?;
    if written.cancelled {
        return Ok(None);
    }
    let skipped_sheets = record_batch(tx, plan.batch_id, &written, rows)?;
    phases.rows = started.elapsed();
    phases.writer_cpu = cpu()
        .zip(writer_cpu_before)
        .map(|(after, before)| after.saturating_sub(before));
    phases.parser_cpu = written.parser_cpu;
    Ok(Some((written, skipped_sheets)))
}

/// What [`begin_batch`] found.
enum Begun {
    /// The batch's row, written: its id.
    New(i64),
    /// The same bytes are a batch already.
    Already(i64),
}

/// Stage 1: the batch's row, unless the file's bytes were imported meanwhile. Asked
/// again under the write lock: another import of the same file, started while this
/// one waited for the lock, may have committed it.
fn begin_batch(
    tx: &rusqlite::Transaction<'_>,
    path: &Path,
    sha: &str,
    encoding: &str,
    stamp: Option<Stamp>,
) -> Result<Begun> {
    if let Some(batch_id) = batch_with_hash(tx, sha)? {
        return Ok(Begun::Already(batch_id));
    }
    tx.execute(
        "INSERT INTO batches (file_name, path, sha256, encoding, imported_at, file_size,
                              file_modified_ns)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            display_name(path),
            path.display().to_string(),
            sha,
            encoding,
            crate::now_text(),
            stamp.map(|s| s.size),
            stamp.map(|s| s.modified_ns)
        ],
    )?;
    Ok(Begun::New(tx.last_insert_rowid()))
}

/// Stage 2: how the rows are written, chosen from the file's size against the
/// database's.
struct LoadPlan {
    /// Whether the identifier table held any row as the file began (a first load
    /// has nothing to look up).
    known_identifiers: bool,
    /// The indexes a bulk load set aside, to rebuild after the rows.
    aside: Option<crate::store::bulk::SetAside>,
    /// The last warning written before the file: those up to it belong to versions
    /// the file may replace.
    warnings_before: i64,
    /// The first id an identifier the file writes takes (ids only grow): the relink
    /// knows those are held by the file's cases alone.
    new_identifiers_from: i64,
}

impl LoadPlan {
    fn choose(tx: &rusqlite::Transaction<'_>, lines: usize) -> Result<LoadPlan> {
        let known_identifiers: bool =
            tx.query_row("SELECT EXISTS (SELECT 1 FROM identifiers)", [], |r| {
                r.get(0)
            })?;
        let warnings_before = writer::last_warning(tx)?;
        let new_identifiers_from: i64 = tx.query_row(
            "SELECT COALESCE(MAX(id), 0) + 1 FROM identifiers",
            [],
            |r| r.get(0),
        )?;
        let aside = match (bulk_load(tx, lines)?, known_identifiers) {
            (false, _) => None,
            (true, true) => {
                let aside = crate::store::bulk::set_aside(tx, BULK_INDEXES)?;
                // The link index is rebuilt after the rows: the recent links are
                // merged first, at the cost of a scan (`store::tiers`).
                crate::store::tiers::merge(tx)?;
                Some(aside)
            }
            // The writer then looks up no identifier in the database (one too long
            // for the file's numbering aside, found by a scan) and writes each once:
            // its key index can wait for the end too.
            (true, false) => Some(crate::store::bulk::set_aside(
                tx,
                &[BULK_INDEXES, &[IDENTIFIER_KEY]].concat(),
            )?),
        };
        Ok(LoadPlan {
            known_identifiers,
            aside,
            warnings_before,
            new_identifiers_from,
        })
    }
}

/// Stage 4: the batch's counts, and a workbook's sheets; returns the sheets not read.
fn record_batch(
    tx: &rusqlite::Transaction<'_>,
    batch_id: i64,
    written: &Written,
    rows: &Rows,
) -> Result<Vec<String>> {
    let counts = &written.counts;
    tx.execute(
        "UPDATE batches SET rows_read = ?1, imported = ?2, duplicate = ?3, rejected = ?4,
                warnings = ?5, updated = ?6 WHERE id = ?7",
        params![
            counts.read as i64,
            counts.imported as i64,
            counts.duplicate as i64,
            counts.rejected as i64,
            counts.warnings as i64,
            counts.updated as i64,
            batch_id
        ],
    )?;
    // The ids of the cases the batch added: one stretch, as each insert takes the next.
    let added = written.case_ids.iter().flatten();
    let first = added.clone().map(|r| r.0).min();
    let last = added.map(|r| r.1).max();
    crate::store::batch_cases::record_added(tx, batch_id, first.zip(last))?;
    Ok(match rows {
        Rows::Workbook(book) => {
            record_sheets(tx, batch_id, book, &written.read, &written.case_ids)?;
            book.skipped.iter().map(|(_, name)| name.clone()).collect()
        }
        Rows::Csv { .. } => Vec::new(),
    })
}

/// Stage 5 of a bulk load: the indexes set aside built again. SQLite rebuilds on this
/// core; a first load's groups are worked out from its log on the other (reading them
/// back needs the indexes).
fn rebuild_indexes(
    tx: &rusqlite::Transaction<'_>,
    aside: crate::store::bulk::SetAside,
    log: Option<crate::link::LoadLog>,
) -> Result<Option<link::Grouping>> {
    let mut grouping = None;
    let rebuilt = std::thread::scope(|scope| {
        let grouped = log.map(|log| scope.spawn(move || log.group()));
        let rebuilt = aside.rebuild(tx);
        grouping = grouped.and_then(|g| g.join().ok().flatten());
        rebuilt
    });
    rebuilt?;
    Ok(grouping)
}

/// The stages after the rows, reported to the front end: the file's rows are all
/// read, its bytes all done.
struct AfterRows<'p, 'f> {
    progress: &'p mut dyn FnMut(Progress) -> ControlFlow<()>,
    path: &'f Path,
    bytes_total: u64,
    rows: u64,
    phases: Phases,
}

impl AfterRows<'_, '_> {
    fn stage(&mut self, stage: Stage) -> ControlFlow<()> {
        (self.progress)(Progress {
            file: self.path,
            bytes_done: self.bytes_total,
            bytes_total: self.bytes_total,
            rows: self.rows,
            stage,
            phases: self.phases,
        })
    }
}

/// What the row stage of a file needs to know.
struct RowsPlan<'a> {
    batch_id: i64,
    path: &'a Path,
    /// Whether the identifier table held any row as the file began.
    known_identifiers: bool,
    /// A first load: the writer keeps a log of its links.
    first_load: bool,
    /// Links go into the recent tier (`store::tiers`): a batch written through the
    /// indexes.
    recent_links: bool,
    /// The database and the file's rows, when its identifiers are looked up ahead of
    /// the writer (`lookahead`).
    look_ahead: Option<(&'a Path, usize)>,
    /// Identifiers expected in the file (room sized once).
    expected: usize,
    /// The text of every source, for progress.
    bytes_total: u64,
    /// `ImportOptions::measure_cpu`: the parsing thread's CPU is read.
    measure_cpu: bool,
    /// Corrected reports update their case (`ImportOptions::update`).
    update: bool,
}

/// What the row stage came to.
struct Written {
    /// The front end asked to stop.
    cancelled: bool,
    counts: BatchCounts,
    parser_cpu: Option<std::time::Duration>,
    /// A first load's links, to group them.
    log: Option<crate::link::LoadLog>,
    /// Read ahead for the relink (`lookahead`).
    before: Option<crate::link::BeforeBatch>,
    /// Rows read from each source.
    read: Vec<u64>,
    /// The ids of the cases each source added (ids run on as rows are written).
    case_ids: Vec<Option<(i64, i64)>>,
}

/// The row stage: every source's rows read and parsed on a second thread while this one
/// writes them (the two halves of an import overlap), one source after the other with
/// one writer and one numbering of identifiers, so that a workbook's sheets are one
/// batch as a CSV file is. A sheet's rejected rows are marked with its name.
fn write_rows(
    tx: &rusqlite::Transaction<'_>,
    plan: &RowsPlan<'_>,
    sources: &[RowSource<'_>],
    progress: &mut dyn FnMut(Progress) -> ControlFlow<()>,
) -> Result<Written> {
    let measure_cpu = plan.measure_cpu;
    let cpu = move || measure_cpu.then(timing::thread_cpu).flatten();
    let mut writer = Writer::new(tx, plan.batch_id, plan.known_identifiers, plan.expected)?;
    if plan.first_load {
        writer.keep_log();
    }
    if plan.recent_links {
        writer.links_into_recent(tx)?;
    }
    if !plan.update {
        writer.no_update();
    }
    let mut numbering = idmap::Numbering::with_capacity(plan.expected);
    // Without it (it could not open) the writer looks every identifier up itself.
    let mut ahead = plan
        .look_ahead
        .and_then(|(db, lines)| lookahead::Lookahead::open(db, lines).ok());
    let mut counts = BatchCounts::default();
    let mut parser_cpu: Option<std::time::Duration> = None;
    let mut read = Vec::with_capacity(sources.len());
    let mut case_ids = Vec::with_capacity(sources.len());
    let mut bytes_before = 0u64;
    // Rows take the next id as they are written: a source's are those past the last
    // id before it.
    const LAST_CASE: &str = "SELECT COALESCE(MAX(id), 0) FROM cases";
    const LAST_REJECTED: &str = "SELECT COALESCE(MAX(id), 0) FROM rejected_rows";
    let last_id = |sql: &str| -> Result<i64> { Ok(tx.query_row(sql, [], |r| r.get(0))?) };
    for source in sources {
        let read_before = counts.read;
        let last_case = last_id(LAST_CASE)?;
        let last_rejected = last_id(LAST_REJECTED)?;
        writer.begin_source(source.sheet.map(|s| s.position as i64), source.map)?;
        let numbering = &mut numbering;
        let writer = &mut writer;
        let counts = &mut counts;
        let ahead = ahead.as_mut();
        let (cancelled, cpu_used) = std::thread::scope(|scope| -> Result<(bool, _)> {
            let (sender, chunks) = std::sync::mpsc::sync_channel::<Chunk<'_>>(8);
            let (spent, returned) = std::sync::mpsc::channel::<Vec<Item<'_>>>();
            // Named, so that a profiler tells its samples from the writer's.
            let parser = std::thread::Builder::new()
                .name("import-parser".into())
                .spawn_scoped(scope, move || {
                    read_rows(source, numbering, sender, returned);
                    cpu()
                })
                .map_err(|e| Error::Thread(format!("could not start the parsing thread: {e}")))?;
            // Between the two when there is one: the chunks pass through it.
            let chunks = match ahead {
                Some(ahead) => {
                    let (to_writer, looked_up) = std::sync::mpsc::sync_channel::<Chunk<'_>>(8);
                    std::thread::Builder::new()
                        .name("import-lookahead".into())
                        .spawn_scoped(scope, move || ahead.pass(chunks, to_writer))
                        .map_err(|e| {
                            Error::Thread(format!("could not start the lookup thread: {e}"))
                        })?;
                    looked_up
                }
                None => chunks,
            };
            for mut chunk in chunks {
                writer.take_answers(&mut chunk.answers);
                let chunk = chunk.items;
                for item in &chunk {
                    let end = write_item(writer, counts, item)?;
                    if let Some(end) = end
                        && counts.read % PROGRESS_EVERY == 0
                    {
                        let p = Progress {
                            file: plan.path,
                            bytes_done: bytes_before + end as u64,
                            bytes_total: plan.bytes_total,
                            rows: counts.read,
                            stage: Stage::Rows,
                            phases: Phases::default(),
                        };
                        if progress(p).is_break() {
                            // Dropping the receiver stops the reading thread.
                            return Ok((true, None));
                        }
                    }
                }
                // Back to the reading thread, which allocated the rows, to be freed there.
                let _ = spent.send(chunk);
            }
            Ok((false, parser.join().ok().flatten()))
        })?;
        if cancelled {
            return Ok(Written {
                cancelled,
                counts: counts.clone(),
                parser_cpu,
                log: None,
                before: None,
                read,
                case_ids,
            });
        }
        parser_cpu = match (parser_cpu, cpu_used) {
            (Some(a), Some(b)) => Some(a + b),
            (a, b) => a.or(b),
        };
        if let Some(sheet) = source.sheet {
            tx.execute(
                "UPDATE rejected_rows SET sheet = ?1 WHERE id > ?2",
                params![sheet.name, last_rejected],
            )?;
        }
        read.push(counts.read - read_before);
        let now_last = last_id(LAST_CASE)?;
        case_ids.push((now_last > last_case).then_some((last_case + 1, now_last)));
        bytes_before += source.text.len() as u64;
    }
    Ok(Written {
        cancelled: false,
        counts,
        parser_cpu,
        log: writer.take_log(),
        before: ahead.map(lookahead::Lookahead::into_before),
        read,
        case_ids,
    })
}

/// Writes one item the parser sent (a row, or a line it rejected) and counts it; for a
/// row, where it ends in its text (for progress).
fn write_item(
    writer: &mut Writer<'_>,
    counts: &mut BatchCounts,
    item: &Item<'_>,
) -> Result<Option<usize>> {
    counts.read += 1;
    let (line, original, parsed, numbers, prepared, end) = match *item {
        Item::Reject {
            line,
            ref reason,
            raw,
        } => {
            counts.rejected += 1;
            writer.reject(line, reason, raw)?;
            return Ok(None);
        }
        Item::Row {
            line,
            original,
            ref parsed,
            ref numbers,
            ref prepared,
            end,
        } => (line, original, parsed, numbers, prepared, end),
    };
    match parsed {
        Err(RowError::NoReportNo) => {
            counts.rejected += 1;
            writer.reject(line, "no report_no", original)?;
        }
        Ok(row) => {
            // Made on the parsing thread for every row it parsed.
            let made;
            let prep = match prepared {
                Some(prep) => prep,
                None => {
                    made = prepared::Prepared::of(row);
                    &made
                }
            };
            // Written unless its report_no is there already: the insert's own unique
            // check tells, so the common row costs no lookup before it.
            if writer.insert_prepared(row, prep, numbers, line)? {
                counts.imported += 1;
                counts.warnings += row.warnings.len() as u64;
                return Ok(Some(end));
            }
            match writer.refused(row, prep, numbers, line, original)? {
                Refused::Duplicate => counts.duplicate += 1,
                Refused::Updated => {
                    counts.updated += 1;
                    counts.warnings += row.warnings.len() as u64;
                }
                Refused::Conflict => counts.rejected += 1,
            }
        }
    }
    Ok(Some(end))
}

/// A workbook batch's sheets: those read with their rows, those not read.
fn record_sheets(
    tx: &rusqlite::Transaction<'_>,
    batch_id: i64,
    book: &workbook::Workbook,
    read: &[u64],
    case_ids: &[Option<(i64, i64)>],
) -> Result<()> {
    let mut insert = tx.prepare(
        "INSERT INTO batch_sheets (batch_id, position, name, rows_read, first_case_id,
                                   last_case_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for ((sheet, &rows), ids) in book.sheets.iter().zip(read).zip(case_ids) {
        let (first, last) = ids.unzip();
        insert.execute(params![
            batch_id,
            sheet.position,
            sheet.name,
            rows as i64,
            first,
            last
        ])?;
    }
    for (position, name) in &book.skipped {
        let none = None::<i64>;
        insert.execute(params![batch_id, position, name, none, none, none])?;
    }
    Ok(())
}

/// Secondary indexes a bulk load sets aside while it writes (see `bulk_load`). Not
/// the recent tier's (`store::tiers`, migration 021): a bulk load writes none of their
/// rows; kept, each insert opens a cursor on them (+71 M instructions of the writer at
/// 20k rows), but set aside, each is rebuilt by a pass over its table (+86 M, after
/// the rows, on the one thread).
const BULK_INDEXES: &[&str] = &[
    "cases_reported_at",
    "case_identifiers_identifier",
    "warnings_case",
    // The cold lookups' (search::cold, migration 013).
    "identifiers_last4",
    "identifiers_starred",
];

/// The identifiers' unique (value, kind) index: set aside only by a first load, since
/// any other looks identifiers up by it.
const IDENTIFIER_KEY: &str = "identifiers_value_kind";

/// Room for a file's identifiers, sized once (the parser's numbering, the writer's
/// ids): about two a row, measured on generated weeks.
fn expected_identifiers(lines: usize) -> usize {
    lines.saturating_mul(2)
}

/// Below this many rows a file is written through the indexes whatever its share.
const BULK_MIN_ROWS: i64 = 5_000;

/// Whether a file is written as a bulk load: about as many rows as the database holds
/// cases, or more (a first load). Then the secondary indexes are rebuilt once after
/// the rows instead of updated row by row; for a weekly batch into a big database,
/// rebuilding them would cost more than it saves.
fn bulk_load(tx: &rusqlite::Transaction<'_>, lines: usize) -> Result<bool> {
    let lines = lines as i64;
    if lines < BULK_MIN_ROWS {
        return Ok(false);
    }
    // Counted no further than the file's size: the choice needs no more, and a
    // weekly batch need not count a million cases (a scan of an index at 1M).
    let cases: i64 = tx.query_row(
        "SELECT COUNT(*) FROM (SELECT 1 FROM cases LIMIT ?1)",
        [lines + 1],
        |r| r.get(0),
    )?;
    Ok(lines >= cases)
}

/// One row read from a file, parsed or rejected, on its way to the writer.
// Nearly every item is a row: boxing rows to shrink the rare rejects would cost an
// allocation a row.
#[allow(clippy::large_enum_variant)]
enum Item<'t> {
    Reject {
        line: u64,
        reason: String,
        raw: &'t str,
    },
    Row {
        line: u64,
        /// The row as it stands in the file.
        original: &'t str,
        parsed: std::result::Result<row::ParsedRow, RowError>,
        /// The file's own number for each of the row's identifiers, in order
        /// ([`idmap::NO_NUMBER`] for one too long to number).
        numbers: Vec<u32>,
        /// What the writer binds beyond the parsed values, made here on the parsing
        /// thread (None: the row did not parse).
        prepared: Option<prepared::Prepared>,
        /// Where the row ends in the text (for progress).
        end: usize,
    },
}

/// Rows on their way to the writer, and what was found ahead of it of the identifiers
/// first numbered in them (`lookahead`; none from the parsing thread).
struct Chunk<'t> {
    items: Vec<Item<'t>>,
    answers: Vec<lookahead::Answer>,
}

/// Rows handed to the writer at a time: few channel hand-offs, little waiting.
const CHUNK: usize = 512;

/// The first chunk's rows: the writer waits for the first chunk, so it starts small.
const FIRST_CHUNK: usize = 32;

/// Reads the rows after the header and parses each, sending them on in chunks;
/// stops when the writer hangs up (a cancelled import). Identifiers are numbered in
/// `numbering`, shared by every source of a file.
fn read_rows<'t>(
    source: &RowSource<'t>,
    numbering: &mut idmap::Numbering,
    sender: std::sync::mpsc::SyncSender<Chunk<'t>>,
    returned: std::sync::mpsc::Receiver<Vec<Item<'t>>>,
) {
    let RowSource {
        text,
        header_end,
        map,
        ..
    } = *source;
    let mut chunk: Vec<Item<'t>> = Vec::with_capacity(CHUNK);
    // Rows the writer is done with are freed on this thread, which allocated them
    // (freeing across threads contends on the allocator's arena lock), one as each
    // new row is parsed: the allocator's per-thread cache then hands the freed
    // blocks straight to the new row's strings, where freeing a chunk of rows at
    // once overflowed it into the slower bins.
    let mut spent: Vec<Item<'t>> = Vec::new();
    let send = |chunk: &mut Vec<Item<'t>>, spent: &mut Vec<Item<'t>>| -> bool {
        for mut done in returned.try_iter() {
            if spent.is_empty() {
                std::mem::swap(spent, &mut done);
            } else {
                spent.append(&mut done);
            }
        }
        let items = std::mem::replace(chunk, Vec::with_capacity(CHUNK));
        sender
            .send(Chunk {
                items,
                answers: Vec::new(),
            })
            .is_ok()
    };
    // For this source's map only: each source has its own.
    let mut learnt = row::Learnt::default();
    let mut plain: Vec<&'t str> = Vec::new();
    // Lines are counted here, not taken from the csv reader, so that a quoted
    // field holding newlines still gives the next row its line in the file.
    let mut records = records::Records::new(text, header_end);
    let mut counted_to = 0usize;
    let mut line_at_start = 1u64;
    let mut chunk_rows = FIRST_CHUNK;
    loop {
        if chunk.len() >= chunk_rows {
            if !send(&mut chunk, &mut spent) {
                return;
            }
            chunk_rows = CHUNK;
        }
        drop(spent.pop());
        let (start, end, by_reader) = match records.next() {
            records::Next::End => break,
            records::Next::Record { start, end, quoted } => (start, end, quoted),
            records::Next::Unreadable { start, end, error } => {
                line_at_start += line_breaks(&text.as_bytes()[counted_to..start]);
                counted_to = start;
                let raw = text.get(start..end).unwrap_or("");
                chunk.push(Item::Reject {
                    line: source.row(line_at_start),
                    reason: format!("unreadable row: {error}"),
                    raw,
                });
                if end <= start {
                    break;
                }
                continue;
            }
        };
        line_at_start += line_breaks(&text.as_bytes()[counted_to..start]);
        counted_to = start;
        let line = line_at_start;
        // Only quotes can leave a field open (a record cut by memchr has none).
        if let Some(runaway) = text
            .get(start..end)
            .filter(|_| by_reader)
            .and_then(|raw| quotes::runaway_quote(raw, map.width))
        {
            let open_at = start + runaway.open_at;
            let open_line = line + line_breaks(&text.as_bytes()[start..open_at]);
            let (reason, resume) = if runaway.rows_inside {
                let resume = memchr::memchr(b'\n', &text.as_bytes()[open_at..])
                    .map_or(text.len(), |n| open_at + n + 1);
                let reason = format!(
                    "unterminated quote: the field opened on line {open_line} is never closed and swallowed the rows after it; line{} rejected, reading resumes on line {}",
                    if open_line > line {
                        format!("s {line}-{open_line}")
                    } else {
                        format!(" {line}")
                    },
                    open_line + 1
                );
                (reason, resume)
            } else {
                let last_line = line + line_breaks(text[start..end].trim_end().as_bytes());
                let lines = if last_line > line {
                    format!("lines {line}-{last_line} (to the end of the file) were")
                } else {
                    format!("line {line} was")
                };
                let reason = format!(
                    "unterminated quote: the field opened on line {open_line} is never closed, so {lines} read as one row; fix the quote and import again"
                );
                (reason, end)
            };
            let raw = text
                .get(start..resume)
                .unwrap_or("")
                .trim_end_matches(['\r', '\n']);
            chunk.push(Item::Reject {
                line: source.row(line),
                reason,
                raw,
            });
            records.resume_at(resume);
            continue;
        }
        let original = text
            .get(start..end)
            .unwrap_or("")
            .trim_end_matches(['\r', '\n']);
        // A record without quotes (nearly every one) is cut from the text into one
        // list kept for every row; one with quotes is read field by field.
        let quoted;
        let fields: &[&str] = if row::plain_fields(original, &mut plain) {
            &plain
        } else {
            quoted = row::record_fields(original, records.record());
            &quoted.iter().map(|f| f.as_ref()).collect::<Vec<&str>>()
        };
        let mut parsed = row::parse_row_learning(map, fields, &mut learnt);
        if let (Ok(row), Some(sheet)) = (&mut parsed, source.sheet) {
            row.warnings.extend(sheet.lines.notes(line).cloned());
        }
        let (numbers, prepared) = match &parsed {
            Ok(row) => (
                numbering.number_all(&row.identifiers),
                Some(prepared::Prepared::of(row)),
            ),
            Err(_) => (Vec::new(), None),
        };
        chunk.push(Item::Row {
            line: source.row(line),
            original,
            parsed,
            numbers,
            prepared,
            end,
        });
    }
    if !chunk.is_empty() {
        send(&mut chunk, &mut spent);
    }
}

/// What [`parse_file`] read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParseCounts {
    /// Rows read (parsed or rejected).
    pub read: u64,
    /// Rows the reader rejected (unreadable, runaway quote) or that had no report_no.
    pub rejected: u64,
    /// Time from the first row read to the last row parsed (reading the file and
    /// decoding it, before, are not in it).
    pub rows_time: std::time::Duration,
}

/// Reads and parses every row of a file the way an import does (decode, header,
/// `read_rows` on its own thread), writing nothing: the parser's cost apart from
/// SQLite's, for `benches/measure.rs parse`. `each` is handed every parsed row in
/// order (with its line), or the reason a row was rejected; it runs on the calling
/// thread, as the writer does in an import.
pub fn parse_file(
    path: &Path,
    each: &mut dyn FnMut(u64, std::result::Result<row::ParsedRow, String>),
) -> Result<ParseCounts> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let decoded = decode::decode_owned(bytes).map_err(|_| binary(path))?;
    let text = decoded.text().map_err(|_| binary(path))?;
    let mut reader = rows_reader(text);
    let mut record = csv::StringRecord::new();
    if !reader
        .read_record(&mut record)
        .map_err(|e| Error::file(path, format!("not a CSV file: {e}")))?
    {
        return Err(Error::file(path, "line 1: empty file, no header row"));
    }
    let header_end = reader.position().byte() as usize;
    let map = ColumnMap::from_headers(record.iter())
        .ok_or_else(|| Error::file(path, headers::no_report_no(&Default::default())))?;
    let mut counts = ParseCounts::default();
    let started = std::time::Instant::now();
    std::thread::scope(|scope| {
        let (sender, chunks) = std::sync::mpsc::sync_channel::<Chunk<'_>>(8);
        let (_, returned) = std::sync::mpsc::channel();
        let source = RowSource {
            text,
            header_end,
            map: &map,
            sheet: None,
        };
        let expected = expected_identifiers(memchr::memchr_iter(b'\n', text.as_bytes()).count());
        scope.spawn(move || {
            let mut numbering = idmap::Numbering::with_capacity(expected);
            read_rows(&source, &mut numbering, sender, returned)
        });
        for item in chunks.into_iter().flat_map(|c| c.items) {
            counts.read += 1;
            match item {
                Item::Reject { line, reason, .. } => {
                    counts.rejected += 1;
                    each(line, Err(reason));
                }
                Item::Row { line, parsed, .. } => match parsed {
                    Ok(row) => each(line, Ok(row)),
                    Err(e) => {
                        counts.rejected += 1;
                        each(line, Err(e.to_string()));
                    }
                },
            }
        }
    });
    counts.rows_time = started.elapsed();
    Ok(counts)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A full disk (the database's, or the one SQLite's temporary files went to) says
    /// where room is needed, not only SQLite's "database or disk is full".
    #[test]
    fn a_full_disk_names_the_folders_that_need_room() {
        let full = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_FULL),
            None,
        );
        let report = FileReport {
            path: PathBuf::from("imports/week-48.csv"),
            outcome: FileOutcome::Failed(Error::Db(full)),
        };
        let line = report.summary();
        assert!(line.starts_with("week-48.csv: the disk is full"), "{line}");
        assert!(line.contains("SQLITE_TMPDIR"), "{line}");
        assert!(line.contains("nothing of the file was kept"), "{line}");
    }
}
