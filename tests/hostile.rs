//! The hostile-input corpus: files a spreadsheet export, a tired analyst or an
//! attacker could hand the import, each with the outcome it must get. The small ones
//! are fixtures in `tests/hostile/`; large or binary ones are written here.
//!
//! For every file: no panic, a message naming the file (and the line, where there is
//! one), the good rows imported, every row counted (`read = imported + duplicate +
//! rejected`), and afterwards `PRAGMA integrity_check` ok and `casebench check` clean.
//! Then what reaches the analyst's terminal and files: no escape, bidi or zero-width
//! characters in tables, no live formula in exports, victims' data masked and private,
//! and SQL metacharacters in data and queries are only data.

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::util::{WorkDir, column, show};

/// What importing one file must give.
#[derive(Debug, Clone, Copy)]
enum Expect {
    /// The file is imported with these counts: read, imported, duplicate, rejected.
    Counts(u64, u64, u64, u64),
    /// The file is refused whole (exit 1) with this message after `FILE: `.
    Refused(&'static str),
}

/// The committed fixtures and what each must get.
const FIXTURES: &[(&str, Expect)] = &[
    (
        "empty.csv",
        Expect::Refused("line 1: empty file, no header row"),
    ),
    ("header_only.csv", Expect::Counts(0, 0, 0, 0)),
    // Q2 opens a quote that never closes: Q2's line is rejected, Q3–Q5 imported.
    ("unterminated_quote.csv", Expect::Counts(5, 4, 0, 1)),
    // T2's quote runs to the end of the file: that text is one rejected row.
    ("unterminated_quote_at_end.csv", Expect::Counts(2, 1, 0, 1)),
    (
        "unterminated_quote_in_header.csv",
        Expect::Refused("line 1: a quote in the header row is never closed"),
    ),
    // Short and long rows import with a warning; a row without report_no is rejected.
    ("ragged_rows.csv", Expect::Counts(4, 3, 0, 1)),
    ("escape_sequences.csv", Expect::Counts(2, 2, 0, 0)),
    ("bidi_zero_width.csv", Expect::Counts(2, 2, 0, 0)),
    ("formula_payloads.csv", Expect::Counts(2, 2, 0, 0)),
    // C1 again, same content: duplicate; C1 with another amount: rejected, named.
    ("conflicting_duplicate.csv", Expect::Counts(4, 2, 1, 1)),
    ("sql_metacharacters.csv", Expect::Counts(2, 2, 0, 0)),
    (
        "no_report_no.csv",
        Expect::Refused("line 1: no report_no column"),
    ),
];

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/hostile")
        .join(name)
}

/// Copies fixtures into the work directory, so that messages name them briefly.
fn copy_fixtures(w: &WorkDir, names: &[&str]) {
    for name in names {
        let bytes = std::fs::read(fixture(name)).expect("fixture");
        w.write(name, bytes);
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Runs the binary and fails on a panic (exit 101 or a panic message).
fn run(w: &WorkDir, args: &[&str]) -> Output {
    let out = w.run(args);
    let stderr = text(&out.stderr);
    assert!(
        out.status.code() != Some(101) && !stderr.contains("panicked"),
        "casebench {args:?} panicked:\n{}",
        show(&out)
    );
    out
}

/// The `read, imported, duplicate, rejected` counts of `file` in the import's stdout.
fn counts(stdout: &str, file: &str) -> (u64, u64, u64, u64) {
    let line = stdout
        .lines()
        .find(|l| l.starts_with(&format!("{file}:")))
        .unwrap_or_else(|| panic!("no summary for {file} in:\n{stdout}"));
    if line.ends_with(": 0 read: a header row and no rows under it") {
        return (0, 0, 0, 0);
    }
    // `N read, N imported, N updated, N duplicate, N rejected, N warnings`, by name.
    let count = |word: &str| -> u64 {
        line[file.len() + 1..]
            .split(',')
            .find_map(|part| {
                let mut words = part.split_whitespace();
                let n = words.next()?.parse().ok()?;
                (words.next()? == word).then_some(n)
            })
            .unwrap_or_else(|| panic!("no {word} count in {line}"))
    };
    let [read, imported, updated, duplicate, rejected] =
        ["read", "imported", "updated", "duplicate", "rejected"].map(count);
    assert_eq!(
        read,
        imported + updated + duplicate + rejected,
        "rows unaccounted for: {line}"
    );
    (read, imported, duplicate, rejected)
}

/// The database is whole and its tables agree.
fn assert_sound(w: &WorkDir) {
    let integrity: String = w
        .store()
        .connection()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity_check");
    assert_eq!(integrity, "ok");
    let out = run(w, &["check"]);
    assert!(out.status.success(), "check failed:\n{}", show(&out));
}

fn import_and_expect(w: &WorkDir, name: &str, expect: Expect) -> Output {
    let out = run(w, &["import", name]);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    match expect {
        Expect::Counts(read, imported, duplicate, rejected) => {
            assert!(out.status.success(), "{name}:\n{}", show(&out));
            assert_eq!(
                counts(&stdout, name),
                (read, imported, duplicate, rejected),
                "{name}:\n{stdout}"
            );
            // Every rejected row is kept with its line and reason.
            let kept = w.count(&format!(
                "SELECT COUNT(*) FROM rejected_rows r JOIN batches b ON b.id = r.batch_id
                  WHERE b.file_name = '{name}' AND r.line > 1 AND r.reason <> ''"
            ));
            assert_eq!(kept as u64, rejected, "{name}");
        }
        Expect::Refused(message) => {
            assert_eq!(out.status.code(), Some(1), "{name}:\n{}", show(&out));
            assert!(
                stderr.contains(&format!("{name}: {message}")),
                "{name}: expected {message:?}:\n{}",
                show(&out)
            );
        }
    }
    out
}

#[test]
fn every_fixture_gets_its_outcome_and_leaves_the_database_sound() {
    let w = WorkDir::new();
    let names: Vec<&str> = FIXTURES.iter().map(|f| f.0).collect();
    copy_fixtures(&w, &names);
    for &(name, expect) in FIXTURES {
        import_and_expect(&w, name, expect);
        assert_sound(&w);
    }
}

#[test]
fn an_unterminated_quote_names_its_line_and_the_rows_after_it_are_imported() {
    let w = WorkDir::new();
    copy_fixtures(
        &w,
        &["unterminated_quote.csv", "unterminated_quote_at_end.csv"],
    );
    let out = import_and_expect(&w, "unterminated_quote.csv", Expect::Counts(5, 4, 0, 1));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("line 3: unterminated quote: the field opened on line 3"),
        "{stdout}"
    );
    let csv = w.ok(&["cases", "--format", "csv"]);
    let mut imported = column(&csv, "report_no");
    imported.sort();
    assert_eq!(imported, ["Q1", "Q3", "Q4", "Q5"]);
    // Q5's legitimate two-line narrative stays one field.
    assert_eq!(
        w.count(
            "SELECT COUNT(*) FROM cases WHERE report_no = 'Q5' AND script = '两行的\n案情，正常'"
        ),
        1
    );
    let rejected = w.ok(&["batches", "--rejected", "--format", "csv", "--unmask"]);
    assert!(
        column(&rejected, "raw")[0].starts_with("Q2,李四,13912345678,\""),
        "{rejected}"
    );
    // Without --unmask the rejected row's name and phone are masked too.
    let rejected = w.ok(&["batches", "--rejected", "--format", "csv"]);
    assert!(
        column(&rejected, "raw")[0].starts_with("Q2,李*,139****5678,"),
        "{rejected}"
    );

    let out = import_and_expect(
        &w,
        "unterminated_quote_at_end.csv",
        Expect::Counts(2, 1, 0, 1),
    );
    assert!(
        text(&out.stdout).contains(
            "line 3: unterminated quote: the field opened on line 3 is never closed, so lines 3-5"
        ),
        "{}",
        show(&out)
    );
}

#[test]
fn a_file_without_report_no_fails_alone_between_good_files() {
    let w = WorkDir::new();
    copy_fixtures(
        &w,
        &["good_before.csv", "no_report_no.csv", "good_after.csv"],
    );
    let out = run(
        &w,
        &[
            "import",
            "good_before.csv",
            "no_report_no.csv",
            "good_after.csv",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    let stdout = text(&out.stdout);
    assert_eq!(counts(&stdout, "good_before.csv"), (1, 1, 0, 0));
    assert_eq!(counts(&stdout, "good_after.csv"), (1, 1, 0, 0));
    assert!(
        text(&out.stderr).contains("no_report_no.csv: line 1: no report_no column"),
        "{}",
        show(&out)
    );
    assert_sound(&w);
}

/// A deterministic stream of bytes (xorshift), for binary garbage.
fn garbage(len: usize, mut seed: u64) -> Vec<u8> {
    (0..len)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 24) as u8
        })
        .collect()
}

#[test]
fn generated_binary_and_encoded_files() {
    let w = WorkDir::new();
    let header = "report_no,victim_name,caller_number,script\n";
    let utf16 = |text: &str, bom: bool| -> Vec<u8> {
        let mut bytes = if bom { vec![0xFF, 0xFE] } else { Vec::new() };
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        bytes
    };
    let (gbk, _, unmappable) = encoding_rs::GBK
        .encode("案件编号,受害人,来电号码,案情简述\nK1,张三,13812345678,自称京东客服说金条额度\n");
    assert!(!unmappable);
    let four_mb = "金条".repeat(4 * 1024 * 1024 / 6 + 1);
    let files: Vec<(&str, Vec<u8>, Expect)> = vec![
        (
            "binary_garbage.csv",
            garbage(64 * 1024, 0x9E37_79B9_7F4A_7C15),
            Expect::Refused(
                "not a file casebench reads: the content is binary, neither text nor a workbook",
            ),
        ),
        (
            "nul_bytes.csv",
            format!("{header}N1,张\0三,13812345678,a\0b\nN\02,李四,136\000001234,\0\n")
                .into_bytes(),
            Expect::Counts(2, 2, 0, 0),
        ),
        (
            "big_field.csv",
            format!("{header}M1,张三,13812345678,\"{four_mb}\"\nM2,李四,13912345678,short\n")
                .into_bytes(),
            Expect::Counts(2, 2, 0, 0),
        ),
        (
            "gbk_no_bom.csv",
            gbk.into_owned(),
            Expect::Counts(1, 1, 0, 0),
        ),
        (
            "utf16_bom.csv",
            utf16(&format!("{header}W1,张三,13812345678,金条\n"), true),
            Expect::Counts(1, 1, 0, 0),
        ),
        (
            "utf16_no_bom.csv",
            utf16(&format!("{header}W2,李四,13912345678,白条\n"), false),
            Expect::Counts(1, 1, 0, 0),
        ),
        (
            "mac_line_ends.csv",
            format!("{header}R1,张三,13812345678,x\r,no id\rR3,王五,13712345678,y\r")
                .replace('\n', "\r")
                .into_bytes(),
            Expect::Counts(3, 2, 0, 1),
        ),
    ];
    for (name, bytes, expect) in files {
        w.write(name, bytes);
        import_and_expect(&w, name, expect);
        assert_sound(&w);
    }
    let encodings = w.ok(&["batches", "--format", "csv"]);
    assert_eq!(
        column(&encodings, "encoding"),
        [
            "UTF-8",
            "UTF-8",
            "GB18030",
            "UTF-16LE",
            "UTF-16LE (no BOM)",
            "UTF-8"
        ]
    );
    assert!(
        w.ok(&["batches", "--rejected"]).contains("no report_no"),
        "the lone-CR file's rejected row"
    );
    assert_eq!(
        w.count("SELECT line FROM rejected_rows r JOIN batches b ON b.id = r.batch_id WHERE b.file_name = 'mac_line_ends.csv'"),
        3
    );
    assert_eq!(
        w.count("SELECT length(script) FROM cases WHERE report_no = 'M1'"),
        four_mb.chars().count() as i64
    );
    let csv = w.ok(&["cases", "--format", "csv", "--unmask"]);
    let names = column(&csv, "victim_name");
    assert!(
        names.contains(&"张三".to_string()),
        "GBK decoded: {names:?}"
    );
    // A NUL byte inside a phone number does not hide it.
    assert_eq!(
        w.count("SELECT COUNT(*) FROM identifiers WHERE value = '+8613600001234'"),
        1
    );
}

/// Characters that must never reach the analyst's terminal from the data.
fn hostile_chars(s: &str) -> Vec<char> {
    s.chars()
        .filter(|&c| {
            (c.is_control() && c != '\n')
                || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}'
                    | '\u{2066}'..='\u{2069}' | '\u{feff}')
        })
        .collect()
}

fn import_terminal_fixtures(w: &WorkDir) {
    let names = [
        "escape_sequences.csv",
        "bidi_zero_width.csv",
        "formula_payloads.csv",
        "sql_metacharacters.csv",
        "unterminated_quote.csv",
        "conflicting_duplicate.csv",
    ];
    copy_fixtures(w, &names);
    let mut args = vec!["import"];
    args.extend(names);
    let out = run(w, &args);
    assert!(out.status.success(), "{}", show(&out));
    assert!(hostile_chars(&text(&out.stdout)).is_empty());
}

#[test]
fn tables_on_the_terminal_carry_no_escape_bidi_or_zero_width_characters() {
    let w = WorkDir::new();
    import_terminal_fixtures(&w);
    let listings: &[&[&str]] = &[
        &["cases"],
        &["cases", "--unmask"],
        &["links"],
        &["links", "B1"],
        &["links", "--batch", "1"],
        &["hubs"],
        &["batches"],
        &["batches", "--rejected"],
        &["search", "金条"],
        &["search", "--explain", "13812345678"],
        &["search", "script:title"],
        &["check"],
    ];
    for args in listings {
        let out = run(&w, args);
        assert!(out.status.success(), "{args:?}:\n{}", show(&out));
        let stdout = text(&out.stdout);
        let bad = hostile_chars(&stdout);
        // Not a terminal here: no colour codes either (ESC is among the controls).
        assert!(bad.is_empty(), "{args:?} printed {bad:?}:\n{stdout}");
    }
    // The escape-laden report_no is shown clean and is still findable.
    let cases = w.ok(&["cases"]);
    assert!(cases.lines().any(|l| l.starts_with("E1 ")), "{cases}");
    // Zero-width and bidi characters inside numbers do not hide them.
    let csv = w.ok(&["cases", "--format", "csv"]);
    let callers = column(&csv, "caller_numbers");
    let accounts = column(&csv, "receiving_accounts");
    let b1 = column(&csv, "report_no")
        .iter()
        .position(|r| r == "B1")
        .expect("B1");
    assert_eq!(callers[b1], "+8613912345678");
    assert_eq!(accounts[b1], "6222021234567890123");
}

#[test]
fn exports_never_start_a_formula_and_xlsx_text_stays_text() {
    let w = WorkDir::new();
    import_terminal_fixtures(&w);
    w.ok(&["cases", "--unmask", "-o", "cases.csv"]);
    w.ok(&["cases", "--unmask", "-o", "cases.xlsx"]);
    w.ok(&["batches", "--rejected", "-o", "rejected.csv"]);
    for file in ["cases.csv", "rejected.csv"] {
        let csv = std::fs::read_to_string(w.join(file)).expect("export");
        for row in crate::util::csv_rows(&csv) {
            for cell in row {
                let risky = cell.starts_with(['=', '@', '\t', '\r'])
                    || (cell.starts_with(['+', '-'])
                        && !cell[1..].chars().all(|c| c.is_ascii_digit() || c == '.'));
                assert!(!risky, "{file}: live formula {cell:?}");
            }
        }
    }
    use calamine::{Reader, Xlsx, open_workbook};
    let mut book: Xlsx<_> = open_workbook(w.join("cases.xlsx")).expect("xlsx");
    let sheet = book.sheet_names()[0].clone();
    let formulas = book.worksheet_formula(&sheet).expect("formulas");
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "xlsx holds formulas"
    );
    let range = book.worksheet_range(&sheet).expect("sheet");
    let cells: Vec<String> = range.used_cells().map(|(_, _, c)| c.to_string()).collect();
    assert!(
        cells.iter().any(|c| c.contains("HYPERLINK")),
        "the payload is kept as text"
    );
}

#[test]
fn sql_metacharacters_in_data_and_queries_are_only_data() {
    let w = WorkDir::new();
    import_terminal_fixtures(&w);
    let tables = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'";
    let before = (w.count(tables), w.count("SELECT COUNT(*) FROM cases"));
    let csv = w.ok(&["cases", "--format", "csv", "--unmask"]);
    assert!(column(&csv, "report_no").contains(&"S1'; DROP TABLE cases;--".to_string()));
    assert!(column(&csv, "victim_name").contains(&"Robert'); DELETE FROM cases;--".to_string()));
    for query in [
        "'; DROP TABLE cases;--",
        "S1'",
        "%",
        "_",
        "\\",
        "' OR '1'='1",
        "victim:%",
        "caller:13812345678'--",
        "account:*",
        "script:[a-z]",
        "\"' OR ''='\"",
    ] {
        let out = run(&w, &["search", query]);
        assert!(
            out.status.success() || out.status.code() == Some(2),
            "search {query:?}:\n{}",
            show(&out)
        );
        assert!(!text(&out.stderr).contains("database"), "{}", show(&out));
    }
    // `%` and `_` are not wildcards: only the case whose fields hold them matches.
    let found = w.ok(&["search", "--format", "csv", "victim:%"]);
    assert_eq!(column(&found, "report_no"), ["S2"]);
    let out = run(
        &w,
        &["links", "S1'; DROP TABLE cases;--", "--format", "csv"],
    );
    assert!(out.status.success(), "{}", show(&out));
    let out = run(&w, &["ignore", "' OR 1=1 --", "--reason", "x"]);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    assert!(
        text(&out.stderr).contains("is not a number or account casebench reads"),
        "{}",
        show(&out)
    );
    assert_eq!(
        (w.count(tables), w.count("SELECT COUNT(*) FROM cases")),
        before
    );
    assert_sound(&w);
}

#[cfg(unix)]
#[test]
fn every_export_and_backup_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let w = WorkDir::new();
    import_terminal_fixtures(&w);
    // An older export that others could read is tightened when overwritten.
    w.write("cases.csv", "stale");
    std::fs::set_permissions(w.join("cases.csv"), std::fs::Permissions::from_mode(0o644))
        .expect("chmod");
    let exports: &[&[&str]] = &[
        &["cases", "-o", "cases.csv"],
        &["cases", "-o", "cases.json"],
        &["cases", "-o", "cases.txt"],
        &["cases", "-o", "cases.xlsx"],
        &["search", "金条", "-o", "search.xlsx"],
        &["links", "-o", "links.graphml"],
        &["links", "-o", "links.csv"],
        &["hubs", "-o", "hubs.json"],
        &["batches", "--rejected", "-o", "rejected.csv"],
        &["backup", "copy.sqlite"],
    ];
    for args in exports {
        w.ok(args);
        let file = args.last().expect("file");
        let mode = std::fs::metadata(w.join(file))
            .expect("export written")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "{file}");
    }
    for file in ["test.sqlite", "test.sqlite-wal", "test.sqlite-shm"] {
        if let Ok(meta) = std::fs::metadata(w.join(file)) {
            assert_eq!(meta.permissions().mode() & 0o777, 0o600, "{file}");
        }
    }
}

#[test]
fn victim_names_and_phones_are_masked_unless_unmask() {
    let w = WorkDir::new();
    w.write(
        "v.csv",
        "report_no,victim_name,victim_phone,caller_number,script\n\
         V1,欧阳明月,13800001111,13812345678,金条\n\
         V2,Zhang Sanfeng,0370-6123456,13812345678,白条\n",
    );
    w.ok(&["import", "v.csv"]);
    let secrets = [
        "欧阳明月",
        "明月",
        "Sanfeng",
        "13800001111",
        "00001111",
        "6123456",
    ];
    let leaks = |what: &str, s: &str| {
        for secret in secrets {
            assert!(!s.contains(secret), "{what} shows {secret}:\n{s}");
        }
    };
    for format in ["table", "csv", "json"] {
        leaks(format, &w.ok(&["cases", "--format", format]));
    }
    w.write(
        "conflict.csv",
        "report_no,victim_name,victim_phone,caller_number,script\n\
         V1,欧阳明月,13800001111,13812345678,白条\n",
    );
    w.ok(&["import", "conflict.csv"]);
    for args in [
        &["batches", "--rejected"][..],
        &["batches", "--rejected", "--format", "json"],
        &["links"],
        &["links", "V1"],
        &["links", "--batch", "1"],
        &["search", "金条"],
        // The explain column echoes the typed term; the data behind it stays masked.
        &["search", "--explain", "victim:欧阳"],
        &["search", "--explain", "victim:1111"],
        &["hubs"],
    ] {
        leaks(&format!("{args:?}"), &w.ok(args));
    }
    w.ok(&["cases", "-o", "cases.xlsx"]);
    w.ok(&["links", "-o", "links.graphml"]);
    use calamine::{Reader, Xlsx, open_workbook};
    let mut book: Xlsx<_> = open_workbook(w.join("cases.xlsx")).expect("xlsx");
    let sheet = book.sheet_names()[0].clone();
    let cells: Vec<String> = book
        .worksheet_range(&sheet)
        .expect("sheet")
        .used_cells()
        .map(|(_, _, c)| c.to_string())
        .collect();
    leaks("xlsx", &cells.join("\n"));
    leaks(
        "graphml",
        &std::fs::read_to_string(w.join("links.graphml")).expect("graphml"),
    );

    let unmasked = w.ok(&["cases", "--unmask", "--format", "csv"]);
    let names = column(&unmasked, "victim_name");
    assert!(names.contains(&"欧阳明月".to_string()), "{unmasked}");
    assert!(column(&unmasked, "victim_phone").contains(&"13800001111".to_string()));
}

#[test]
fn file_names_and_group_ids_in_the_import_summary_are_sanitised() {
    let w = WorkDir::new();
    w.write(
        "week1.csv",
        "report_no,reported_at,caller_number\n\
         A1,2026-11-02,13812345678\n\
         A2,2026-11-03,13812345678\n\
         \u{1b}[31mB1\u{1b}]0;pwned\u{7},2026-11-01,13912345678\n\
         B2,2026-11-03,13912345678\n",
    );
    w.ok(&["import", "week1.csv"]);
    let name = "\u{1b}]0;title\u{7}week2\u{202e}.csv";
    w.write(
        name,
        "report_no,reported_at,caller_number\nC1,2026-11-04,13812345678；13912345678\n",
    );
    let out = run(&w, &["import", name]);
    assert!(out.status.success(), "{}", show(&out));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("1 merged (G-B1 + G-A1 → G-B1)"), "{stdout}");
    assert!(hostile_chars(&stdout).is_empty(), "{stdout:?}");
    // A file that fails names itself without its escapes too.
    let bad = "\u{1b}[2Jbad.csv";
    w.write(bad, "");
    let out = run(&w, &["import", bad]);
    let stderr = text(&out.stderr);
    assert!(stderr.contains("bad.csv: line 1: empty file"), "{stderr:?}");
    assert!(hostile_chars(&stderr).is_empty(), "{stderr:?}");
}

/// A damaged database never gives a shorter answer with exit 0: 4 KB overwritten in
/// page after page of a copy, `search` either answers in full or exits 1 saying the
/// database is damaged (SQLite's own "malformed" counts too).
#[test]
fn a_damaged_database_is_an_error_not_a_shorter_answer() {
    let w = WorkDir::new();
    w.ok(&[
        "generate",
        "--reports",
        "600",
        "--weeks",
        "1",
        "--seed",
        "5",
        "--out",
        "gen",
    ]);
    w.ok(&["import", "gen"]);
    let whole = w.ok(&["search", "金条", "--limit", "0", "--format", "csv"]);
    let bytes = std::fs::read(w.db()).expect("database");
    let page = 16_384;
    let mut errors = 0;
    for p in (2..bytes.len() / page).step_by(3) {
        let mut damaged = bytes.clone();
        let at = p * page + 4_000;
        damaged[at..at + 4_096].fill(0xAB);
        let copy = w.join(&format!("damaged-{p}.sqlite"));
        std::fs::write(&copy, &damaged).expect("copy");
        let out = w
            .cmd()
            .env("CASEBENCH_DB", &copy)
            .args(["search", "金条", "--limit", "0", "--format", "csv"])
            .output()
            .expect("search");
        if out.status.success() {
            assert_eq!(
                String::from_utf8_lossy(&out.stdout),
                whole,
                "page {p}: exit 0 with another answer"
            );
        } else {
            errors += 1;
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(
                stderr.contains("damaged") || stderr.contains("malformed"),
                "page {p}: {stderr}"
            );
        }
    }
    assert!(errors > 0, "no copy was damaged where it shows");
}

/// A rejected row's raw text keeps no victim's phone readable: written in full-width
/// digits, or inside a longer field (the narrative), it is masked too.
#[test]
fn rejected_rows_mask_phones_in_any_digits_and_inside_fields() {
    let w = WorkDir::new();
    w.write(
        "r.csv",
        "report_no,victim_name,victim_phone,script\n\
         ,王五,１３８１２３４５６７８,报警人王五称其手机13812345678被骗\n",
    );
    w.ok(&["import", "r.csv"]);
    let raw = column(&w.ok(&["batches", "--rejected", "--format", "csv"]), "raw")[0].clone();
    assert!(
        !raw.contains("１３８１２３４５６７８") && raw.contains("１３８****５６７８"),
        "{raw}"
    );
    assert!(
        !raw.contains("13812345678") && raw.contains("138****5678"),
        "{raw}"
    );
    let raw = column(
        &w.ok(&["batches", "--rejected", "--format", "csv", "--unmask"]),
        "raw",
    )[0]
    .clone();
    assert!(raw.contains("13812345678"), "{raw}");
}
