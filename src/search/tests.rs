//! Engine tests over a store filled by SQL (not by the import), so that they pin the
//! search's own behaviour whatever the normaliser does.

use rusqlite::params;

use super::*;
use crate::store::Store;

/// (report_no, reported_at, scam_type, script, identifiers as (value, role, origin)).
type Case<'a> = (
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    &'a [(&'a str, &'a str, &'a str)],
);

const CASES: &[Case] = &[
    (
        "J1",
        "2026-11-01",
        "冒充客服-金条",
        "自称京东金融客服，称其金条额度影响征信，要求注销金条",
        &[("+8613812345678", "caller", "caller_number")],
    ),
    (
        "J2",
        "2026-11-03",
        "冒充客服-金条",
        "对方称金条逾期会上征信，诱导下载会议软件",
        &[],
    ),
    (
        "B1",
        "2026-11-02",
        "冒充客服-白条",
        "对方称可以提高白条额度，需先缴纳保证金",
        &[("6222021234567890123", "account", "receiving_account")],
    ),
    (
        "B2",
        "2026-11-04",
        "冒充客服-白条",
        "对方称帮其提升白条的额度",
        &[],
    ),
    (
        "S1",
        "2026-11-05",
        "刷单返利",
        "网上刷单返利，先垫付后返还",
        &[("*1234", "partial", "receiving_account")],
    ),
    (
        "L1",
        "2026-11-06",
        "student loan",
        "Caller said to cancel the student loan account or credit suffers",
        &[("6217991234005678", "account", "receiving_account")],
    ),
    ("D1", "2026-11-07", "其他", "编号1a2b3c4，与本案无关", &[]),
];

struct Fixture {
    _dir: tempfile::TempDir,
    store: Store,
}

fn insert(store: &Store, cases: &[Case]) {
    let conn = store.connection();
    conn.execute(
        "INSERT OR IGNORE INTO batches (id, file_name, path, sha256, encoding, imported_at)
         VALUES (1, 'f.csv', 'f.csv', 'x', 'utf-8', 'now')",
        [],
    )
    .unwrap();
    for (report_no, date, scam_type, script, ids) in cases {
        conn.execute(
            "INSERT INTO cases (report_no, batch_id, line, reported_at, reported_at_raw,
                occurred_at_raw, victim_name, victim_phone, caller_raw, account_raw,
                contact_raw, amount_raw, scam_type_spelling, script)
             VALUES (?1, 1, 1, ?2, ?2, '', '张三', '', '', '', '', '', ?3, ?4)",
            params![report_no, date, scam_type, script],
        )
        .unwrap();
        let case_id = conn.last_insert_rowid();
        for (value, role, origin) in *ids {
            let kind = if role == &"partial" {
                "partial"
            } else {
                "card"
            };
            let kind = crate::model::IdKind::parse(kind).unwrap();
            let (code, value, kept) = crate::store::lean::identifier_row(kind, value, value);
            conn.execute(
                &crate::store::lean::INSERT_IDENTIFIER.replacen("INSERT", "INSERT OR IGNORE", 1),
                params![code, value, kept, 0, false],
            )
            .unwrap();
            let ident: i64 = conn
                .query_row(
                    "SELECT id FROM identifiers WHERE value = ?1",
                    [value],
                    |r| r.get(0),
                )
                .unwrap();
            conn.execute(
                "INSERT INTO case_identifiers (case_id, identifier_id, role, origin, display)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![case_id, ident, role, origin, value],
            )
            .unwrap();
        }
    }
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("t.sqlite")).unwrap();
    insert(&store, CASES);
    Fixture { _dir: dir, store }
}

fn report_nos(f: &Fixture, results: &SearchResults) -> Vec<String> {
    hit_rows(&f.store, &results.hits)
        .unwrap()
        .into_iter()
        .map(|r| r.line.report_no)
        .collect()
}

fn find(f: &Fixture, query: &str) -> Vec<String> {
    let index = SearchIndex::build(&f.store).unwrap();
    let results = index.search(&Query::parse(query).unwrap(), 0).unwrap();
    report_nos(f, &results)
}

#[test]
fn two_character_chinese_words_match() {
    let f = fixture();
    let mut found = find(&f, "金条");
    found.sort();
    assert_eq!(found, ["J1", "J2"]);
    assert_eq!(find(&f, "刷单 返利"), ["S1"]);
    assert!(find(&f, "网贷").is_empty());
}

#[test]
fn contiguous_before_fuzzy_and_positions_point_at_the_match() {
    let f = fixture();
    let index = SearchIndex::build(&f.store).unwrap();
    let results = index.search(&Query::parse("白条额度").unwrap(), 0).unwrap();
    assert_eq!(report_nos(&f, &results), ["B1", "B2"]);
    let first = &results.hits[0].matches[0];
    assert_eq!(first.kind, MatchKind::Contiguous);
    assert_eq!(first.field, MatchedField::Script);
    let script: Vec<char> = "对方称可以提高白条额度，需先缴纳保证金".chars().collect();
    let shown: String = first
        .positions
        .iter()
        .map(|&p| script[p as usize])
        .collect();
    assert_eq!(shown, "白条额度");
    let second = &results.hits[1].matches[0];
    assert_eq!(second.kind, MatchKind::Fuzzy);
    let script: Vec<char> = "对方称帮其提升白条的额度".chars().collect();
    let shown: String = second
        .positions
        .iter()
        .map(|&p| script[p as usize])
        .collect();
    assert_eq!(shown, "白条额度");
}

#[test]
fn latin_words_tolerate_typos_but_phrases_do_not() {
    let f = fixture();
    assert_eq!(find(&f, "studnet"), ["L1"]);
    assert_eq!(find(&f, "STUDENT Loan"), ["L1"]);
    assert_eq!(find(&f, "\"student loan\""), ["L1"]);
    assert!(find(&f, "\"loan student\"").is_empty());
    assert!(find(&f, "\"studnet\"").is_empty());
}

#[test]
fn digits_match_exact_suffix_substring_never_scattered() {
    let f = fixture();
    // The partial *1234 ends with the digits; the phone and a card contain them.
    let found = find(&f, "1234");
    assert_eq!(found[0], "S1");
    let mut rest = found[1..].to_vec();
    rest.sort();
    assert_eq!(rest, ["B1", "J1", "L1"]);
    assert!(!found.contains(&"D1".to_string()));
    // Last four and last six digits of a card.
    assert_eq!(find(&f, "0123"), ["B1"]);
    assert_eq!(find(&f, "890123"), ["B1"]);
    assert_eq!(find(&f, "6222 0212 3456 7890 123"), ["B1"]);
    // A full card number finds the partial it completes, below exact holders.
    assert_eq!(find(&f, "6217991234005678"), ["L1"]);
    assert_eq!(find(&f, "5551234"), ["S1"]);
    assert!(find(&f, "13812345679").is_empty());
}

#[test]
fn scopes_restrict_where_terms_match() {
    let f = fixture();
    assert!(find(&f, "caller:0123").is_empty());
    assert_eq!(find(&f, "account:0123"), ["B1"]);
    assert_eq!(find(&f, "caller:5678")[..], ["J1"]);
    assert_eq!(find(&f, "script:student"), ["L1"]);
    assert!(find(&f, "victim:金条").is_empty());
    assert!(find(&f, "script:冒充").is_empty());
}

#[test]
fn ignored_identifiers_rank_lower() {
    let f = fixture();
    // Both cards end 5678 / 345678? Give two cases the same kind of hit.
    assert_eq!(find(&f, "5678")[..2], ["L1", "J1"]);
    f.store
        .connection()
        .execute(
            "UPDATE identifiers SET ignored = 1 WHERE value = '6217991234005678'",
            [],
        )
        .unwrap();
    assert_eq!(find(&f, "5678")[..2], ["J1", "L1"]);
}

#[test]
fn an_update_rereads_the_marks_of_the_identifiers_held() {
    let f = fixture();
    let ids = |ix: &SearchIndex| -> Vec<String> {
        let results = ix.search(&Query::parse("5678").unwrap(), 0).unwrap();
        report_nos(&f, &results)[..2].to_vec()
    };
    // Read whole, and in halves (the identifiers' orders sorted on their own thread).
    let mut whole = SearchIndex::build(&f.store).unwrap();
    let mut halves = SearchIndex::build_split(&f.store, 1).unwrap();
    assert_eq!(ids(&whole), ["L1", "J1"]);
    assert_eq!(ids(&halves), ["L1", "J1"]);
    f.store
        .connection()
        .execute(
            "UPDATE identifiers SET ignored = 1 WHERE value = '6217991234005678'",
            [],
        )
        .unwrap();
    insert(&f.store, &[("N1", "2026-11-09", "其他", "无关", &[])]);
    assert_eq!(whole.add_cases_since(&f.store).unwrap(), 1);
    assert_eq!(halves.add_cases(&f.store, 1).unwrap(), 1);
    assert_eq!(ids(&whole), ["J1", "L1"]);
    assert_eq!(ids(&halves), ["J1", "L1"]);
}

#[test]
fn ties_are_newest_first_and_the_empty_query_lists_everything() {
    let f = fixture();
    assert_eq!(find(&f, "冒充客服"), ["B2", "J2", "B1", "J1"]);
    assert_eq!(find(&f, "").len(), CASES.len());
    assert_eq!(find(&f, "")[0], "D1");
}

#[test]
fn extending_a_query_refines_the_previous_results() {
    let f = fixture();
    let index = SearchIndex::build(&f.store).unwrap();
    let mut searcher = Searcher::new();
    let never = CancelToken::never();
    let first = searcher
        .search(&index, &Query::parse("金条").unwrap(), 0, &never)
        .unwrap();
    let second = searcher
        .search(&index, &Query::parse("金条 征").unwrap(), 0, &never)
        .unwrap();
    assert!(second.refined);
    assert_eq!(second.scanned, first.total);
    let before: Vec<i64> = first.hits.iter().map(|h| h.case_id).collect();
    assert!(second.hits.iter().all(|h| before.contains(&h.case_id)));
    assert!(!second.hits.is_empty());
    // A query that does not extend the previous one starts over.
    let other = searcher
        .search(&index, &Query::parse("白条").unwrap(), 0, &never)
        .unwrap();
    assert!(!other.refined);
    assert_eq!(report_nos(&f, &other).len(), 2);
}

#[test]
fn a_page_filled_by_contiguous_matches_skips_the_fuzzy_pass_and_refines_soundly() {
    let f = fixture();
    let index = SearchIndex::build(&f.store).unwrap();
    let mut searcher = Searcher::new();
    let never = CancelToken::never();
    let lazy = searcher
        .search(&index, &Query::parse("白条").unwrap(), 1, &never)
        .unwrap();
    assert!(!lazy.exhaustive);
    assert_eq!(lazy.hits.len(), 1);
    // Growing the query past what contiguous matches can fill brings the fuzzy
    // pass back over every case: B2 (白条的额度) is found though it was not in the
    // previous (contiguous-only) results.
    let full = searcher
        .search(&index, &Query::parse("白条额度").unwrap(), 5, &never)
        .unwrap();
    assert!(full.exhaustive);
    assert_eq!(report_nos(&f, &full), ["B1", "B2"]);
}

#[test]
fn pages_at_any_offset_are_slices_of_the_whole_ranking() {
    let f = fixture();
    let index = SearchIndex::build(&f.store).unwrap();
    let never = CancelToken::never();
    for text in ["", "冒充客服", "白条", "金条"] {
        let query = Query::parse(text).unwrap();
        let whole = index.search(&query, 0).unwrap();
        let ids = |r: &SearchResults| {
            r.hits
                .iter()
                .map(|h| (h.rank, h.case_id))
                .collect::<Vec<_>>()
        };
        let all = ids(&whole);
        let mut searcher = Searcher::new();
        for offset in 0..all.len() {
            let page = searcher
                .search_page(&index, &query, offset, 2, &never)
                .unwrap();
            let end = (offset + 2).min(all.len());
            assert_eq!(ids(&page), all[offset..end], "{text:?} at {offset}");
        }
        // Past the end: the last page, and the count made exact.
        let last = searcher
            .search_page(&index, &query, usize::MAX, 2, &never)
            .unwrap();
        assert!(last.exhaustive);
        assert_eq!(last.total, whole.total);
        let from = all.len().saturating_sub(2);
        assert_eq!(ids(&last), all[from..], "{text:?} at the end");
    }
}

#[test]
fn a_stale_query_is_cancelled() {
    let f = fixture();
    let index = SearchIndex::build(&f.store).unwrap();
    let generations = Generations::new();
    let old = generations.next();
    let _new = generations.next();
    let result = Searcher::new().search(&index, &Query::parse("金条").unwrap(), 0, &old);
    assert_eq!(result.err(), Some(Cancelled));
}

/// A worker over the fixture's database, its replies on a channel.
fn worker(f: &Fixture) -> (SearchWorker, std::sync::mpsc::Receiver<Reply>) {
    let (tx, rx) = std::sync::mpsc::channel();
    let worker = SearchWorker::spawn(
        f.store.path(),
        Box::new(move |reply| {
            let _ = tx.send(reply);
        }),
    )
    .unwrap();
    (worker, rx)
}

fn ask(tag: u64, text: &str) -> Ask {
    Ask {
        tag,
        text: text.into(),
        offset: 0,
        limit: 10,
        unmasked: false,
    }
}

#[test]
fn the_worker_answers_the_newest_query() {
    let f = fixture();
    let (worker, replies) = worker(&f);
    assert!(worker.search(ask(1, "金条")));
    assert!(worker.search(ask(2, "白条")));
    let mut seen = Vec::new();
    loop {
        match replies.recv().unwrap() {
            Reply::Page { tag, query, page } => {
                seen.push(tag);
                if tag == 2 {
                    assert_eq!(query, "白条");
                    assert_eq!(page.results.total, 2);
                    assert_eq!(page.backend, Backend::Index);
                    let nos: Vec<&str> = page
                        .rows
                        .iter()
                        .map(|r| r.line.report_no.as_str())
                        .collect();
                    assert_eq!(nos, ["B2", "B1"]);
                    break;
                }
            }
            Reply::Built { cases, .. } => assert_eq!(cases, CASES.len()),
            other => panic!("unexpected reply {other:?}"),
        }
    }
    assert!(seen.windows(2).all(|w| w[0] < w[1]), "{seen:?}");
    assert!(worker.search(ask(3, "\"unterminated")));
    match replies.recv().unwrap() {
        Reply::Failed { tag, message, .. } => {
            assert_eq!(tag, 3);
            assert!(message.contains("unterminated quote"), "{message}");
        }
        other => panic!("unexpected reply {other:?}"),
    }
}

#[test]
fn the_worker_answers_identifiers_from_sqlite_while_text_waits_for_the_index() {
    let f = fixture();
    let (tx, replies) = std::sync::mpsc::channel();
    // The index is built only once the test lets it.
    let (go, wait) = std::sync::mpsc::channel::<()>();
    let path = f.store.path().to_path_buf();
    let worker = SearchWorker::spawn_building(
        f.store.path(),
        Box::new(move |reply| {
            let _ = tx.send(reply);
        }),
        move || {
            let _ = wait.recv();
            SearchIndex::build(&Store::open(&path)?)
        },
    )
    .unwrap();
    assert!(worker.search(ask(1, "金条")));
    assert!(worker.search(ask(2, "138-1234-5678")));
    // The identifier is answered at once; the text query it replaced is not.
    match replies.recv().unwrap() {
        Reply::Page { tag, page, .. } => {
            assert_eq!(tag, 2);
            assert_eq!(page.backend, Backend::Cold);
            let nos: Vec<&str> = page
                .rows
                .iter()
                .map(|r| r.line.report_no.as_str())
                .collect();
            assert_eq!(nos, ["J1"]);
        }
        other => panic!("unexpected reply {other:?}"),
    }
    assert!(worker.search(ask(3, "白条")));
    go.send(()).unwrap();
    assert!(matches!(
        replies.recv().unwrap(),
        Reply::Built { cases: 7, .. }
    ));
    match replies.recv().unwrap() {
        Reply::Page { tag, page, .. } => {
            assert_eq!(tag, 3);
            assert_eq!(page.backend, Backend::Index);
            assert_eq!(page.results.total, 2);
        }
        other => panic!("unexpected reply {other:?}"),
    }
}

#[test]
fn cases_imported_while_the_index_builds_are_searched_once_it_is_built() {
    let f = fixture();
    let (tx, replies) = std::sync::mpsc::channel();
    // The index reads the store, then waits until the test has added a case.
    let (read, was_read) = std::sync::mpsc::channel::<()>();
    let (go, wait) = std::sync::mpsc::channel::<()>();
    let path = f.store.path().to_path_buf();
    let worker = SearchWorker::spawn_building(
        f.store.path(),
        Box::new(move |reply| {
            let _ = tx.send(reply);
        }),
        move || {
            let index = SearchIndex::build(&Store::open(&path)?);
            let _ = read.send(());
            let _ = wait.recv();
            index
        },
    )
    .unwrap();
    was_read.recv().unwrap();
    insert(
        &f.store,
        &[("N1", "2026-11-09", "网贷", "对方称可办理网贷", &[])],
    );
    assert!(worker.update());
    assert!(worker.search(ask(1, "网贷")));
    go.send(()).unwrap();
    assert!(matches!(
        replies.recv().unwrap(),
        Reply::Built { cases: 8, .. }
    ));
    match replies.recv().unwrap() {
        Reply::Page { tag, page, .. } => {
            assert_eq!(tag, 1);
            let nos: Vec<&str> = page
                .rows
                .iter()
                .map(|r| r.line.report_no.as_str())
                .collect();
            assert_eq!(nos, ["N1"]);
        }
        other => panic!("unexpected reply {other:?}"),
    }
}

#[test]
fn update_adds_new_cases_without_a_rebuild() {
    let f = fixture();
    let mut index = SearchIndex::build(&f.store).unwrap();
    let version = index.version();
    insert(
        &f.store,
        &[(
            "N1",
            "2026-11-09",
            "网贷",
            "对方称可办理网贷",
            &[("6222021234567890123", "account", "receiving_account")],
        )],
    );
    assert_eq!(index.add_cases_since(&f.store).unwrap(), 1);
    assert_ne!(index.version(), version);
    let results = index.search(&Query::parse("网贷").unwrap(), 0).unwrap();
    assert_eq!(report_nos(&f, &results), ["N1"]);
    // The new case shares the card of B1: both are found by its last digits.
    let results = index.search(&Query::parse("0123").unwrap(), 0).unwrap();
    assert_eq!(report_nos(&f, &results), ["N1", "B1"]);
    assert_eq!(index.add_cases_since(&f.store).unwrap(), 0);
}

#[test]
fn rows_carry_the_listing_columns() {
    let f = fixture();
    let index = SearchIndex::build(&f.store).unwrap();
    let results = index.search(&Query::parse("0123").unwrap(), 0).unwrap();
    let rows = hit_rows(&f.store, &results.hits).unwrap();
    assert_eq!(rows[0].line.accounts, ["6222021234567890123"]);
    assert_eq!(rows[0].line.reported_at, "2026-11-02");
    assert_eq!(results.hits[0].matched_field(), Some(MatchedField::Account));
    assert_eq!(results.hits[0].matches[0].kind, MatchKind::Suffix);
    assert_eq!(
        results.hits[0].matches[0].positions,
        (15..19).collect::<Vec<_>>()
    );
}

#[test]
fn an_index_read_in_two_halves_is_the_index_read_whole() {
    use super::index::TextField;
    let f = fixture();
    let whole = SearchIndex::build(&f.store).unwrap();
    let mut halves = SearchIndex::build_split(&f.store, 1).unwrap();
    let same = |a: &SearchIndex, b: &SearchIndex| {
        assert_eq!(a.len(), b.len());
        for c in 0..u32::try_from(a.len()).unwrap() {
            assert_eq!(a.case_db_id(c), b.case_db_id(c));
            assert_eq!(a.date(c), b.date(c));
            for field in TextField::ALL {
                assert_eq!(a.field(c, field), b.field(c, field), "case {c} {field:?}");
            }
        }
        for q in ["金条", "studnet", "1234", "白条 额度"] {
            let q = Query::parse(q).unwrap();
            let ids = |ix: &SearchIndex| -> Vec<i64> {
                ix.search(&q, 0)
                    .unwrap()
                    .hits
                    .iter()
                    .map(|h| h.case_id)
                    .collect()
            };
            assert_eq!(ids(a), ids(b));
        }
    };
    same(&whole, &halves);

    // Cases added later are appended after the halves, again in two halves.
    insert(
        &f.store,
        &[
            ("N1", "2026-11-08", "冒充客服-金条", "新的金条案件", &[]),
            ("N2", "2026-11-09", "其他", "student loan again", &[]),
        ],
    );
    assert_eq!(halves.add_cases(&f.store, 1).unwrap(), 2);
    same(&SearchIndex::build(&f.store).unwrap(), &halves);
}

#[test]
fn one_pass_over_consecutive_cases_finds_what_each_case_holds() {
    let f = fixture();
    let ix = SearchIndex::build(&f.store).unwrap();
    let n = ix.len();
    // Needles within a field, across fields of one case, across two cases, absent.
    for needle in [
        "金条",
        "条",
        "额度",
        "s",
        "征信冒充",
        "张三",
        "suffers其他",
        "其他编号",
        "无此词",
    ] {
        let finder = memchr::memmem::Finder::new(needle.as_bytes());
        for first in 0..n {
            let got = ix.cases_holding(u32::try_from(first).unwrap(), n - first, &finder);
            let want: Vec<bool> = (first..n)
                .map(|c| ix.case_text(u32::try_from(c).unwrap()).contains(needle))
                .collect();
            assert_eq!(got, want, "{needle} from case {first}");
        }
    }
}

#[test]
fn one_search_per_case_scores_as_one_search_per_field() {
    use super::index::TextField;
    use super::text::TextTerm;
    let f = fixture();
    let long = format!("{}金条{}", "一".repeat(300), "金条。".repeat(9));
    let cases: Vec<(String, String)> = vec![
        ("金条".into(), "金条金条金条金条金条金条金条金条".into()),
        ("冒充客服-金条".into(), "金条".into()),
        ("条".into(), "金".into()),
        ("loan".into(), "a loan, loans, xloan loan".into()),
        ("aa".into(), "aaaaa".into()),
        ("其他".into(), long),
        // Matches 300 bytes in: neither surely early nor surely far; after
        // characters of four bytes (a wider bound).
        ("其他".into(), format!("{}金条 loan 客服", "二".repeat(100))),
        (
            "其他".into(),
            format!("{}金条 loan 客服", "𠀀😀".repeat(30)),
        ),
    ];
    let scripts: Vec<Case> = cases
        .iter()
        .enumerate()
        .map(|(i, (kind, script))| {
            let no: &'static str = Box::leak(format!("T{i}").into_boxed_str());
            (no, "2026-11-08", kind.as_str(), script.as_str(), &[][..])
        })
        .collect();
    insert(&f.store, &scripts);
    let ix = SearchIndex::build(&f.store).unwrap();
    let scopes: [&[TextField]; 3] = [
        &TextField::ALL,
        &[TextField::Script],
        &[TextField::ScamType, TextField::VictimName],
    ];
    let mut bounded = 0;
    for term in [
        "金条",
        "条",
        "金条金",
        "loan",
        "aa",
        "a",
        "张三",
        "客服",
        "条金",
        "一金",
        "。",
        "无此词",
    ] {
        let t = TextTerm::new(&Query::parse(term).unwrap().terms[0], &ix);
        for case in 0..u32::try_from(ix.len()).unwrap() {
            for fields in scopes {
                let fused = t.best(&ix, case, fields, false, false);
                let per_field = t.best(&ix, case, fields, false, true);
                let at = format!("{term} case {case} {fields:?}");
                let (Some(fused), Some(exact)) = (fused.as_ref(), per_field.as_ref()) else {
                    assert_eq!(fused.is_some(), per_field.is_some(), "{at}");
                    continue;
                };
                assert_eq!(exact.slack, 0, "{at}");
                let settled = t.best_exact(&ix, case, fields, false);
                let key =
                    |h: &super::text::TextHit| (h.kind, h.field, h.score, h.slack, h.in_script);
                assert_eq!(settled.as_ref().map(key), Some(key(exact)), "{at}");
                assert_eq!((fused.kind, fused.in_script), (exact.kind, exact.in_script));
                // The fused score bounds the exact one; exact where it says so.
                assert!(fused.score - fused.slack <= exact.score, "{at}");
                assert!(exact.score <= fused.score, "{at}");
                if fused.slack == 0 {
                    assert_eq!((fused.field, fused.score), (exact.field, exact.score));
                }
                bounded += usize::from(fused.slack > 0);
            }
        }
        // One search over a run of consecutive cases scores each as on its own.
        let n = ix.len();
        for first in 0..n {
            for fields in scopes {
                let first = u32::try_from(first).unwrap();
                let run = t.best_contiguous_run(&ix, first, n - first as usize, fields);
                let one: Vec<_> = (first..u32::try_from(n).unwrap())
                    .map(|c| t.best_contiguous(&ix, c, fields))
                    .collect();
                let keys = |v: &[Option<super::text::TextHit>]| -> Vec<_> {
                    v.iter()
                        .map(|h| {
                            h.as_ref()
                                .map(|h| (h.kind, h.field, h.score, h.slack, h.in_script))
                        })
                        .collect()
                };
                assert_eq!(keys(&run), keys(&one), "{term} from {first} {fields:?}");
            }
        }
    }
    // Matches far enough into a field to leave their score bounded were there.
    assert!(bounded > 0);
}

#[test]
fn a_phrase_counts_only_within_one_field() {
    let f = fixture();
    let ix = SearchIndex::build(&f.store).unwrap();
    // J1's script ends 金条 and its scam type starts 冒充: together only across fields.
    assert!(ix.case_text(0).contains("金条冒充"));
    for (needle, want) in [("金条冒充", false), ("金条额度", true), ("张三", true)] {
        let finder = memchr::memmem::Finder::new(needle.as_bytes());
        assert_eq!(ix.field_holds(0, &finder), want, "{needle}");
    }
}

#[test]
fn every_case_a_term_matches_holds_its_needles() {
    use super::engine::text_needles;
    use super::index::TextField;
    use super::text::TextTerm;
    let f = fixture();
    insert(
        &f.store,
        &[
            ("F1", "2026-11-08", "其他", "京东的金条额度，影响征信", &[]),
            ("F2", "2026-11-08", "其他", "studnet loan, cancle it", &[]),
            ("F3", "2026-11-08", "其他", "白条一额二度", &[]),
        ],
    );
    let ix = SearchIndex::build(&f.store).unwrap();
    let mut loose_matches = 0;
    for term in [
        "金条",
        "白条额度",
        "京东金条",
        "京金",
        "额度",
        "征信",
        "student",
        "loan",
        "cancel",
        "\"金条\"",
        "1234",
        "条金",
        "无此词",
    ] {
        let query = Query::parse(term).unwrap();
        let t = &query.terms[0];
        let text = TextTerm::new(t, &ix);
        for loose in [false, true] {
            let needles = text_needles(&ix, &text, t.is_fuzzy(), loose);
            for case in 0..u32::try_from(ix.len()).unwrap() {
                let Some(hit) = text.best(&ix, case, &TextField::ALL, loose, true) else {
                    continue;
                };
                loose_matches +=
                    usize::from(loose && hit.kind != super::text::TextKind::Contiguous);
                let held = ix.case_text(case);
                for n in &needles {
                    assert!(
                        memchr::memmem::find(held.as_bytes(), n.needle()).is_some(),
                        "{term} loose={loose} case {case} lacks {:?}",
                        std::str::from_utf8(n.needle())
                    );
                }
            }
        }
    }
    // The loose matches the needles must let through were there to check.
    assert!(loose_matches >= 3, "{loose_matches}");
}

#[test]
fn the_case_at_a_byte_is_the_last_starting_at_or_before_it() {
    let f = fixture();
    // Enough cases for long runs between hits, some empty (several cases then
    // start at one byte: the last of them holds it).
    let nos: Vec<String> = (0..80).map(|i| format!("E{i}")).collect();
    let texts: Vec<String> = (0..80)
        .map(|i| {
            if i % 7 == 3 {
                String::new()
            } else {
                "话".repeat(i % 5)
            }
        })
        .collect();
    let more: Vec<Case> = nos
        .iter()
        .zip(&texts)
        .map(|(no, text)| (no.as_str(), "2026-11-08", text.as_str(), "", &[][..]))
        .collect();
    insert(&f.store, &more);
    let ix = SearchIndex::build(&f.store).unwrap();
    let n = ix.len();
    assert!(n > 80);
    for from in 0..n {
        for last in [from + 1, (from + 9).min(n), n] {
            for pos in ix.case_start(from)..ix.case_start(n) + 2 {
                let want = (from..last).filter(|&k| ix.case_start(k) <= pos).last();
                assert_eq!(
                    Some(ix.case_at(pos, from, last)),
                    want,
                    "{pos} {from}..{last}"
                );
            }
        }
    }
}

/// The page as scoring every matching case in full ranks it: each term's exact
/// contiguous score (a search per field, positions counted), the phrase bonus where
/// a field holds the phrase, newest first among equals.
fn reference_page(ix: &SearchIndex, query: &Query, limit: usize) -> Vec<(i64, i64)> {
    use super::index::TextField;
    use super::text::TextTerm;
    let terms: Vec<TextTerm> = query.terms.iter().map(|t| TextTerm::new(t, ix)).collect();
    let phrase = super::engine::adjacent_phrase(query).map(|(p, _)| p);
    let mut ranked = Vec::new();
    for case in 0..u32::try_from(ix.len()).unwrap() {
        let hits: Option<Vec<_>> = terms
            .iter()
            .map(|t| t.best(ix, case, &TextField::ALL, false, true))
            .collect();
        let Some(hits) = hits else { continue };
        let script = hits.iter().filter(|h| h.in_script).count();
        let mut score: i64 = hits.iter().map(|h| i64::from(h.score)).sum();
        if let Some(p) = &phrase
            && ix.field_holds(case, &memchr::memmem::Finder::new(p.as_bytes()))
        {
            score += 300;
        }
        ranked.push(((hits.len(), script, score, ix.date(case), case), case));
    }
    ranked.sort_by_key(|r| std::cmp::Reverse(r.0));
    ranked.truncate(limit);
    ranked
        .into_iter()
        .map(|(key, case)| (ix.case_db_id(case), key.2))
        .collect()
}

proptest::proptest! {
    /// Scores left as upper bounds in the pass (characters uncounted, a phrase no
    /// search met) and settled only for the page give the page full scoring gives.
    #[test]
    fn the_page_is_the_page_of_full_scoring(
        scripts in proptest::collection::vec(
            (
                0usize..300,
                proptest::collection::vec(
                    proptest::sample::select(vec![
                        "金条", "征信", "金", "条", "额度", "，", " loan ", "aa", "a", "一二三",
                        "aaa", " aa ", "金条金条金条", "𠀀😀",
                    ]),
                    0..40,
                ),
                proptest::sample::select(vec!["金条", "其他", "征信 loan"]),
                0u8..3,
            ),
            1..14,
        ),
        words in proptest::collection::vec(
            proptest::sample::select(vec!["金条", "征信", "条", "金", "aa", "a", "loan", "额度"]),
            1..4,
        ),
        limit in 1usize..8,
    ) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("t.sqlite")).unwrap();
        let texts: Vec<(String, String, String)> = scripts
            .iter()
            .enumerate()
            .map(|(i, (pad, pieces, kind, day))| {
                // Padding moves the matches anywhere from the field's start to past
                // 800 bytes, where characters are counted or bounded.
                let script = format!("{}{}", "一".repeat(*pad), pieces.concat());
                (format!("P{i}"), format!("2026-11-0{}", day + 1), format!("{kind}|{script}"))
            })
            .collect();
        let cases: Vec<Case> = texts
            .iter()
            .map(|(no, date, both)| {
                let (kind, script) = both.split_once('|').unwrap();
                (no.as_str(), date.as_str(), kind, script, &[][..])
            })
            .collect();
        insert(&store, &cases);
        let ix = SearchIndex::build(&store).unwrap();
        // Quoted: contiguous matches only, the pass the bounds serve.
        let text: Vec<String> = words.iter().map(|w| format!("\"{w}\"")).collect();
        let query = Query::parse(&text.join(" ")).unwrap();
        let got: Vec<(i64, i64)> = ix
            .search(&query, limit)
            .unwrap()
            .hits
            .iter()
            .map(|h| (h.case_id, h.score))
            .collect();
        proptest::prop_assert_eq!(got, reference_page(&ix, &query, limit));
    }
}
