//! Secondary indexes set aside for a bulk write and rebuilt after it, inside the same
//! transaction (a crash leaves them as they were). Building an index once from sorted
//! rows costs a fraction of updating it row by row in random order: measured in
//! BENCHMARKS.md ("What the speed changes gained").
//!
//! Public for `measure floor` (benches/measure.rs), which times SQLite writing an
//! import's rows through these same settings.

use rusqlite::Connection;

use crate::Result;

/// The page cache while indexes are rebuilt (negative: KiB), which sizes SQLite's
/// sort runs: below its floor of 250 pages, so the runs are the smallest it makes.
const SORT_RUN_KIB: i64 = -1024;

/// Threads that sort runs beside the connection's own, at most: one a core. The
/// connection's own thread mostly reads the table and merges; with two helpers on
/// two cores the case–identifier index of a million cases took 0.90–1.01 s against
/// 1.05–1.20 s with one, and the four big indexes together 2.29–2.61 s against
/// 2.53–2.73 s (`measure floor` and the same builds by hand, alternated).
const MAX_SORT_HELPERS: usize = 3;

/// Indexes dropped by [`set_aside`]: their DDL as the schema holds it, to run again.
#[must_use = "the indexes are gone until rebuilt"]
pub struct SetAside {
    ddl: Vec<(String, String)>,
    /// Their rows of `sqlite_stat1` (table, index, stat), which `DROP INDEX` deletes:
    /// the planner needs them back (migration 014's row made lookups by identifier
    /// skip-scan the link tiers; 021 keyed each tier's index apart and dropped it).
    stats: Vec<(String, String, String)>,
}

/// Drops those of `names` that exist, keeping their definitions from the schema itself
/// (so the rebuilt index is the one the migrations made).
pub fn set_aside(conn: &Connection, names: &[&str]) -> Result<SetAside> {
    let mut ddl = Vec::new();
    let mut find =
        conn.prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?1")?;
    for &name in names {
        let sql: Option<Option<String>> =
            find.query_map([name], |r| r.get(0))?.next().transpose()?;
        // Automatic indexes (UNIQUE, PRIMARY KEY) have no SQL and cannot be dropped.
        if let Some(Some(sql)) = sql {
            ddl.push((name.to_string(), sql));
        }
    }
    let mut stats = Vec::new();
    if has_stats(conn)? {
        let mut find = conn.prepare("SELECT tbl, idx, stat FROM sqlite_stat1 WHERE idx = ?1")?;
        for (name, _) in &ddl {
            let rows = find.query_map([name], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            for row in rows {
                stats.push(row?);
            }
        }
    }
    for (name, _) in &ddl {
        // The name comes from the caller's constant list and was found in the schema.
        conn.execute_batch(&format!("DROP INDEX \"{name}\""))?;
    }
    Ok(SetAside { ddl, stats })
}

fn has_stats(conn: &Connection) -> Result<bool> {
    let n: i64 = conn.query_row(
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'",
        [],
        |r| r.get(0),
    )?;
    Ok(n > 0)
}

impl SetAside {
    /// Builds the indexes again. Each build sorts its records in runs of the smallest
    /// size SQLite allows (its sort runs are as big as the page cache, least 250
    /// pages), runs sorted by helper threads while the next is filled: runs that
    /// fit the CPU's caches sort several times faster than the few big ones a 256 MiB
    /// cache makes (measured in BENCHMARKS.md). Runs go to temporary files only when
    /// the connection keeps them there (`Store::begin_writes`); in memory, SQLite
    /// sorts in one piece whatever these settings.
    pub fn rebuild(self, conn: &Connection) -> Result<()> {
        let cache: i64 = conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
        let threads: i64 = conn.query_row("PRAGMA threads", [], |r| r.get(0))?;
        let helpers = std::thread::available_parallelism().map_or(1, |n| n.get());
        conn.pragma_update(None, "threads", helpers.min(MAX_SORT_HELPERS) as i64)?;
        conn.pragma_update(None, "cache_size", SORT_RUN_KIB)?;
        let built = self
            .ddl
            .iter()
            .try_for_each(|(_, sql)| conn.execute_batch(sql));
        // Put back whether or not the builds failed; a failed build is the error told.
        let restored = conn
            .pragma_update(None, "cache_size", cache)
            .and_then(|()| conn.pragma_update(None, "threads", threads));
        built?;
        restored?;
        if !self.stats.is_empty() {
            let mut put =
                conn.prepare("INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (?1, ?2, ?3)")?;
            for (tbl, idx, stat) in &self.stats {
                put.execute([tbl, idx, stat])?;
            }
            // The planner reads the statistics when the schema loads: load it again.
            conn.execute_batch("ANALYZE sqlite_schema")?;
        }
        Ok(())
    }
}

/// A first load into an empty database writes through a rollback journal instead of
/// the WAL: the journal keeps only the few pages that existed before (new pages need no
/// copy to undo), where the WAL would take every page of the load and then copy each
/// again into the database at the checkpoint (measured: 5.8–7.0 s of a million-row
/// load, against ~0.5 s).
/// A kill still rolls back to the empty database. Readers wait while it writes; there
/// is nothing yet for them to read.
///
/// Only when no other connection has the database open: SQLite leaves WAL mode only
/// with the file to itself, and otherwise keeps it (the workbench reading while it
/// imports). [`Journal::restore`] goes back to the WAL.
pub fn journal_for_first_load(conn: &Connection) -> Result<Journal> {
    let empty: bool =
        conn.query_row("SELECT NOT EXISTS (SELECT 1 FROM cases)", [], |r| r.get(0))?;
    if !empty {
        return Ok(Journal { switched: false });
    }
    // With another connection open SQLite answers "wal" at once (tested below).
    let mode = conn.query_row("PRAGMA journal_mode = DELETE", [], |r| {
        r.get::<_, String>(0)
    });
    let switched = match mode {
        Ok(mode) => mode.eq_ignore_ascii_case("delete"),
        Err(rusqlite::Error::SqliteFailure(e, _))
            if e.code == rusqlite::ErrorCode::DatabaseBusy =>
        {
            false
        }
        Err(e) => return Err(e.into()),
    };
    Ok(Journal { switched })
}

/// Writes a first load's pages to disk behind it. SQLite leaves each page it writes
/// in the OS's cache, so the commit's sync waited for the whole load to reach the disk
/// (0.57 s of a million rows); synced every half second meanwhile, on a thread that
/// only waits for the disk, the commit finds little left to write. The commit's own
/// sync is what makes the load durable: a sync failing here only leaves it the work.
/// Stops when dropped (the thread ends after the sync under way, if any).
///
/// The file it syncs through is never closed while the process runs: closing any
/// descriptor of a database file drops every POSIX lock the process holds on it
/// (SQLite's documented pitfall, "How To Corrupt An SQLite Database File" 2.2), and
/// a reader in another process would then take the import's live journal for a
/// crash's and roll it back. One descriptor per first load is what that costs.
pub struct FlushBehind {
    _stop: std::sync::mpsc::Sender<()>,
}

/// Descriptors of database files opened to flush behind a load: kept, never closed.
static KEPT_OPEN: std::sync::Mutex<Vec<std::sync::Arc<std::fs::File>>> =
    std::sync::Mutex::new(Vec::new());

/// How often [`flush_behind`] syncs.
const FLUSH_EVERY: std::time::Duration = std::time::Duration::from_millis(500);

pub fn flush_behind(path: &std::path::Path) -> FlushBehind {
    let (stop, stopped) = std::sync::mpsc::channel::<()>();
    let kept = KEPT_OPEN.lock();
    if let (Ok(file), Ok(mut kept)) = (std::fs::File::open(path), kept) {
        let file = std::sync::Arc::new(file);
        kept.push(file.clone());
        // No thread, no flushing behind: the commit syncs all, as it always does.
        let _ = std::thread::Builder::new()
            .name("flush-behind".into())
            .spawn(move || {
                while let Err(std::sync::mpsc::RecvTimeoutError::Timeout) =
                    stopped.recv_timeout(FLUSH_EVERY)
                {
                    let _ = file.sync_data();
                }
            });
    }
    FlushBehind { _stop: stop }
}

/// The journal mode a first load chose, to go back from.
#[must_use = "the database stays out of WAL mode until restored"]
pub struct Journal {
    switched: bool,
}

impl Journal {
    /// Whether the load writes through the rollback journal: its pages go to the
    /// database file itself, and the commit syncs them all.
    pub fn rollback(&self) -> bool {
        self.switched
    }

    pub fn restore(self, conn: &Connection) -> Result<()> {
        if self.switched {
            conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_index_set_aside_gets_its_statistics_back() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE t (tier INTEGER, id INTEGER);
             CREATE INDEX t_tier ON t(tier, id);
             ANALYZE t;
             DELETE FROM sqlite_stat1;
             INSERT INTO sqlite_stat1 VALUES ('t', 't_tier', '4000000 2000000 4');",
        )
        .unwrap();
        let stats = |conn: &Connection| -> Vec<String> {
            conn.prepare("SELECT stat FROM sqlite_stat1 WHERE idx = 't_tier'")
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap()
        };
        let aside = set_aside(&conn, &["t_tier"]).unwrap();
        assert!(stats(&conn).is_empty(), "DROP INDEX takes its statistics");
        aside.rebuild(&conn).unwrap();
        assert_eq!(stats(&conn), ["4000000 2000000 4"]);
        // And the planner uses them: a lookup by the second column skip-scans.
        let plan: String = conn
            .query_row("EXPLAIN QUERY PLAN SELECT * FROM t WHERE id = 5", [], |r| {
                r.get(3)
            })
            .unwrap();
        assert!(plan.contains("t_tier"), "{plan}");
    }

    #[test]
    fn indexes_come_back_as_the_schema_defined_them() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE t (a INTEGER, b TEXT UNIQUE);
             CREATE INDEX t_a ON t(a, b);",
        )
        .unwrap();
        let schema = |conn: &Connection| -> Vec<(String, Option<String>)> {
            conn.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name")
                .unwrap()
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap()
        };
        let before = schema(&conn);
        let aside = set_aside(&conn, &["t_a", "sqlite_autoindex_t_1", "missing"]).unwrap();
        assert_eq!(
            schema(&conn).len(),
            1,
            "only the unique constraint's index is left"
        );
        conn.execute("INSERT INTO t VALUES (1, 'x')", []).unwrap();
        conn.pragma_update(None, "cache_size", -5000).unwrap();
        aside.rebuild(&conn).unwrap();
        assert_eq!(schema(&conn), before);
        let pragma = |name: &str| -> i64 {
            conn.query_row(&format!("PRAGMA {name}"), [], |r| r.get(0))
                .unwrap()
        };
        assert_eq!(
            (pragma("cache_size"), pragma("threads")),
            (-5000, 0),
            "the sort settings are the connection's own again"
        );
        let used: String = conn
            .query_row("EXPLAIN QUERY PLAN SELECT b FROM t WHERE a = 1", [], |r| {
                r.get(3)
            })
            .unwrap();
        assert!(used.contains("t_a"), "{used}");
    }

    fn journal_mode(conn: &Connection) -> String {
        conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap()
    }

    /// Writes sort in temporary files (runs of a few MiB, merged); reading goes back
    /// to temporary data in memory.
    #[test]
    fn writes_sort_in_files_and_reads_keep_temporary_data_in_memory() {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::store::Store::open(&dir.path().join("t.sqlite")).unwrap();
        let temp_store = |store: &crate::store::Store| -> i64 {
            store
                .connection()
                .query_row("PRAGMA temp_store", [], |r| r.get(0))
                .unwrap()
        };
        // SQLite's numbers: 1 file, 2 memory.
        assert_eq!(temp_store(&store), 2);
        store.begin_writes().unwrap();
        assert_eq!(temp_store(&store), 1);
        store.end_writes().unwrap();
        assert_eq!(temp_store(&store), 2);
    }

    #[test]
    fn a_first_load_alone_writes_through_the_rollback_journal_and_goes_back_to_wal() {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::store::Store::open(&dir.path().join("t.sqlite")).unwrap();
        let conn = store.connection();
        assert_eq!(journal_mode(conn), "wal");
        let journal = journal_for_first_load(conn).unwrap();
        assert!(journal.rollback(), "its pages are synced behind it");
        assert_eq!(journal_mode(conn), "delete");
        journal.restore(conn).unwrap();
        assert_eq!(journal_mode(conn), "wal");
    }

    #[test]
    fn with_a_reader_open_or_cases_stored_the_wal_stays() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.sqlite");
        let store = crate::store::Store::open(&path).unwrap();
        let conn = store.connection();

        // The workbench reading the same empty database: no switch, no error, no wait
        // for the busy timeout (30 s).
        let reader = crate::store::Store::open(&path).unwrap();
        reader
            .connection()
            .execute_batch("BEGIN; SELECT COUNT(*) FROM cases;")
            .unwrap();
        let started = std::time::Instant::now();
        let journal = journal_for_first_load(conn).unwrap();
        assert!(!journal.rollback());
        assert!(started.elapsed() < std::time::Duration::from_secs(10));
        assert_eq!(journal_mode(conn), "wal");
        journal.restore(conn).unwrap();
        drop(reader);

        conn.execute_batch(
            "INSERT INTO batches (file_name, path, sha256, encoding, imported_at)
                 VALUES ('a.csv', 'a.csv', 'x', 'utf-8', 'now');
             INSERT INTO cases (report_no, batch_id, line, reported_at_raw, occurred_at_raw,
                 victim_name, victim_phone, caller_raw, account_raw, contact_raw, amount_raw,
                 scam_type_spelling, script)
                 VALUES ('R1', 1, 2, '', '', '', '', '', '', '', '', '', '');",
        )
        .unwrap();
        let journal = journal_for_first_load(conn).unwrap();
        assert!(!journal.switched, "a database with cases keeps its WAL");
        assert_eq!(journal_mode(conn), "wal");
        journal.restore(conn).unwrap();
    }
}
