//! The cold back end against the index engine on the same generated store: every
//! query the cold lookups answer must give the same hits (case, rank, score, how each
//! term matched) in the same order, and the same count when it says it is exhaustive.

use std::ops::ControlFlow;

use rusqlite::params;

use super::cold;
use super::engine::{SearchResults, Searcher};
use super::index::SearchIndex;
use super::persist;
use super::query::Query;
use crate::generate::{GenOptions, generate};
use crate::store::Store;

struct Generated {
    _dir: tempfile::TempDir,
    store: Store,
    index: SearchIndex,
}

/// 1,500 generated reports over two weeks (narrative identifiers, partial numbers,
/// shared gangs), imported by the import itself, some identifiers marked ignored.
fn generated() -> Generated {
    let (dir, files) = two_weeks(1500, 11);
    let mut store = Store::open(&dir.path().join("g.sqlite")).unwrap();
    import(&mut store, &files);
    // Ignored identifiers rank a half-step lower: some of them, by a fixed rule.
    store
        .connection()
        .execute("UPDATE identifiers SET ignored = 1 WHERE id % 17 = 0", [])
        .unwrap();
    let index = SearchIndex::build(&store).unwrap();
    Generated {
        _dir: dir,
        store,
        index,
    }
}

/// `reports` generated reports over two weeks (a file a week), in a new folder.
fn two_weeks(reports: usize, seed: u64) -> (tempfile::TempDir, Vec<std::path::PathBuf>) {
    let dir = tempfile::tempdir().unwrap();
    let mut opts = GenOptions::new(reports, dir.path().join("gen"));
    opts.weeks = 2;
    opts.seed = seed;
    let files = generate(&opts, &mut |_| {}).unwrap().files;
    (dir, files)
}

/// Imports `files` as the import does, each one whole.
fn import(store: &mut Store, files: &[std::path::PathBuf]) {
    let reports = crate::import::import_files(store, files, &mut |_| ControlFlow::Continue(()));
    assert_eq!(reports.len(), files.len());
}

/// Values to build queries from: identifiers of every kind, and report numbers.
fn samples(store: &Store) -> (Vec<(String, String)>, Vec<String>) {
    let conn = store.connection();
    let mut stmt = conn
        .prepare("SELECT kind, value FROM identifiers WHERE id % 7 = 1 ORDER BY id LIMIT 120")
        .unwrap();
    let idents = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let mut stmt = conn
        .prepare("SELECT report_no FROM cases WHERE id % 97 = 3 ORDER BY id")
        .unwrap();
    let reports = stmt
        .query_map(params![], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    (idents, reports)
}

/// The queries: each value whole, its last digits (4, 5, 7), as a partial number
/// (`*1234`, `138*5678`), scoped, with filters, two terms together, report numbers
/// whole, by prefix and in lower case.
fn queries(idents: &[(String, String)], reports: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for (i, (kind, value)) in idents.iter().enumerate() {
        out.push(value.clone());
        let digits: String = value.chars().filter(char::is_ascii_digit).collect();
        for n in [4, 5, 7] {
            if digits.len() > n {
                out.push(digits[digits.len() - n..].to_string());
            }
        }
        if digits.len() >= 8 && kind != "partial" {
            out.push(format!("*{}", &digits[digits.len() - 4..]));
            out.push(format!("{}*{}", &digits[..3], &digits[digits.len() - 4..]));
        }
        let scope = ["caller:", "account:", "victim:", "script:"][i % 4];
        out.push(format!("{scope}{value}"));
        if digits.len() > 4 {
            out.push(format!("{scope}{}", &digits[digits.len() - 4..]));
            out.push(format!("type:loan {}", &digits[digits.len() - 4..]));
            out.push(format!(
                "since:2026-11-20 amount:<=5000 {}",
                &digits[digits.len() - 4..]
            ));
        }
        if let Some((_, other)) = idents.get(i + 1) {
            out.push(format!("{value} {other}"));
            let d: String = other.chars().filter(char::is_ascii_digit).collect();
            if d.len() > 4 && digits.len() > 4 {
                out.push(format!(
                    "{} {}",
                    &digits[digits.len() - 4..],
                    &d[d.len() - 4..]
                ));
            }
        }
    }
    for no in reports {
        out.push(no.clone());
        out.push(no.to_lowercase());
        out.push(no.chars().take(no.len() - 2).collect());
    }
    out
}

fn same(query: &str, cold: &SearchResults, warm: &SearchResults) {
    assert_eq!(cold.hits, warm.hits, "{query:?}");
    if cold.exhaustive {
        assert_eq!(cold.total, warm.total, "{query:?}");
    } else {
        assert!(cold.total <= warm.total, "{query:?}");
    }
}

/// Every query of `texts`, masked and not, a page, all, a middle page and one past
/// the end: the cold answer, when there is one, equals `index`'s. Returns how many
/// the cold back end answered.
fn all_same(store: &Store, index: &SearchIndex, texts: &[String]) -> usize {
    let never = super::CancelToken::never();
    let mut answered = 0;
    for text in texts {
        for unmasked in [false, true] {
            let query = Query {
                unmasked,
                ..Query::parse(text).unwrap()
            };
            for (offset, limit) in [(0, 50), (0, 0), (3, 5), (usize::MAX, 7)] {
                let Some(cold) = cold::answer(store, &query, offset, limit).unwrap() else {
                    continue;
                };
                answered += 1;
                let warm = Searcher::new()
                    .search_page(index, &query, offset, limit, &never)
                    .unwrap();
                same(text, &cold, &warm);
            }
        }
    }
    answered
}

#[test]
fn cold_lookups_answer_as_the_index_does() {
    let g = generated();
    // Building the index wrote its file: the scan of values reads it.
    let file = persist::path_beside(g.store.path()).unwrap();
    assert!(
        SearchIndex::identifiers_containing(g.store.connection(), &file, "1")
            .unwrap()
            .is_some()
    );
    let (idents, reports) = samples(&g.store);
    assert!(idents.len() >= 100 && reports.len() >= 10);
    // A full number reads the blocks of values its digit grams allow: a few of
    // the file's, not all.
    let conn = g.store.connection();
    let all = SearchIndex::identifiers_containing(conn, &file, "1")
        .unwrap()
        .unwrap()
        .blocks;
    let (mut numbers, mut read) = (0, 0);
    for (_, value) in &idents {
        let digits: String = value.chars().filter(char::is_ascii_digit).collect();
        if digits.len() >= 11 {
            let scan = SearchIndex::identifiers_containing(conn, &file, &digits)
                .unwrap()
                .unwrap();
            assert!(
                scan.hits.iter().any(|(_, v)| v.contains(&digits)),
                "{digits}"
            );
            numbers += 1;
            read += scan.blocks;
        }
    }
    assert!(
        all >= 20 && numbers >= 50,
        "{all} blocks, {numbers} numbers"
    );
    assert!(read <= 3 * numbers, "{read} blocks for {numbers} numbers");
    let answered = all_same(&g.store, &g.index, &queries(&idents, &reports));
    // Most of these are the cold back end's to answer.
    assert!(answered > 2000, "{answered}");
}

/// The digits a value holds, cut short (3 to 6 of them, from the middle): the
/// queries that reach the scan of values.
fn inner_digits(idents: &[(String, String)]) -> Vec<String> {
    idents
        .iter()
        .enumerate()
        .filter_map(|(i, (_, value))| {
            let digits: String = value.chars().filter(char::is_ascii_digit).collect();
            let len = 3 + i % 4;
            let at = digits.len().checked_sub(len + 1)? / 2;
            Some(digits[at..at + len].to_string())
        })
        .collect()
}

/// A new identifier held by `case_id` as the other side's caller number, in `role`.
fn add_identifier(
    conn: &rusqlite::Connection,
    kind: crate::model::IdKind,
    value: &str,
    ignored: bool,
    role: &str,
    case_id: i64,
) {
    let (code, value, kept) = crate::store::lean::identifier_row(kind, value, value);
    conn.execute(
        "INSERT INTO identifiers (kind_code, value, display_kept, ignored)
         VALUES (?1, ?2, ?3, ?4)",
        params![code, value, kept, i64::from(ignored)],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO case_identifiers (case_id, identifier_id, role, origin, side)
         VALUES (?1, last_insert_rowid(), ?2, 'caller_number', 'other')",
        params![case_id, role],
    )
    .unwrap();
}

#[test]
fn the_scan_of_values_answers_the_same_from_a_file_behind_without_one_and_from_a_damaged_one() {
    // The index file written, then identifiers it does not hold: each a sampled
    // value with a digit more, held by a case as its caller.
    let g = generated();
    let store = &g.store;
    let file = persist::path_beside(store.path()).unwrap();
    let conn = store.connection();
    let (idents, reports) = samples(store);
    let held_before: i64 = conn
        .query_row("SELECT MAX(id) FROM identifiers", [], |r| r.get(0))
        .unwrap();
    for (i, (kind, value)) in idents.iter().enumerate().step_by(3) {
        let value = format!("{value}7");
        let kind = crate::model::IdKind::parse(kind).unwrap();
        add_identifier(conn, kind, &value, i % 2 == 1, "caller", 1 + 7 * i as i64);
    }
    let max_ident: i64 = conn
        .query_row("SELECT MAX(id) FROM identifiers", [], |r| r.get(0))
        .unwrap();
    let (held, _) = SearchIndex::identifiers_containing(conn, &file, "1")
        .unwrap()
        .expect("a file behind the database is still read")
        .last
        .unwrap();
    assert!(
        held == held_before && held < max_ident,
        "{held} {max_ident}"
    );

    // The reference: built from SQLite, the file left as it is.
    let index = SearchIndex::build_fresh(store).unwrap();
    let mut stmt = conn
        .prepare("SELECT kind, value FROM identifiers WHERE id > ?1")
        .unwrap();
    let newer: Vec<(String, String)> = stmt
        .query_map([held], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert!(newer.len() >= 20);
    let mut texts = inner_digits(&idents);
    texts.extend(inner_digits(&newer));
    texts.extend(queries(&newer[..12], &reports[..2]));
    let behind = all_same(store, &index, &texts);
    assert!(behind > 200, "{behind}");

    // One byte of the identifiers' part changed: the file is not used, and the
    // answers are the same from SQLite.
    let mut bytes = std::fs::read(&file).unwrap();
    let text_len = u64::from_ne_bytes(bytes[52..60].try_into().unwrap()) as usize;
    let at = persist::HEADER as usize + text_len + 100;
    bytes[at] ^= 0x01;
    std::fs::write(&file, &bytes).unwrap();
    assert!(
        SearchIndex::identifiers_containing(conn, &file, "1")
            .ok()
            .flatten()
            .is_none()
    );
    assert_eq!(all_same(store, &index, &texts), behind);

    // No file at all.
    // Without it, the numbers in no text are left to the index too.
    std::fs::remove_file(&file).unwrap();
    let without = all_same(store, &index, &texts);
    assert!(without > 0 && without < behind, "{without} {behind}");
}

#[test]
fn text_goes_to_the_index() {
    let g = generated();
    for text in ["金条", "caller:客服", "type:loan"] {
        let query = Query::parse(text).unwrap();
        assert!(
            cold::answer(&g.store, &query, 0, 50).unwrap().is_none(),
            "{text}"
        );
    }
}

/// A number no identifier holds is looked for in the cases' text: the cold lookup
/// answers "none" when the index file's text grams and the few cases they allow say
/// no text holds it, and leaves it to the index when a text does — one the file
/// covers, or one imported since the file was written — or when it cannot tell.
#[test]
fn a_number_no_identifier_holds_is_answered_cold_only_when_no_text_holds_it() {
    let (dir, files) = two_weeks(600, 5);
    let mut store = Store::open(&dir.path().join("g.sqlite")).unwrap();
    import(&mut store, &files[..1]);
    // Numbers only in a text field (written in by hand: the import would have read
    // them as identifiers), in a case the file will hold.
    let conn = store.connection();
    conn.execute(
        "UPDATE cases SET script = COALESCE(script, '') || '（备注：7304918265）' WHERE id = 17",
        [],
    )
    .unwrap();
    conn.execute(
        "UPDATE cases SET victim_name = COALESCE(victim_name, '') || '#6650432198' WHERE id = 101",
        [],
    )
    .unwrap();
    SearchIndex::build(&store).unwrap();
    let file = persist::path_beside(store.path()).unwrap();
    // A later batch, of a scam type already mapped (a new spelling would make the
    // file stale), with a number in a field written in by hand again.
    let spelling: String = conn
        .query_row("SELECT scam_type FROM cases WHERE id = 1", [], |r| r.get(0))
        .unwrap();
    let later = dir.path().join("later.csv");
    std::fs::write(
        &later,
        format!(
            "report_no,reported_at,scam_type,script\nLATER-1,2026-12-01,{spelling},接到电话后转账\n"
        ),
    )
    .unwrap();
    import(&mut store, &[later]);
    let conn = store.connection();
    let newest: i64 = conn
        .query_row("SELECT MAX(id) FROM cases", [], |r| r.get(0))
        .unwrap();
    conn.execute(
        "UPDATE cases SET contact_raw = '微信备注8127364509' WHERE id = ?1",
        [newest],
    )
    .unwrap();
    let index = SearchIndex::build_fresh(&store).unwrap();
    let never = super::CancelToken::never();
    let warm = |text: &str, unmasked: bool| {
        let query = Query {
            unmasked,
            ..Query::parse(text).unwrap()
        };
        Searcher::new()
            .search_page(&index, &query, 0, 50, &never)
            .unwrap()
    };
    let cold = |text: &str, unmasked: bool| {
        let query = Query {
            unmasked,
            ..Query::parse(text).unwrap()
        };
        cold::answer(&store, &query, 0, 50).unwrap()
    };

    // In a text: the index answers, and finds it.
    for (text, unmasked) in [
        ("7304918265", false),
        ("script:7304918265", false),
        ("6650432198", true),
        ("8127364509", false),
    ] {
        assert!(cold(text, unmasked).is_none(), "{text}");
        assert_eq!(warm(text, unmasked).total, 1, "{text}");
    }
    // In no text (the same digits but one; beside an identifier; with a filter): no
    // case, as the engine says.
    let held: String = store
        .connection()
        .query_row(
            "SELECT value FROM identifiers WHERE kind = 'phone' LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    for text in [
        "7304918266".to_string(),
        "0000000000000000000".to_string(),
        format!("{held} 7304918266"),
        "type:loan 7304918266".to_string(),
    ] {
        let text = text.as_str();
        let answer = cold(text, false).unwrap_or_else(|| panic!("{text}"));
        same(text, &answer, &warm(text, false));
        assert_eq!((answer.total, answer.exhaustive), (0, true), "{text}");
    }
    // More cases to read than allowed, grams that cannot tell (fewer than four digits
    // in a run), and no file.
    let may_hold = |needle: &str, at_most| {
        SearchIndex::text_may_hold(store.connection(), &file, needle, at_most).unwrap()
    };
    assert_eq!(may_hold("7304918265", 100_000), Some(true));
    assert_eq!(may_hold("7304918265", 0), None);
    assert!(cold("wx_12_ab", false).is_none());
    std::fs::remove_file(&file).unwrap();
    assert!(cold("7304918266", false).is_none());
}

/// Partial numbers are read by their visible head, a range of the index per prefix
/// of the digits: every head length a number may have (none, one digit, … all but a
/// tail of one and a hidden one), several stars, and near misses, give the engine's
/// hits. The lookup leaves the connection as it found it: no map, no transaction.
#[test]
fn partial_numbers_of_every_head_are_found_as_the_index_finds_them() {
    let g = generated();
    let conn = g.store.connection();
    let number = "19876543210";
    let fitting = [
        "*3210",
        "*0",
        "1*3210",
        "19*10",
        "198*543210",
        "1987654*0",
        "198765432*0",
        "19*5*10",
        "*65*3210",
    ];
    // Not the whole of the number (the head or tail disagrees, or nothing is hidden);
    // `19876543210*` is found, but as a value containing the digits.
    let missing = ["18*3210", "1987654321*0", "*4210", "2*0"];
    for (i, value) in fitting.iter().chain(&missing).enumerate() {
        add_identifier(
            conn,
            crate::model::IdKind::Partial,
            value,
            i % 3 == 2,
            "partial",
            11 + 13 * i as i64,
        );
    }
    let index = SearchIndex::build_fresh(&g.store).unwrap();
    let texts: Vec<String> = [number, "9876543210", "3210", "+8619876543210"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert!(all_same(&g.store, &index, &texts) >= 16);

    let query = Query::parse(number).unwrap();
    let cold = cold::answer(&g.store, &query, 0, 0).unwrap().unwrap();
    let found: Vec<&str> = cold
        .hits
        .iter()
        .flat_map(|h| &h.matches)
        .filter_map(|m| m.identifier.as_deref())
        .filter(|v| v.contains('*'))
        .collect();
    for value in fitting {
        assert!(found.contains(&value), "{value} in {found:?}");
    }
    for value in missing {
        assert!(!found.contains(&value), "{value} in {found:?}");
    }
    let mmap: i64 = conn
        .query_row("PRAGMA mmap_size", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mmap, 0);
    assert!(conn.is_autocommit());
}
