//! Concurrent use: a reader (the workbench, or a CLI listing) open while a CLI import
//! runs never sees "database is locked" and sees the new cases after a refresh; a
//! backup taken meanwhile is whole; two imports started together serialise, and both
//! files arrive whole.

use std::time::{Duration, Instant};

use crate::crash::{generate, import_command, summary};
use crate::util::{WorkDir, show};

#[test]
fn a_reader_works_through_an_import_and_sees_its_cases_after() {
    let w = WorkDir::new();
    let big = generate(&w);
    w.write(
        "first.csv",
        "report_no,caller_number\nFIRST-1,13812345678\n",
    );
    w.ok(&["import", "first.csv"]);

    // The workbench's connection, open before the import starts.
    let reader = w.store();
    let count = |store: &casebench::store::Store| -> i64 {
        store
            .connection()
            .query_row("SELECT COUNT(*) FROM cases", [], |r| r.get(0))
            .expect("a read during the import")
    };
    assert_eq!(count(&reader), 1);

    let mut child = import_command(&w.db(), w.path(), &big)
        .spawn()
        .expect("spawn import");
    let mut reads = 0;
    let mut listings = 0;
    while child.try_wait().expect("poll import").is_none() {
        // The open connection reads the last committed state, never an error, and
        // never part of the file.
        let seen = count(&reader);
        assert!(seen == 1 || seen > 19_000, "a reader saw {seen} cases");
        reads += 1;
        // A fresh open (the workbench starting, a CLI listing) does not wait for the
        // import's write lock either.
        if listings < 3 {
            let started = Instant::now();
            let fresh = w.store();
            let seen = count(&fresh);
            assert!(seen == 1 || seen > 19_000, "a reader saw {seen} cases");
            assert!(
                started.elapsed() < Duration::from_secs(5),
                "opening waited {:?} for the import",
                started.elapsed()
            );
            // A backup taken now is the database before or after the file, whole.
            let copy = format!("copy-{listings}.sqlite");
            let out = w.run(&["backup", &copy]);
            assert!(out.status.success(), "{}", show(&out));
            let copied = casebench::store::Store::open(&w.join(&copy)).expect("open the copy");
            let seen = count(&copied);
            assert!(seen == 1 || seen > 19_000, "a backup held {seen} cases");
            drop(copied);
            let out = w
                .cmd()
                .env("CASEBENCH_DB", w.join(&copy))
                .arg("check")
                .output()
                .expect("check the copy");
            assert!(out.status.success(), "{}", show(&out));
            let out = w.run(&["cases", "--format", "csv"]);
            assert!(out.status.success(), "{}", show(&out));
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(!stderr.contains("locked"), "{stderr}");
            listings += 1;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let out = child.wait_with_output().expect("import output");
    assert!(out.status.success(), "{}", show(&out));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("locked"));
    assert!(
        reads > 3 && listings > 0,
        "the import ended too soon to test"
    );

    // Refresh: the same connection now sees the new cases.
    let imported = w.count("SELECT imported FROM batches WHERE file_name = 'batch-01.csv'");
    assert!(imported > 19_000);
    assert_eq!(count(&reader), 1 + imported);
}

#[test]
fn two_imports_at_once_serialise_and_both_arrive_whole() {
    let w = WorkDir::new();
    let big = generate(&w);
    w.write(
        "small.csv",
        "report_no,caller_number\nSMALL-1,13812345678\nSMALL-2,13912345678\n",
    );
    // A writer already holds the database (as a third import would): both imports
    // must wait their turn, not fail.
    let holder = w.store();
    holder
        .connection()
        .execute_batch("BEGIN IMMEDIATE")
        .expect("take the write lock");
    let mut first = import_command(&w.db(), w.path(), &big)
        .spawn()
        .expect("spawn the big import");
    let mut second = import_command(&w.db(), w.path(), &w.join("small.csv"))
        .spawn()
        .expect("spawn the small import");
    // Each says it waits (its own line, not a clock).
    let first_err = waits(&mut first);
    let second_err = waits(&mut second);
    holder
        .connection()
        .execute_batch("COMMIT")
        .expect("release");

    let second = second.wait_with_output().expect("small import");
    let first = first.wait_with_output().expect("big import");
    drop((first_err, second_err));
    for out in [&first, &second] {
        assert!(out.status.success(), "{}", show(out));
        assert!(!String::from_utf8_lossy(&out.stderr).contains("locked"));
    }
    assert!(summary(&second.stdout, "small.csv").contains("2 read, 2 imported"));
    let big_summary = summary(&first.stdout, "batch-01.csv");
    let imported = w.count("SELECT imported FROM batches WHERE file_name = 'batch-01.csv'");
    assert!(big_summary.contains(&format!("{imported} imported")));
    assert_eq!(w.count("SELECT COUNT(*) FROM cases"), imported + 2);
    let check = w.run(&["check"]);
    assert!(check.status.success(), "{}", show(&check));
}

/// Reads an import's stderr until it says it is waiting for the database; returns the
/// rest of its stderr, to be drained so that the import never blocks on it.
fn waits(child: &mut std::process::Child) -> std::thread::JoinHandle<String> {
    use std::io::BufRead;
    let stderr = child.stderr.take().expect("stderr");
    let mut lines = std::io::BufReader::new(stderr).lines();
    let waiting = lines
        .by_ref()
        .map_while(Result::ok)
        .any(|line| line.contains("waiting for another casebench"));
    assert!(waiting, "the import never said it waits");
    std::thread::spawn(move || lines.map_while(Result::ok).collect::<Vec<_>>().join("\n"))
}

/// Two imports of the same file started together: one imports it, the other finds it
/// imported once it has the lock — one batch, not a second one of duplicates.
#[test]
fn two_imports_of_one_file_record_one_batch() {
    let w = WorkDir::new();
    let file = w.write(
        "week.csv",
        "report_no,caller_number\nW-1,13812345678\nW-2,13912345678\n",
    );
    w.write("first.csv", "report_no\nF-1\n");
    w.ok(&["import", "first.csv"]);
    let holder = w.store();
    holder
        .connection()
        .execute_batch("BEGIN IMMEDIATE")
        .expect("take the write lock");
    let mut a = import_command(&w.db(), w.path(), &file).spawn().expect("a");
    let mut b = import_command(&w.db(), w.path(), &file).spawn().expect("b");
    let (a_err, b_err) = (waits(&mut a), waits(&mut b));
    holder
        .connection()
        .execute_batch("COMMIT")
        .expect("release");
    let (a, b) = (
        a.wait_with_output().expect("a"),
        b.wait_with_output().expect("b"),
    );
    drop((a_err.join(), b_err.join()));
    assert!(
        a.status.success() && b.status.success(),
        "{}\n{}",
        show(&a),
        show(&b)
    );
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&a.stdout),
        String::from_utf8_lossy(&b.stdout)
    );
    assert!(said.contains("already imported as batch 2"), "{said}");
    assert_eq!(
        w.count("SELECT COUNT(*) FROM batches WHERE file_name = 'week.csv'"),
        1
    );
    assert_eq!(w.count("SELECT COUNT(*) FROM cases"), 3);
}

/// A reader started while the first import into a new database is mid-way (a load
/// through the rollback journal) waits for it, and neither breaks the import nor reads
/// a half state. It used to: the import closed a second descriptor of the database
/// file, which dropped its locks, and the reader rolled the live journal back
/// ("disk I/O error" in the import).
#[test]
fn a_reader_during_the_first_import_waits_and_breaks_nothing() {
    use std::io::BufRead;
    let w = WorkDir::new();
    let big = generate(&w);
    let mut child = import_command(&w.db(), w.path(), &big)
        .env("CASEBENCH_TIMING", "1")
        .spawn()
        .expect("spawn import");
    let mut stderr = std::io::BufReader::new(child.stderr.take().expect("stderr"));
    // Mid-way: the import's own progress line, not a clock.
    let mid = (&mut stderr)
        .lines()
        .map_while(Result::ok)
        .any(|line| line.starts_with("progress ") && line.ends_with(" 4000 rows"));
    assert!(mid, "the import printed no progress");
    // Runs to its end while the import goes on (its stderr holds a few lines only).
    let reader = w.run(&["search", "金条", "--format", "csv", "--limit", "0"]);
    // The rest of the import's stderr, so that its pipe never fills.
    let rest: Vec<String> = stderr.lines().map_while(Result::ok).collect();
    let out = child.wait_with_output().expect("import");
    assert!(
        out.status.success(),
        "import failed: {}\n{}",
        show(&out),
        rest.join("\n")
    );
    assert!(reader.status.success(), "{}", show(&reader));
    let hits = String::from_utf8_lossy(&reader.stdout).lines().count();
    let line = summary(&out.stdout, "batch-01.csv");
    let imported: i64 = line
        .split(", ")
        .find_map(|part| part.strip_suffix(" imported"))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no imported count in {line}"));
    assert!(imported > 19_000, "{line}");
    assert_eq!(
        w.count("SELECT COUNT(*) FROM cases"),
        imported,
        "the whole file"
    );
    assert!(
        hits > 1,
        "the reader saw the committed file, not an empty one ({hits} lines)"
    );
    let check = w.run(&["check"]);
    assert!(check.status.success(), "{}", show(&check));
}
