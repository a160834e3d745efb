//! The speed work must not change a single answer: over a generated store (imported
//! as an analyst would, two weekly files), every query of a varied list gets the
//! same results in the same order from an index read back from its file (whole, and
//! with a later batch appended) as from one built from SQLite, and the contiguous
//! queries get the page a plain reference scorer gives (every case scored in full,
//! a search per field, nothing bounded or skipped).

use sha2::{Digest, Sha256};

use super::fields::TextField;
use super::persist;
use super::text::TextTerm;
use super::*;
use crate::generate::{GenOptions, generate};
use crate::import::{ImportOptions, import_file};
use crate::store::Store;

/// One query's answer, every hit with every detail, as text.
fn answer(ix: &SearchIndex, q: &str, limit: usize) -> String {
    let query = Query::parse(q).unwrap_or_else(|e| panic!("{q}: {e}"));
    let r = ix.search(&query, limit).unwrap();
    let mut out = format!("{q} total {} exhaustive {}\n", r.total, r.exhaustive);
    for h in &r.hits {
        out.push_str(&format!(
            "{} {} {} {:?}\n",
            h.rank, h.case_id, h.score, h.matches
        ));
    }
    out
}

/// A digest of every answer, for one assertion over hundreds of queries; the
/// answers themselves are compared first where they differ (a readable failure).
fn digest(ix: &SearchIndex, queries: &[String]) -> (String, Vec<String>) {
    let answers: Vec<String> = queries
        .iter()
        .flat_map(|q| [answer(ix, q, 50), answer(ix, q, 0)])
        .collect();
    let mut h = Sha256::new();
    for a in &answers {
        h.update(a.as_bytes());
    }
    let hex = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
    (hex, answers)
}

fn same(a: &SearchIndex, b: &SearchIndex, queries: &[String]) {
    let (da, aa) = digest(a, queries);
    let (db, ab) = digest(b, queries);
    for (x, y) in aa.iter().zip(&ab) {
        assert_eq!(x, y);
    }
    assert_eq!(da, db);
}

/// The page of a query of quoted text terms (contiguous matches only) as scoring
/// every case in full ranks it: each term's exact score (a search per field,
/// characters counted), the phrase bonus where one field holds the phrase, then
/// the terms matched in the script, the score, the newest report, the case.
fn reference(ix: &SearchIndex, q: &str, limit: usize) -> Vec<(i64, i64)> {
    let query = Query::parse(q).unwrap();
    let terms: Vec<TextTerm> = query.terms.iter().map(|t| TextTerm::new(t, ix)).collect();
    let phrase = super::engine::adjacent_phrase(&query).map(|(p, _)| p);
    let fields = &TextField::NOT_VICTIM;
    let mut ranked = Vec::new();
    for case in 0..u32::try_from(ix.len()).unwrap() {
        let Some(hits) = terms
            .iter()
            .map(|t| t.best(ix, case, fields, false, true))
            .collect::<Option<Vec<_>>>()
        else {
            continue;
        };
        let script = hits.iter().filter(|h| h.in_script).count();
        let mut score: i64 = hits.iter().map(|h| i64::from(h.score)).sum();
        let in_one_field = |p: &str| fields.iter().any(|&f| ix.field(case, f).contains(p));
        if phrase.as_deref().is_some_and(in_one_field) {
            score += 300;
        }
        ranked.push(((script, score, ix.date(case), case), ix.case_db_id(case)));
    }
    ranked.sort_by_key(|r| std::cmp::Reverse(r.0));
    ranked.truncate(limit);
    ranked.into_iter().map(|(k, id)| (id, k.1)).collect()
}

fn queries(ix: &SearchIndex) -> Vec<String> {
    let mut q: Vec<String> = [
        "金条",
        "白条",
        "征信",
        "会员",
        "注销",
        "客服",
        "网贷",
        "京东",
        "student",
        "quota",
        "金条 征信",
        "京东 客服",
        "白条 额度",
        "共享 屏幕",
        "会员 扣费",
        "student loan",
        "京东金条征信",
        "白条的额度",
        "屏幕共享",
        "studnet",
        "cancle membership",
        "\"金条\"",
        "\"京东\" \"客服\"",
        "script:金条",
        "caller:客服",
        "account:银行",
        "金条 type:3",
        "客服 since:2026-11-01",
        "京东 amount:1000-50000",
        "type:1",
        "1234",
        "5678",
        "*1234",
        "138",
        "6222",
        "+86138",
        "CB-",
        "元",
        "，",
        "a",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    // Typed a character at a time, as the workbench searches.
    for typed in ["京东金条征信", "共享屏幕 转账", "cancel membership"] {
        let mut prefix = String::new();
        for c in typed.chars() {
            prefix.push(c);
            q.push(prefix.clone());
        }
    }
    // Identifiers as stored, and their last four digits.
    for i in (0..ix.idents.len()).step_by((ix.idents.len() / 12).max(1)) {
        let value = ix.idents.value(u32::try_from(i).unwrap()).to_string();
        let digits: String = value.chars().filter(char::is_ascii_digit).collect();
        if digits.len() >= 4 {
            q.push(digits[digits.len() - 4..].to_string());
        }
        q.push(value);
    }
    q.retain(|s| Query::parse(s).is_ok());
    q
}

#[test]
fn an_index_read_back_from_its_file_answers_as_one_built_from_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let mut opts = GenOptions::new(3000, dir.path().join("gen"));
    opts.weeks = 2;
    opts.seed = 11;
    let files = generate(&opts, &mut |_| {}).unwrap().files;
    let db = dir.path().join("t.sqlite");
    let file = persist::path_beside(&db).unwrap();
    let mut store = Store::open(&db).unwrap();
    let options = ImportOptions::for_store(&store).unwrap();
    let import = |store: &mut Store, i: usize| {
        import_file(store, &files[i], &options, &mut |_| {
            std::ops::ControlFlow::Continue(())
        })
        .unwrap();
    };
    import(&mut store, 0);

    // Built from SQLite, and the file written.
    let first = SearchIndex::build(&store).unwrap();
    assert!(file.exists());
    let queries = queries(&first);
    assert!(queries.len() > 80, "{}", queries.len());
    same(&first, &SearchIndex::build_fresh(&store).unwrap(), &queries);

    // Read back whole.
    let modified = std::fs::metadata(&file).unwrap().modified().unwrap();
    let read = SearchIndex::build(&store).unwrap();
    assert_eq!(
        std::fs::metadata(&file).unwrap().modified().unwrap(),
        modified
    );
    same(&read, &SearchIndex::build_fresh(&store).unwrap(), &queries);

    // The next week: read back with its cases appended from SQLite, and written again.
    import(&mut store, 1);
    let fresh = SearchIndex::build_fresh(&store).unwrap();
    assert!(fresh.len() > read.len());
    let appended = SearchIndex::build(&store).unwrap();
    assert_eq!(appended.len(), fresh.len());
    let queries = self::queries(&fresh);
    same(&appended, &fresh, &queries);
    let again = SearchIndex::build(&store).unwrap();
    same(&again, &fresh, &queries);

    // The engine's page for contiguous terms is the reference scorer's.
    for q in [
        "\"金条\"",
        "\"京东\" \"客服\"",
        "\"白条\" \"额度\"",
        "\"客服\"",
        "\"征信\" \"金条\"",
        "\"会员\" \"扣费\"",
        "\"student\" \"loan\"",
    ] {
        let got: Vec<(i64, i64)> = again
            .search(&Query::parse(q).unwrap(), 50)
            .unwrap()
            .hits
            .iter()
            .map(|h| (h.case_id, h.score))
            .collect();
        assert!(!got.is_empty(), "{q}");
        assert_eq!(got, reference(&fresh, q, 50), "{q}");
    }
}

/// A store of one generated week of 300 reports in `dir`, its index built (and so
/// its file written beside it): the store, the file's path, the index.
fn one_small_batch(dir: &std::path::Path) -> (Store, std::path::PathBuf, SearchIndex) {
    let mut opts = GenOptions::new(300, dir.join("gen"));
    opts.weeks = 1;
    let files = generate(&opts, &mut |_| {}).unwrap().files;
    let db = dir.join("t.sqlite");
    let file = persist::path_beside(&db).unwrap();
    let mut store = Store::open(&db).unwrap();
    let options = ImportOptions::for_store(&store).unwrap();
    import_file(&mut store, &files[0], &options, &mut |_| {
        std::ops::ControlFlow::Continue(())
    })
    .unwrap();
    let built = SearchIndex::build(&store).unwrap();
    (store, file, built)
}

#[test]
fn a_stale_or_damaged_file_is_never_used() {
    let dir = tempfile::tempdir().unwrap();
    let (store, file, built) = one_small_batch(dir.path());
    let queries = queries(&built);
    let bytes = std::fs::read(&file).unwrap();

    // Cut short anywhere, or one byte changed anywhere (the header, the stamp,
    // a length, the text, a date, a posting): never used, built from SQLite, and
    // a good file written again.
    let few: Vec<String> = queries.iter().step_by(7).cloned().collect();
    for cut in [0, 10, 67, 68, 100, bytes.len() / 2, bytes.len() - 1] {
        std::fs::write(&file, &bytes[..cut]).unwrap();
        same(&SearchIndex::build(&store).unwrap(), &built, &few);
        assert_eq!(std::fs::read(&file).unwrap(), bytes);
    }
    for at in (0..bytes.len()).step_by(bytes.len() / 41 + 1) {
        let mut bad = bytes.clone();
        bad[at] ^= 0x10;
        std::fs::write(&file, &bad).unwrap();
        same(&SearchIndex::build(&store).unwrap(), &built, &few);
        assert_eq!(std::fs::read(&file).unwrap(), bytes, "byte {at}");
    }

    // A database whose stamp moved (an alias table's new mapping, a corrected
    // report, another batch list) makes the file stale: built from SQLite.
    std::fs::write(&file, &bytes).unwrap();
    store
        .connection()
        .execute(
            "UPDATE scam_type_mapping SET fingerprint = 'other' WHERE id = 1",
            [],
        )
        .unwrap();
    store
        .connection()
        .execute("UPDATE cases SET script = '改过的金条' WHERE id = 1", [])
        .unwrap();
    let rebuilt = SearchIndex::build(&store).unwrap();
    let fresh = SearchIndex::build_fresh(&store).unwrap();
    same(&rebuilt, &fresh, &["改过的金条".to_string()]);
    assert_eq!(
        rebuilt
            .search(&Query::parse("改过的金条").unwrap(), 0)
            .unwrap()
            .total,
        1
    );
}

/// A file of the layout before (version 3: no digit grams of the text) is another
/// layout: neither the index nor a cold lookup
/// reads it; the index is built from SQLite and the file written again in this one.
#[test]
fn a_file_of_an_older_layout_is_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let (store, file, built) = one_small_batch(dir.path());
    let bytes = std::fs::read(&file).unwrap();
    assert_eq!(&bytes[..8], b"CBSIX\x00\x00\x04");
    let conn = store.connection();
    assert!(
        SearchIndex::identifiers_containing(conn, &file, "13800")
            .unwrap()
            .is_some()
    );
    let mut old = bytes.clone();
    old[7] = 3;
    std::fs::write(&file, &old).unwrap();
    assert!(
        SearchIndex::identifiers_containing(conn, &file, "13800")
            .unwrap()
            .is_none()
    );
    let queries = queries(&built);
    same(&SearchIndex::build(&store).unwrap(), &built, &queries);
    assert_eq!(std::fs::read(&file).unwrap(), bytes);
}
