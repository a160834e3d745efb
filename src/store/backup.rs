//! `casebench backup`'s core: a consistent copy of the database while it is in use.
//!
//! SQLite's online backup copies every page in one step, inside one read transaction,
//! so the copy is the database as of one moment even while an import writes (WAL lets
//! the writer go on). The copy is written to a private temporary file beside the
//! target (mode 0600: it holds victims' data), checked, and only then renamed into
//! place: the target is either a whole, checked copy or not there at all.

use std::path::{Path, PathBuf};

use rusqlite::backup::StepResult;
use rusqlite::{Connection, OpenFlags};

use super::Store;
use crate::{Error, Result};

/// What a backup wrote.
#[derive(Debug, Clone)]
pub struct BackupReport {
    pub path: PathBuf,
    pub bytes: u64,
    pub cases: i64,
    pub batches: i64,
}

/// Copies `store` to `target`. An existing `target` is an error unless `overwrite`.
pub fn backup(store: &Store, target: &Path, overwrite: bool) -> Result<BackupReport> {
    if target.exists() && !overwrite {
        return Err(Error::file(
            target,
            "already exists: give a new file name, or --force to replace it",
        ));
    }
    let name = target
        .file_name()
        .ok_or_else(|| Error::file(target, "not a file name"))?;
    // `backup backups/cb.sqlite` on a fresh checkout: make the folder.
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    let mut partial_name = name.to_os_string();
    partial_name.push(".partial");
    let partial = target.with_file_name(partial_name);
    let result = copy_to(store, &partial).and_then(|report| {
        std::fs::rename(&partial, target).map_err(|e| Error::io(target, e))?;
        Ok(BackupReport {
            path: target.to_path_buf(),
            ..report
        })
    });
    if result.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    result
}

fn copy_to(store: &Store, path: &Path) -> Result<BackupReport> {
    let _ = std::fs::remove_file(path);
    super::create_private(path)?;
    let mut dst = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    {
        let backup = rusqlite::backup::Backup::new(&store.conn, &mut dst)?;
        // -1: every page in one step, under one read transaction of the source. Busy
        // only while another connection holds an exclusive lock (not in WAL use).
        loop {
            match backup.step(-1)? {
                StepResult::Done => break,
                StepResult::More => {}
                _ => std::thread::sleep(std::time::Duration::from_millis(50)),
            }
        }
    }
    // The copy on its own: whole, and readable as a casebench database. Checked on
    // the copy's only connection, whose close removes the -wal and -shm files.
    let check: String = dst.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if check != "ok" {
        return Err(Error::file(
            path,
            format!("the copy fails integrity_check: {check}"),
        ));
    }
    let cases = dst.query_row("SELECT COUNT(*) FROM cases", [], |r| r.get(0))?;
    let batches = dst.query_row("SELECT COUNT(*) FROM batches", [], |r| r.get(0))?;
    dst.close().map_err(|(_, e)| e)?;
    let bytes = std::fs::metadata(path)
        .map_err(|e| Error::io(path, e))?
        .len();
    Ok(BackupReport {
        path: path.to_path_buf(),
        bytes,
        cases,
        batches,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_copy_is_whole_private_and_never_overwrites_by_accident() {
        let dir = tempfile::tempdir().unwrap();
        let csv = dir.path().join("w.csv");
        std::fs::write(&csv, "report_no,caller_number\nA1,13812345678\n").unwrap();
        let mut store = Store::open(&dir.path().join("db.sqlite")).unwrap();
        crate::import::import_files(&mut store, &[csv], &mut |_| {
            std::ops::ControlFlow::Continue(())
        });
        let target = dir.path().join("copy.sqlite");
        let report = backup(&store, &target, false).unwrap();
        assert_eq!((report.cases, report.batches), (1, 1));
        assert!(!dir.path().join("copy.sqlite.partial").exists());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&target).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let copy = Store::open(&target).unwrap();
        let n: i64 = copy
            .connection()
            .query_row("SELECT COUNT(*) FROM cases", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 1);

        let err = backup(&store, &target, false).unwrap_err().to_string();
        assert!(err.contains("already exists"), "{err}");
        backup(&store, &target, true).unwrap();

        // A folder that is not there yet is made.
        let nested = dir.path().join("backups/2026/cb.sqlite");
        assert_eq!(backup(&store, &nested, false).unwrap().cases, 1);
    }
}
