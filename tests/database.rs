//! Which commands may create a database: only `import` (and the workbench's first
//! run on the default database). A mistyped `--db` is an error that creates nothing.

use crate::util::WorkDir;

/// Every command that reads a database, with arguments that would otherwise work.
const READERS: &[&[&str]] = &[
    &["cases"],
    &["search", "金条"],
    &["links"],
    &["hubs"],
    &["ignore", "13812345678", "--reason", "test line"],
    &["batches"],
    &["backup", "copy.sqlite"],
    &["check"],
    // No command: the workbench, given a --db that is not there.
    &[],
];

#[test]
fn a_missing_database_is_an_error_that_creates_nothing() {
    let work = WorkDir::new();
    let missing = work.join("typo/casebnech.sqlite");
    for args in READERS {
        let out = work
            .cmd()
            .arg("--db")
            .arg(&missing)
            .args(*args)
            .output()
            .expect("run casebench");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(
            stderr.contains(&format!(
                "no database at {} (casebench import creates one)",
                missing.display()
            )),
            "{args:?}: {stderr}"
        );
        assert_eq!(stderr.lines().count(), 1, "{args:?}: one line: {stderr}");
        assert!(!work.join("typo").exists(), "{args:?} created the folder");
    }
    // CASEBENCH_DB names it the same way.
    let out = work
        .cmd()
        .env("CASEBENCH_DB", &missing)
        .arg("cases")
        .output()
        .expect("run casebench");
    assert_eq!(out.status.code(), Some(1));
    assert!(!work.join("typo").exists());
}

#[test]
fn import_creates_the_database_it_is_given() {
    let work = WorkDir::new();
    let db = work.join("new/cb.sqlite");
    let csv = work.write("w.csv", "report_no,caller_number\nR1,13812345678\n");
    let out = work
        .cmd()
        .arg("--db")
        .arg(&db)
        .arg("import")
        .arg(&csv)
        .output()
        .expect("run casebench");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(db.is_file());
    let cases = work
        .cmd()
        .arg("--db")
        .arg(&db)
        .arg("cases")
        .output()
        .expect("run casebench");
    assert!(cases.status.success());
    assert!(String::from_utf8_lossy(&cases.stdout).contains("R1"));
}
