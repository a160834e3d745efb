//! Crash consistency: a real `casebench import` of a large generated file, killed
//! with SIGKILL at several points (early rows, mid-file, late rows, relinking and
//! commit). After each kill the database passes `integrity_check` and `casebench
//! check`, and holds that file entirely or not at all; at the end the file imports
//! cleanly with the counts of an undisturbed import.
//!
//! The kill points are read from the import's own progress lines, not from a clock,
//! so a slow or busy CI machine moves them nowhere.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::util::{WorkDir, show};

/// Rows in the generated file: enough that the import takes seconds in a debug build.
const REPORTS: &str = "20000";

/// When a kill lands, read from the lines the import prints with `CASEBENCH_TIMING`
/// set: `progress FILE: N rows` every 2,000 rows, then `timing FILE: …` once the rows,
/// the relink and the hit count are done, just before the commit.
#[derive(Debug, Clone, Copy)]
enum KillAt {
    /// Once this many rows are written (inside the file's transaction).
    Rows(u64),
    /// This many milliseconds after the import says it is about to commit.
    Commit(u64),
}

const KILLS: [KillAt; 5] = [
    KillAt::Rows(2_000),
    KillAt::Rows(10_000),
    KillAt::Rows(18_000),
    KillAt::Commit(0),
    KillAt::Commit(30),
];

/// Reads the import's stderr until the kill point is reached. False when the import
/// ended first. The caller keeps the pipe open until the kill: a closed pipe would
/// fail the import's next progress line instead.
fn wait_for(stderr: &mut impl BufRead, kill: KillAt) -> bool {
    stderr.lines().map_while(Result::ok).any(|line| match kill {
        KillAt::Rows(n) => line
            .strip_prefix("progress ")
            .and_then(|rest| rest.rsplit(": ").next())
            .and_then(|rows| rows.trim_end_matches(" rows").parse::<u64>().ok())
            .is_some_and(|rows| rows >= n),
        KillAt::Commit(_) => line.starts_with("timing "),
    })
}

/// The counts a database holds, table by table.
fn snapshot(w: &WorkDir) -> Vec<i64> {
    [
        "cases",
        "identifiers",
        "case_identifiers",
        "batches",
        "warnings",
        "rejected_rows",
        "group_changes",
    ]
    .iter()
    .map(|t| w.count(&format!("SELECT COUNT(*) FROM {t}")))
    .collect()
}

pub fn summary(stdout: &[u8], file: &str) -> String {
    String::from_utf8_lossy(stdout)
        .lines()
        .find(|l| l.starts_with(&format!("{file}:")))
        .unwrap_or_else(|| panic!("no summary for {file}"))
        .to_string()
}

pub fn generate(w: &WorkDir) -> std::path::PathBuf {
    w.ok(&[
        "generate",
        "--reports",
        REPORTS,
        "--weeks",
        "1",
        "--seed",
        "11",
        "--out",
        "gen",
    ]);
    w.join("gen/batch-01.csv")
}

pub fn import_command(db: &Path, dir: &Path, file: &Path) -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("casebench"));
    cmd.current_dir(dir)
        .env("CASEBENCH_DB", db)
        .arg("import")
        .arg(file)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

/// Kills an import of `big` at each point in turn, checking the database after each
/// (`after_kill` first looks at the files as the kill left them); stops at the first
/// kill that came too late to lose the file. What each kill left.
fn kill_at_each(
    w: &WorkDir,
    big: &Path,
    kills: &[KillAt],
    after_kill: &dyn Fn(KillAt),
) -> Vec<&'static str> {
    let before = snapshot(w);
    let mut outcomes = Vec::new();
    for &kill in kills {
        let mut child = import_command(&w.db(), w.path(), big)
            .env("CASEBENCH_TIMING", "1")
            .spawn()
            .expect("spawn import");
        let mut stderr = BufReader::new(child.stderr.take().expect("stderr piped"));
        assert!(
            wait_for(&mut stderr, kill),
            "the import ended before {kill:?}"
        );
        if let KillAt::Commit(ms) = kill {
            std::thread::sleep(Duration::from_millis(ms));
        }
        let finished = child.try_wait().expect("poll import").is_some();
        // `kill` is SIGKILL on unix: no destructor, no rollback, no flush.
        let _ = child.kill();
        let _ = child.wait();
        drop(stderr);
        after_kill(kill);
        let at = format!("{kill:?}");

        let integrity: String = w
            .store()
            .connection()
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .expect("integrity_check");
        assert_eq!(integrity, "ok", "after a kill at {at}");
        let check = w.run(&["check"]);
        assert!(
            check.status.success(),
            "after a kill at {at}:\n{}",
            show(&check)
        );

        let batches = w.count("SELECT COUNT(*) FROM batches WHERE file_name = 'batch-01.csv'");
        if batches == 0 {
            assert_eq!(snapshot(w), before, "a kill at {at} left part of the file");
            outcomes.push("nothing");
        } else {
            assert_eq!(batches, 1);
            let (read, imported) = (
                w.count("SELECT rows_read FROM batches WHERE file_name = 'batch-01.csv'"),
                w.count("SELECT COUNT(*) FROM cases c JOIN batches b ON b.id = c.batch_id WHERE b.file_name = 'batch-01.csv'"),
            );
            assert!(
                read > 19_000 && imported > 19_000,
                "a kill at {at} left {read} read, {imported} imported"
            );
            outcomes.push(if finished {
                "finished before the kill"
            } else {
                "all"
            });
            break;
        }
    }
    outcomes
}

#[test]
fn a_killed_import_leaves_the_file_entirely_or_not_at_all() {
    let w = WorkDir::new();
    let big = generate(&w);

    // An earlier week already in the database, which no kill may disturb.
    w.write(
        "earlier.csv",
        "report_no,caller_number,receiving_account,amount\n\
         EARLY-1,13812345678,6222021234567890123,1000\n\
         EARLY-2,13812345678,,2000\n",
    );
    w.ok(&["import", "earlier.csv"]);
    let outcomes = kill_at_each(&w, &big, &KILLS, &|_| {});
    eprintln!("kill outcomes: {outcomes:?}");
    assert_eq!(
        outcomes[..3],
        ["nothing"; 3],
        "a kill while rows are written leaves nothing"
    );

    // The file re-imports cleanly (unless the last kill came after its commit).
    if outcomes.last() == Some(&"nothing") {
        let out = w.run(&["import", "gen/batch-01.csv"]);
        assert!(out.status.success(), "{}", show(&out));
        let line = summary(&out.stdout, "batch-01.csv");
        let imported = w.count("SELECT imported FROM batches WHERE file_name = 'batch-01.csv'");
        assert!(
            imported > 19_000 && line.contains(&format!("{imported} imported")),
            "{line}"
        );
    }
    let check = w.run(&["check"]);
    assert!(check.status.success(), "{}", show(&check));
    assert_eq!(
        w.count("SELECT COUNT(*) FROM cases WHERE report_no LIKE 'EARLY-%'"),
        2
    );
}

/// A first load into an empty database writes through a rollback journal instead of
/// the WAL (`store/bulk.rs`). A kill there leaves the empty database, which opens in
/// WAL mode again.
#[test]
fn a_killed_first_load_leaves_the_database_empty_and_back_in_wal_mode() {
    let w = WorkDir::new();
    let big = generate(&w);
    let journal = w.join("test.sqlite-journal");
    let outcomes = kill_at_each(&w, &big, &[KillAt::Rows(10_000)], &|_| {
        assert!(
            journal.exists(),
            "a first load killed mid-file leaves its rollback journal"
        );
    });
    assert_eq!(outcomes, ["nothing"]);
    assert!(!journal.exists(), "the journal was rolled back");
    let mode: String = w
        .store()
        .connection()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .expect("journal mode");
    assert_eq!(mode, "wal");
    assert_eq!(w.count("SELECT COUNT(*) FROM cases"), 0);
}

/// An export killed half-way (SIGKILL) leaves yesterday's file as it was: it writes
/// under a temporary name and renames only when whole. The kill lands once the
/// temporary file is there (a file's state, not a clock).
#[test]
fn a_killed_export_keeps_the_previous_file() {
    let w = WorkDir::new();
    let big = generate(&w);
    w.ok(&["import", big.to_str().expect("path")]);
    let target = w.write("exports/cases.xlsx", b"yesterday's export".as_slice());
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("casebench"))
        .current_dir(w.path())
        .env("CASEBENCH_DB", w.db())
        .args(["cases", "-o", "exports/cases.xlsx"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn export");
    let partial = || {
        std::fs::read_dir(w.join("exports"))
            .expect("exports")
            .flatten()
            .any(|e| e.file_name().to_string_lossy().ends_with(".partial"))
    };
    let mut seen = false;
    while child.try_wait().expect("poll").is_none() {
        if partial() {
            seen = true;
            break;
        }
        std::thread::yield_now();
    }
    assert!(seen, "the export ended before its temporary file was seen");
    child.kill().expect("kill");
    child.wait().expect("reap");
    assert_eq!(
        std::fs::read(&target).expect("the old file"),
        b"yesterday's export",
        "the kill destroyed the previous export"
    );
    // The next export to the same name replaces it whole.
    w.ok(&["cases", "-o", "exports/cases.xlsx"]);
    assert!(std::fs::read(&target).expect("new file").starts_with(b"PK"));
}
