//! The SQLite store: opening with the pragmas, embedded numbered migrations, and the
//! read queries the listings use. Writing during import lives in `import::writer`.

pub mod backup;
pub mod batch_cases;
pub mod bulk;
pub mod charts;
pub mod extras;
pub mod groups;
pub mod history;
pub(crate) mod lean;
mod migrate;
pub mod queries;
pub mod rows;
pub mod scam_types;
pub mod testing;
pub mod tiers;
pub mod views;

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use crate::{Error, Result};

/// Where the database lives unless `--db` or `CASEBENCH_DB` say otherwise.
pub const DEFAULT_PATH: &str = "db/casebench.sqlite";

/// The page cache of a connection that reads (negative: KiB). Enough for the b-tree
/// interiors; the index build reads the relations through it once, and a bigger cache
/// would stay allocated beside the search index for the life of the workbench.
const READ_CACHE_KIB: i64 = -32_768;

/// The page cache while an import writes: a big one (allocated only as used) keeps
/// the inserts and the relink from re-reading the same b-tree pages from the OS
/// (measured 3x faster at 200k rows).
const WRITE_CACHE_KIB: i64 = -262_144;

/// How much of the database file a small batch reads through a memory map
/// ([`map_reads_for_batch`]): SQLite's own ceiling (its default
/// `SQLITE_MAX_MMAP_SIZE`, just under 2 GiB), so the whole file at a million cases.
const MAPPED_READS_BYTES: i64 = 0x7fff_0000;

/// A batch maps its reads only when the database holds at least this many cases a
/// row of it: the pages it reads, which the map's share of the resident set counts,
/// are then a fraction of the file (a third at a million cases for 10,000 rows).
const MAPPED_READS_SHARE: i64 = 50;

/// How long a statement waits for another connection's lock: a reader or a second
/// writer waits its turn (an import holds a new database for its whole first load).
pub(crate) const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// Waits between tries for a lock another connection holds.
const BUSY_STEP: std::time::Duration = std::time::Duration::from_millis(10);

/// After this many tries (a second), the front end is told that casebench is waiting.
const NOTICE_AFTER: i32 = 100;

/// What the front end does once a wait for another connection's lock has lasted a
/// second (the CLI says "waiting for …" on stderr); set once per process.
static WAIT_NOTICE: std::sync::OnceLock<fn()> = std::sync::OnceLock::new();

/// Sets what happens when a wait for another process's lock lasts (see
/// [`WAIT_NOTICE`]). Later calls are ignored.
pub fn on_long_wait(notice: fn()) {
    let _ = WAIT_NOTICE.set(notice);
}

/// SQLite's busy handler: tries again every [`BUSY_STEP`] up to `limit`, telling the
/// front end once the wait has lasted a second.
fn busy(tries: i32, limit: std::time::Duration) -> bool {
    if tries == NOTICE_AFTER
        && let Some(notice) = WAIT_NOTICE.get()
    {
        notice();
    }
    if BUSY_STEP * tries.max(0) as u32 >= limit {
        return false;
    }
    std::thread::sleep(BUSY_STEP);
    true
}

/// How long an import waits for another import: a big weekly batch can hold the
/// database for minutes.
const IMPORT_WAIT: std::time::Duration = std::time::Duration::from_secs(600);

/// Makes `conn` wait up to `limit` for another connection's lock (see [`busy`]).
pub(crate) fn wait_for_locks(conn: &mut Connection, limit: std::time::Duration) -> Result<()> {
    conn.busy_handler(Some(move |tries| busy(tries, limit)))?;
    Ok(())
}

pub struct Store {
    pub(crate) conn: Connection,
    path: PathBuf,
    /// The scam-type alias table serving this database (the file next to it, else
    /// the shipped one); the stored codes are mapped with it.
    scam_types: std::sync::Arc<crate::scamtype::AliasTable>,
}

impl Store {
    /// Opens and migrates a database that exists; creates nothing (no file, no
    /// folder) when it does not: every command but `import` opens this way.
    pub fn open_existing(path: &Path) -> Result<Store> {
        // A dangling symlink or a path that vanished are as missing as no file.
        if !path.exists() {
            return Err(Error::NoDatabase(path.to_path_buf()));
        }
        match Store::open(path) {
            // A file (or folder) this user may not write: read it as it is.
            Err(Error::Db(rusqlite::Error::SqliteFailure(e, _)))
                if matches!(
                    e.code,
                    rusqlite::ErrorCode::ReadOnly | rusqlite::ErrorCode::CannotOpen
                ) =>
            {
                Store::open_read_only(path)
            }
            opened => opened,
        }
    }

    /// Opens a database this process may only read (a read-only file, a copy on a
    /// read-only medium): no pragma that writes, no migration, no re-mapping of
    /// scam types. Without a write-ahead log beside it, SQLite is told the file
    /// cannot change (`immutable`), so it needs no lock files either.
    pub fn open_read_only(path: &Path) -> Result<Store> {
        let wal = {
            let mut name = path.as_os_str().to_os_string();
            name.push("-wal");
            std::fs::metadata(PathBuf::from(name)).is_ok_and(|m| m.len() > 0)
        };
        let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY
            | rusqlite::OpenFlags::SQLITE_OPEN_URI
            | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let uri = format!(
            "file:{}?mode=ro{}",
            uri_path(path),
            if wal { "" } else { "&immutable=1" }
        );
        let mut conn = Connection::open_with_flags(uri, flags)?;
        wait_for_locks(&mut conn, BUSY_TIMEOUT)?;
        conn.pragma_update(None, "cache_size", READ_CACHE_KIB)?;
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        if migrate::pending(&conn)? {
            return Err(Error::file(
                path,
                "read-only, and made by an older casebench: open it once where it can be written to upgrade it",
            ));
        }
        let scam_types = std::sync::Arc::new(crate::scamtype::AliasTable::for_database(path)?);
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            scam_types,
        })
    }

    /// Opens (creating if needed, readable by its owner only) and migrates the database.
    pub fn open(path: &Path) -> Result<Store> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        create_private(path)?;
        let mut conn = Connection::open(path)?;
        // Before anything reads: a first load holds the whole database until it
        // commits, and the pragmas below would fail at once instead of waiting.
        wait_for_locks(&mut conn, BUSY_TIMEOUT)?;
        // Takes effect only on a new, empty database (no-op otherwise).
        conn.pragma_update(None, "page_size", 16384)?;
        // WAL lets a reader (the workbench) stay open while an import writes; the
        // busy handler makes a second writer wait its turn instead of failing.
        wal_mode(&conn, path)?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // Reading leans on the OS's cache; an import raises this for its writes.
        conn.pragma_update(None, "cache_size", READ_CACHE_KIB)?;
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        migrate::apply(&mut conn)?;
        let scam_types = std::sync::Arc::new(crate::scamtype::AliasTable::for_database(path)?);
        scam_types::sync(&mut conn, &scam_types)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            scam_types,
        })
    }

    /// The big page cache for a bulk of writes, until [`Store::end_writes`], and
    /// SQLite's sorts in temporary files. Held in memory, a sort has no size limit and
    /// sorts one list of millions of records, cache miss after cache miss; in files
    /// it sorts runs of a few MiB and merges them, with a helper thread (see
    /// `bulk::SetAside::rebuild`): a million-row load's index builds took 5.7 s
    /// the one way, 2.7 s the other. Set here, outside the file's transaction,
    /// where SQLite allows the change. The files are deleted as they are opened.
    pub fn begin_writes(&self) -> Result<()> {
        self.conn
            .pragma_update(None, "cache_size", WRITE_CACHE_KIB)?;
        self.conn.pragma_update(None, "temp_store", "FILE")?;
        Ok(())
    }

    /// Back to the reading cache (the pages beyond it are freed), temporary data in
    /// memory, and reads through `pread` again (no map kept by a workbench that
    /// imported: [`map_reads_for_batch`]).
    pub fn end_writes(&self) -> Result<()> {
        self.conn.pragma_update(None, "mmap_size", 0)?;
        self.conn
            .pragma_update(None, "cache_size", READ_CACHE_KIB)?;
        self.conn.pragma_update(None, "temp_store", "MEMORY")?;
        self.conn.execute_batch("PRAGMA shrink_memory")?;
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Waits up to ten minutes for another connection's lock (an import waiting for
    /// another import), instead of [`BUSY_TIMEOUT`].
    pub fn wait_as_importer(&mut self) -> Result<()> {
        wait_for_locks(&mut self.conn, IMPORT_WAIT)
    }

    /// The scam-type alias table the stored codes were mapped with.
    pub fn scam_types(&self) -> &std::sync::Arc<crate::scamtype::AliasTable> {
        &self.scam_types
    }

    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}

/// Has a batch of `rows` rows written through the indexes read the database file
/// through a memory map, when the database holds [`MAPPED_READS_SHARE`] times as
/// many cases or more (the largest case id tells, one seek); returns whether it does.
/// Reset by [`Store::end_writes`].
///
/// Why: a weekly batch reads a third of a million-case database (16,958 distinct
/// pages of 53,233 for 10,010 rows: the identifiers it looks up, the holders and
/// groups the relink reads), each page once. Through `pread` each is copied out of
/// the OS's cache into SQLite's, whose fresh memory the kernel first faults in and
/// zeroes: 30 % of the batch's CPU samples (perf). Mapped, SQLite reads the OS's
/// cached page where it lies. The map is read-only (SQLite writes with `pwrite` as
/// before, through the WAL): what a commit makes durable, and when, is unchanged. Its
/// pages count in the process's resident set (580 MiB at a million cases against 315
/// MiB through `pread`); hence only for a batch small beside the database, whose
/// reads are a fraction of the file. An I/O error on a mapped page stops the process
/// (SIGBUS) where `pread` returns an error: either way the batch's transaction is
/// not committed and the WAL rolls it back.
///
/// Set inside the batch's transaction, before it has read through a map: SQLite
/// takes a new map size only while no mapped page is held, and no page was mapped.
pub(crate) fn map_reads_for_batch(conn: &Connection, rows: usize) -> Result<bool> {
    let last_case: i64 =
        conn.query_row("SELECT COALESCE(MAX(id), 0) FROM cases", [], |r| r.get(0))?;
    let rows = i64::try_from(rows).unwrap_or(i64::MAX);
    if rows.saturating_mul(MAPPED_READS_SHARE) > last_case {
        return Ok(false);
    }
    conn.pragma_update(None, "mmap_size", MAPPED_READS_BYTES)?;
    Ok(true)
}

impl Store {
    /// Reads through a memory map until [`MappedReads::restore`]: for a cold lookup
    /// and the rows it lists, for the same reason as a batch
    /// ([`map_reads_for_batch`]). The ~1,200 pages of 16 KiB that a last-digits
    /// lookup reads at a million cases were each copied into SQLite's cache, whose
    /// fresh memory the kernel faulted in and zeroed (half of the process's page
    /// faults). Only the pages read count in the resident set: never for a reader of
    /// the whole file (an index build). Put back once the lookup is answered, so that
    /// a workbench that answered its first queries cold keeps no map.
    pub fn map_reads(&self) -> Result<MappedReads> {
        let before: i64 = self.conn.query_row("PRAGMA mmap_size", [], |r| r.get(0))?;
        if before != MAPPED_READS_BYTES {
            self.conn
                .pragma_update(None, "mmap_size", MAPPED_READS_BYTES)?;
        }
        Ok(MappedReads { before })
    }
}

/// The map a connection had before [`Store::map_reads`].
#[must_use = "the map is put back by `restore`"]
pub struct MappedReads {
    before: i64,
}

impl MappedReads {
    /// Back to the map size before (SQLite drops the map once no page of it is held).
    pub fn restore(self, store: &Store) -> Result<()> {
        if self.before != MAPPED_READS_BYTES {
            store.conn.pragma_update(None, "mmap_size", self.before)?;
        }
        Ok(())
    }
}

/// Puts the database in WAL mode (a no-op when it is). A first load runs through the
/// rollback journal and holds the database until it commits; SQLite answers a switch
/// attempted meanwhile with "busy" at once, without its busy handler (the reader
/// would otherwise deadlock against the writer), so the wait is made here: the
/// reader waits for the load, as it would in WAL mode for the lock, never reading
/// the load half-way nor breaking it.
fn wal_mode(conn: &Connection, path: &Path) -> Result<()> {
    let mut tries = 0;
    loop {
        match conn.pragma_update(None, "journal_mode", "WAL") {
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::DatabaseBusy =>
            {
                if !busy(tries, BUSY_TIMEOUT) {
                    return Err(Error::file(
                        path,
                        "the database is busy: another casebench is importing into it; try again once that import has finished",
                    ));
                }
                tries += 1;
            }
            other => return other.map_err(Error::from),
        }
    }
}

/// A new database in a temporary folder (kept while the folder lives) holding batch 1,
/// for tests that write cases or rows by hand.
#[cfg(test)]
pub(crate) fn test_store_with_a_batch() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(&dir.path().join("t.sqlite")).expect("store");
    store
        .conn
        .execute(
            "INSERT INTO batches (file_name, path, sha256, encoding, imported_at)
             VALUES ('a.csv', 'a.csv', 'x', 'utf-8', 'now')",
            [],
        )
        .expect("batch 1");
    (dir, store)
}

/// Inserts a case with every field empty, `id` its id and `R<id>` its report number, in
/// batch 1 of [`test_store_with_a_batch`].
#[cfg(test)]
pub(crate) fn insert_bare_case(conn: &rusqlite::Connection, id: i64) {
    conn.execute(
        "INSERT INTO cases (id, report_no, batch_id, line, victim_name, victim_phone,
            caller_raw, account_raw, contact_raw, amount_raw, scam_type_spelling, script)
         VALUES (?1, 'R' || ?1, 1, ?1, '', '', '', '', '', '', '', '')",
        [id],
    )
    .expect("a bare case");
}

/// The one number `sql` (a `SELECT COUNT(*)…`) answers.
#[cfg(test)]
pub(crate) fn count_rows(conn: &rusqlite::Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).expect("a count")
}

/// A path as the path part of an SQLite `file:` URI: `%`, `?` and `#` escaped.
fn uri_path(path: &Path) -> String {
    let mut out = String::new();
    for c in path.to_string_lossy().chars() {
        match c {
            '%' => out.push_str("%25"),
            '?' => out.push_str("%3f"),
            '#' => out.push_str("%23"),
            c => out.push(c),
        }
    }
    out
}

/// Victims' data lives in this file: create it mode 0600 before SQLite opens it
/// (SQLite gives its -wal and -shm files the database file's permissions).
fn create_private(path: &Path) -> Result<()> {
    if path.exists() {
        return Ok(());
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(Error::io(path, e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mmap_size(store: &Store) -> i64 {
        store
            .conn
            .query_row("PRAGMA mmap_size", [], |r| r.get(0))
            .unwrap()
    }

    /// A batch maps its reads only when the database is fifty times its size (the
    /// largest case id tells), and the map is gone after the writes: a workbench that
    /// imported reads through `pread` again.
    #[test]
    fn a_batch_small_beside_the_database_reads_through_a_map_until_the_writes_end() {
        let (_dir, store) = test_store_with_a_batch();
        assert!(!map_reads_for_batch(&store.conn, 1).unwrap(), "no case yet");
        store
            .conn
            .execute(
                "INSERT INTO cases (id, report_no, batch_id, line, victim_name, victim_phone,
                    caller_raw, account_raw, contact_raw, amount_raw, script)
                 VALUES (100, 'R100', 1, 2, '', '', '', '', '', '', '')",
                [],
            )
            .unwrap();
        store.begin_writes().unwrap();
        assert!(
            !map_reads_for_batch(&store.conn, 3).unwrap(),
            "3 × 50 > 100"
        );
        assert_eq!(mmap_size(&store), 0);
        assert!(map_reads_for_batch(&store.conn, 2).unwrap(), "2 × 50 ≤ 100");
        assert_eq!(mmap_size(&store), MAPPED_READS_BYTES);
        store.end_writes().unwrap();
        assert_eq!(mmap_size(&store), 0);
    }
}
