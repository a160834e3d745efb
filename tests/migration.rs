//! A database made before migration 011 (`tests/fixtures/old-db`, written by the
//! casebench of schema 010): opened by today's casebench, which migrates it in place,
//! it answers every command of a fixed list exactly as that casebench did, and each
//! case's row comes back cell for cell as the verbatim row it had kept.

use std::path::{Path, PathBuf};

use crate::util::WorkDir;

fn fixture(name: &str) -> PathBuf {
    fixture_in("old-db", name)
}

fn fixture_in(dir: &str, name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(dir)
        .join(name)
}

/// A copy of the old database in a work directory (its database).
fn old_database() -> WorkDir {
    let w = WorkDir::new();
    std::fs::copy(fixture("old.sqlite"), w.db()).expect("copy the fixture");
    w
}

/// A copy of the database of schema 021 (`tests/fixtures/db-021`) in a work directory.
fn database_021() -> WorkDir {
    let w = WorkDir::new();
    std::fs::copy(fixture_in("db-021", "current.sqlite"), w.db()).expect("copy the fixture");
    w
}

/// The cells of a CSV record's text.
fn cells(original: &str) -> Vec<String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(original.as_bytes());
    let mut record = csv::StringRecord::new();
    assert!(reader.read_record(&mut record).expect("a record"));
    record.iter().map(str::to_string).collect()
}

/// Every command of `commands.tsv` answered as `bench/same-answers` records answers:
/// `### ARGS`, stdout, `### exit N`.
#[test]
fn a_migrated_database_answers_every_command_as_before() {
    answers_as_recorded(&old_database(), "old-db");
    let w = old_database();
    w.ok(&["batches"]);
    assert!(w.count("SELECT MAX(version) FROM schema_migrations") >= 11);
}

/// The same of a database made by the casebench of schema 021 (migration 022 gives the
/// case → group rows a tier, and the index by group a partial index a tier).
#[test]
fn a_database_of_schema_021_answers_every_command_as_before() {
    let w = database_021();
    let version = |w: &WorkDir| -> i64 {
        // Read without `Store::open`, which would migrate.
        let conn = rusqlite::Connection::open(w.db()).unwrap();
        conn.query_row("SELECT MAX(version) FROM schema_migrations", [], |r| {
            r.get(0)
        })
        .unwrap()
    };
    assert_eq!(version(&w), 21);
    answers_as_recorded(&w, "db-021");
    assert!(version(&w) >= 22);
}

/// Every command of fixture `dir`'s `commands.tsv` answered on `w`'s database as
/// `expected.txt` recorded (`bench/same-answers --record`).
fn answers_as_recorded(w: &WorkDir, dir: &str) {
    let commands = std::fs::read_to_string(fixture_in(dir, "commands.tsv")).expect("commands");
    let expected = std::fs::read_to_string(fixture_in(dir, "expected.txt")).expect("answers");
    let mut answers = String::new();
    for line in commands.lines() {
        let args: Vec<&str> = line.split('\t').collect();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let out = w.cmd().args(&args).output().expect("run casebench");
        answers.push_str(&format!("### {}\n", args.join(" ")));
        answers.push_str(&String::from_utf8_lossy(&out.stdout));
        answers.push_str(&format!("### exit {}\n", out.status.code().unwrap_or(-1)));
    }
    let (now, before) = (blocks(&answers), blocks(&expected));
    assert_eq!(
        now.iter().map(|b| b[0]).collect::<Vec<_>>(),
        before.iter().map(|b| b[0]).collect::<Vec<_>>(),
        "the same commands"
    );
    for (a, e) in now.iter().zip(&before) {
        // A listing may have gained columns since the fixture was made (casework's
        // tags, notes and banks): each line as it was must still begin its line now,
        // and only then may more follow. Every other answer is the same, byte for byte.
        let widened = a.len() > 1
            && e.len() > 1
            && a[1].len() > e[1].len()
            && a[1].starts_with(e[1].trim_end());
        let same = if a[0].contains("--format csv") && a.len() > 1 && a[1] != e[1] {
            // A CSV listing: the columns it had, in their order, read out of today's.
            projected(&a[1..], &e[1..]) == e[1..].join("\n")
        } else {
            a.len() == e.len()
                && a.iter()
                    .zip(e.iter())
                    .all(|(x, y)| x == y || (widened && x.trim_end().starts_with(y.trim_end())))
        };
        assert!(
            same,
            "{}: answers differ\n  before: {e:#?}\n  now:    {a:#?}",
            e[0]
        );
    }
}

/// CSV lines `now` cut down to the columns of `before`'s header, in its order (the
/// exit line kept as it is); `now` unchanged when it lost a column `before` had.
fn projected(now: &[&str], before: &[&str]) -> String {
    let exit = |lines: &[&str]| lines.iter().position(|l| l.starts_with("### exit"));
    let (Some(n), Some(b)) = (exit(now), exit(before)) else {
        return now.join("\n");
    };
    let read = |lines: &[&str]| -> Vec<csv::StringRecord> {
        let text = lines.join("\n");
        csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes())
            .records()
            .map(|r| r.expect("a CSV record"))
            .collect()
    };
    let (new_rows, old_rows) = (read(&now[..n]), read(&before[..b]));
    let (Some(new_head), Some(old_head)) = (new_rows.first(), old_rows.first()) else {
        return now.join("\n");
    };
    let Some(columns) = old_head
        .iter()
        .map(|name| new_head.iter().position(|c| c == name))
        .collect::<Option<Vec<usize>>>()
    else {
        return now.join("\n");
    };
    let mut out = csv::WriterBuilder::new().from_writer(Vec::new());
    for row in &new_rows {
        out.write_record(columns.iter().map(|&i| row.get(i).unwrap_or("")))
            .expect("write");
    }
    let text = String::from_utf8(out.into_inner().expect("flush")).expect("utf-8");
    let mut lines: Vec<&str> = text.lines().collect();
    lines.extend(&now[n..]);
    lines.join("\n")
}

/// The answers of a run cut at each command (`### ARGS` ... `### exit N`), by line.
fn blocks(answers: &str) -> Vec<Vec<&str>> {
    let mut out: Vec<Vec<&str>> = Vec::new();
    for line in answers.lines() {
        if line.starts_with("### ") && !line.starts_with("### exit") {
            out.push(vec![line]);
        } else if let Some(b) = out.last_mut() {
            b.push(line);
        }
    }
    out
}

/// Each case's row as migration 011 leaves it: the header recovered from the rows,
/// cells kept where it does not give them back. Read through the one rebuild.
#[test]
fn every_row_comes_back_cell_for_cell_after_migration() {
    let w = old_database();
    let originals: Vec<(i64, String)> = {
        let conn = rusqlite::Connection::open(w.db()).unwrap();
        let mut stmt = conn
            .prepare("SELECT id, original FROM cases ORDER BY id")
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    assert!(originals.len() > 100);
    let store = w.store();
    let conn = store.connection();
    let mut headers = casebench::store::rows::Headers::default();
    for (id, original) in &originals {
        let row = casebench::store::rows::case_row(conn, &mut headers, *id)
            .unwrap()
            .expect("the case");
        let now: Vec<String> = row.cells.into_iter().map(|(_, c)| c).collect();
        assert_eq!(now, cells(original), "case {id}");
    }
    // The verbatim rows are gone; few rows keep their cells (the odd file's).
    let kept = w.count("SELECT COUNT(*) FROM cases WHERE cells IS NOT NULL");
    assert!(kept <= 8, "{kept} rows kept their cells");
    assert_eq!(
        w.count("SELECT COUNT(*) FROM pragma_table_info('cases') WHERE name = 'original'"),
        0
    );
    // Migration 015: the hash is worked out from the raw fields, not stored.
    assert_eq!(
        w.count("SELECT COUNT(*) FROM pragma_table_info('cases') WHERE name = 'content_hash'"),
        0
    );
    // The header recovered from the rows reads each column as the field a fresh
    // import reads it as (the generated files; the workbook's two sheets apart).
    let fresh = WorkDir::new();
    for f in ["week-1.csv", "week-2.csv", "week-3.xlsx"] {
        fresh.ok(&["import", fixture(f).to_str().unwrap()]);
    }
    let fields = |w: &WorkDir| -> Vec<String> {
        let store = w.store();
        let mut stmt = store
            .connection()
            .prepare(
                "SELECT batch_id || '/' || sheet || ':' || group_concat(COALESCE(field, '?'), ' ')
                   FROM (SELECT * FROM batch_columns WHERE batch_id <= 3
                          ORDER BY batch_id, sheet, position)
                  GROUP BY batch_id, sheet ORDER BY batch_id, sheet",
            )
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    assert_eq!(fields(&w), fields(&fresh));
    // The pages the rebuilt tables left are given back.
    assert_eq!(
        w.count("SELECT freelist_count FROM pragma_freelist_count"),
        0
    );
    // A date written as it is stored normalised is not stored twice.
    assert!(w.count("SELECT COUNT(*) FROM cases WHERE reported_at_raw IS NULL") > 80);
    // Migration 019: the unknown columns of the 34 rows that have some (33 texts) by
    // the id of their text, each text kept once; the other 91 rows have none.
    assert_eq!(w.count("SELECT COUNT(*) FROM case_extras"), 33);
    assert_eq!(
        w.count("SELECT COUNT(*) FROM cases WHERE extra_id IS NULL"),
        91
    );
    // Identifiers keep their words through the view, codes underneath.
    assert_eq!(
        w.count("SELECT COUNT(*) FROM case_identifiers WHERE role IS NULL OR origin IS NULL OR side IS NULL"),
        0
    );
    assert_eq!(
        w.count("SELECT COUNT(*) FROM case_identifiers"),
        w.count("SELECT COUNT(*) FROM case_identifier_codes")
    );
}

/// The same files imported by today's casebench: each row read back as the file had
/// it, in the file's order of columns (the workbook's second sheet has its own), and
/// only the odd file's rows keep their cells.
#[test]
fn a_fresh_import_gives_every_row_back_as_the_file_had_it() {
    let w = WorkDir::new();
    for f in ["week-1.csv", "week-2.csv", "week-3.xlsx", "week-4.csv"] {
        w.ok(&["import", fixture(f).to_str().unwrap()]);
    }
    let odd = std::fs::read_to_string(fixture("week-4.csv")).unwrap();
    let out = w.ok(&[
        "cases", "--raw", "--batch", "4", "--unmask", "--format", "csv",
    ]);
    let listed = crate::util::csv_rows(&out);
    assert_eq!(
        listed[0],
        [
            "report_no",
            "batch_id",
            "sheet",
            "line",
            "column",
            "header",
            "cell"
        ]
    );
    // ODD-2's cells, padded as written, under the file's header.
    let odd2: Vec<(String, String)> = listed
        .iter()
        .filter(|r| r[0] == "ODD-2")
        .map(|r| (r[5].clone(), r[6].clone()))
        .collect();
    let mut lines = odd.lines();
    let header = cells(lines.next().unwrap());
    let row = cells(lines.nth(1).unwrap());
    let expected: Vec<(String, String)> = header.into_iter().zip(row).collect();
    assert_eq!(odd2, expected);
    let count = |sql: &str| w.count(sql);
    // The generated files' rows come back from the header, but for the one short row
    // the generator plants.
    assert_eq!(
        count("SELECT COUNT(*) FROM cases WHERE cells IS NOT NULL AND batch_id <> 4"),
        1
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM cases WHERE cells IS NULL AND batch_id = 4"),
        0,
        "a file with two contact columns keeps its rows' cells"
    );
    assert_eq!(
        count("SELECT COUNT(DISTINCT sheet) FROM batch_columns WHERE batch_id = 3"),
        2
    );
}

/// Migration 018 on a database of schema 010: every identifier in the merged tier,
/// under indexes led by the tier; a weekly batch after it writes its new identifiers
/// in the recent tier, finds a known one in the merged tier instead of storing it
/// again, and both answer a search; the database passes `check`.
#[test]
fn a_migrated_database_takes_a_batch_into_the_recent_tier_of_identifiers() {
    let w = old_database();
    w.ok(&["batches"]);
    let before = w.count("SELECT COUNT(*) FROM identifiers");
    assert_eq!(
        w.count("SELECT COUNT(*) FROM identifiers WHERE tier = 0"),
        before
    );
    let known: String = w
        .store()
        .connection()
        .query_row(
            "SELECT i.value FROM identifiers i JOIN case_identifiers ci ON ci.identifier_id = i.id
              WHERE i.kind = 'phone' AND ci.role = 'caller' ORDER BY i.id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    w.write(
        "next.csv",
        format!("report_no,caller_number\nNEXT-1,{known}\nNEXT-2,+8613900001111\n"),
    );
    w.ok(&["import", "next.csv"]);
    assert_eq!(
        w.count("SELECT COUNT(*) FROM identifiers"),
        before + 1,
        "the known number is not stored again"
    );
    assert_eq!(
        w.count("SELECT COUNT(*) FROM identifiers WHERE tier = 1 AND value = '+8613900001111'"),
        1
    );
    for (query, report_no) in [
        ("13900001111", "NEXT-2"),
        (&known[known.len() - 8..], "NEXT-1"),
    ] {
        let found = w.ok(&["search", query]);
        assert!(found.contains(report_no), "{query}: {found}");
    }
    w.ok(&["check"]);
}

/// Migration 022 on a database of schema 021: every case → group row in the merged
/// tier; a weekly batch after it writes its rows in the recent tier (its new cases'
/// and an old case's that joins a group), its groups are those a full relink finds,
/// and the database passes `check`.
#[test]
fn a_migrated_database_takes_a_batch_into_the_recent_tier_of_groups() {
    let w = database_021();
    let grouped = w.count("SELECT COUNT(*) FROM case_group_of");
    assert!(grouped > 0);
    assert_eq!(
        w.count("SELECT COUNT(*) FROM case_group_of WHERE tier = 0"),
        grouped
    );
    // A caller of a grouped case, and one of a case in no group.
    let caller = |grouped: bool| -> (String, String) {
        w.store()
            .connection()
            .query_row(
                &format!(
                    "SELECT i.value, c.report_no FROM identifiers i
                       JOIN case_identifiers ci ON ci.identifier_id = i.id
                       JOIN cases c ON c.id = ci.case_id
                      WHERE i.kind = 'phone' AND ci.role = 'caller'
                        AND i.official = 0 AND i.ignored = 0
                        AND (SELECT COUNT(*) FROM case_identifiers o
                              WHERE o.identifier_id = i.id) = 1
                        AND c.id {} IN (SELECT case_id FROM case_group_of)
                      ORDER BY i.id LIMIT 1",
                    if grouped { "" } else { "NOT" }
                ),
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap()
    };
    let (in_group, _) = caller(true);
    let (alone, alone_case) = caller(false);
    w.write(
        "next.csv",
        format!("report_no,caller_number\nNEXT-1,{in_group}\nNEXT-2,{alone}\n"),
    );
    w.ok(&["import", "next.csv"]);
    assert_eq!(
        w.count("SELECT COUNT(*) FROM case_group_of WHERE tier = 1"),
        3,
        "the two new cases and {alone_case}, which joins NEXT-2"
    );
    assert_eq!(
        w.count(&format!(
            "SELECT COUNT(*) FROM case_group_of t JOIN cases c ON c.id = t.case_id
              WHERE t.tier = 1 AND c.report_no = '{alone_case}'"
        )),
        1
    );
    let links = w.ok(&["links", "--format", "csv"]);
    w.ok(&["check"]);
    w.relink_from_nothing();
    assert_eq!(
        w.ok(&["links", "--format", "csv"]),
        links,
        "as a full relink"
    );
}
