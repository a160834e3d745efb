//! A work directory per test: a unique temp dir with its own database, fixture files
//! written into it, and the built binary run inside it with stdout/stderr captured.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

pub struct WorkDir {
    dir: tempfile::TempDir,
}

impl WorkDir {
    pub fn new() -> WorkDir {
        WorkDir {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn join(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn db(&self) -> PathBuf {
        self.join("test.sqlite")
    }

    /// Writes a fixture file (creating folders) and returns its path.
    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("fixture folder");
        }
        std::fs::write(&path, bytes).expect("fixture file");
        path
    }

    /// The binary, run in this directory against this directory's database.
    pub fn cmd(&self) -> Command {
        let mut cmd = Command::cargo_bin("casebench").expect("binary built");
        cmd.current_dir(self.path())
            .env("CASEBENCH_DB", self.db())
            .env_remove("HOME");
        cmd
    }

    /// Runs with the arguments, asserts success, returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.cmd().args(args).output().expect("run casebench");
        assert!(
            out.status.success(),
            "casebench {args:?} failed:\n{}",
            show(&out)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Runs with the arguments and returns the whole output, whatever the exit code.
    pub fn run(&self, args: &[&str]) -> Output {
        self.cmd().args(args).output().expect("run casebench")
    }

    pub fn store(&self) -> casebench::store::Store {
        casebench::store::Store::open(&self.db()).expect("open store")
    }

    /// Forgets every group and links the whole database again, as a first load does.
    pub fn relink_from_nothing(&self) {
        let store = self.store();
        store
            .connection()
            .execute("DELETE FROM case_group_of", [])
            .expect("forget the groups");
        casebench::link::relink(store.connection(), None).expect("relink");
    }

    /// One number from the database.
    pub fn count(&self, sql: &str) -> i64 {
        self.store()
            .connection()
            .query_row(sql, [], |r| r.get(0))
            .expect("count query")
    }
}

pub fn show(out: &Output) -> String {
    format!(
        "status: {}\n--- stdout\n{}\n--- stderr\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Parses CSV text (as the CLI prints it) into rows of cells, header first.
pub fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    reader
        .records()
        .map(|r| r.expect("csv row").iter().map(str::to_string).collect())
        .collect()
}

/// The value of `column` in each data row of CSV text.
pub fn column(text: &str, column: &str) -> Vec<String> {
    let rows = csv_rows(text);
    let i = rows[0]
        .iter()
        .position(|h| h == column)
        .unwrap_or_else(|| panic!("no column {column} in {:?}", rows[0]));
    rows[1..].iter().map(|r| r[i].clone()).collect()
}
