//! The SQLite store: opening with the pragmas, embedded numbered migrations, and the
//! read queries the listings use. Writing during import lives in `import::writer`.

pub mod backup;
pub mod bulk;
pub mod check;
pub mod history;
mod migrate;
pub mod queries;
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

pub struct Store {
    pub(crate) conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens (creating if needed, readable by its owner only) and migrates the database.
    pub fn open(path: &Path) -> Result<Store> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        create_private(path)?;
        let mut conn = Connection::open(path)?;
        // Takes effect only on a new, empty database (no-op otherwise).
        conn.pragma_update(None, "page_size", 16384)?;
        // WAL lets a reader (the workbench) stay open while an import writes; the
        // timeout makes a second writer wait its turn instead of failing.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        // Reading leans on the OS's cache; an import raises this for its writes.
        conn.pragma_update(None, "cache_size", READ_CACHE_KIB)?;
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        migrate::apply(&mut conn)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
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

    /// Back to the reading cache (the pages beyond it are freed) and temporary data
    /// in memory.
    pub fn end_writes(&self) -> Result<()> {
        self.conn
            .pragma_update(None, "cache_size", READ_CACHE_KIB)?;
        self.conn.pragma_update(None, "temp_store", "MEMORY")?;
        self.conn.execute_batch("PRAGMA shrink_memory")?;
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn connection(&self) -> &Connection {
        &self.conn
    }
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
