//! Against generated data with known gangs: casebench's groups must equal the
//! connected components of the generated scammer-side identifiers.

use std::collections::HashMap;
use std::ops::ControlFlow;

use crate::util::WorkDir;

/// Pairwise precision and recall of `predicted` against `truth` (both: item → cluster).
fn pairwise(truth: &HashMap<String, String>, predicted: &HashMap<String, String>) -> (f64, f64) {
    let pairs = |n: u64| n * n.saturating_sub(1) / 2;
    let mut both: HashMap<(&str, &str), u64> = HashMap::new();
    let mut t_sizes: HashMap<&str, u64> = HashMap::new();
    let mut p_sizes: HashMap<&str, u64> = HashMap::new();
    for (item, t) in truth {
        let p = predicted[item].as_str();
        *both.entry((t.as_str(), p)).or_default() += 1;
        *t_sizes.entry(t.as_str()).or_default() += 1;
        *p_sizes.entry(p).or_default() += 1;
    }
    let agree: u64 = both.values().map(|&n| pairs(n)).sum();
    let t_pairs: u64 = t_sizes.values().map(|&n| pairs(n)).sum();
    let p_pairs: u64 = p_sizes.values().map(|&n| pairs(n)).sum();
    let ratio = |a: u64, b: u64| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    (ratio(agree, p_pairs), ratio(agree, t_pairs))
}

#[test]
fn groups_equal_the_generated_truth_on_5000_reports() {
    let (precision, recall) = compare(5, 11, casebench::generate::NARRATIVE_SHARE);
    assert_eq!(
        (precision, recall),
        (1.0, 1.0),
        "pairwise precision {precision:.4}, recall {recall:.4}"
    );
}

/// The bar: a third of the reports carry their caller numbers and receiving
/// accounts only in the narrative, next to the victim's own card and QQ id.
#[test]
fn groups_equal_the_truth_when_a_third_of_the_reports_hold_their_identifiers_only_in_the_narrative()
{
    let (precision, recall) = compare(5, 12, 33);
    eprintln!("narrative share 33%: pairwise precision {precision:.4}, recall {recall:.4}");
    assert!(
        precision >= 0.98 && recall >= 0.98,
        "pairwise precision {precision:.4}, recall {recall:.4}"
    );
}

/// Two files of 7,000 reports: each as big as the database before it, so both are
/// written as bulk loads (indexes set aside and rebuilt, groups written in one go).
#[test]
fn bulk_loads_group_as_the_truth_says_and_leave_the_schema_whole() {
    let (precision, recall) = compare_reports(14_000, 2, 14, casebench::generate::NARRATIVE_SHARE);
    assert_eq!(
        (precision, recall),
        (1.0, 1.0),
        "pairwise precision {precision:.4}, recall {recall:.4}"
    );
}

/// One file of 6,000 reports into an empty database: a first load, whose groups are
/// worked out from the links it wrote while its indexes are rebuilt (`LoadLog`). A
/// full pass over the stored links must find nothing to move, with a third of the
/// identifiers in the narrative (the victim's own and the undecided among them).
#[test]
fn a_first_loads_groups_from_the_links_it_wrote_equal_a_full_pass() {
    let (precision, recall) = compare_reports(6000, 1, 15, 33);
    assert!(
        precision >= 0.98 && recall >= 0.98,
        "pairwise precision {precision:.4}, recall {recall:.4}"
    );
}

/// Thirty small weekly files: past the first few, each import relinks incrementally
/// (a small batch against a bigger database), which must agree with the truth too.
#[test]
fn incremental_relinking_over_thirty_weeks_equals_the_truth() {
    let (precision, recall) = compare(30, 13, casebench::generate::NARRATIVE_SHARE);
    assert_eq!(
        (precision, recall),
        (1.0, 1.0),
        "pairwise precision {precision:.4}, recall {recall:.4}"
    );
}

/// Generates 5,000 reports in `weeks` files (`narrative` percent with identifiers only
/// in the narrative), imports them and compares casebench's groups with the truth's.
/// Imports relink incrementally, so a full pass afterwards must find nothing to move.
fn compare(weeks: usize, seed: u64, narrative: u8) -> (f64, f64) {
    compare_reports(5000, weeks, seed, narrative)
}

fn compare_reports(count: usize, weeks: usize, seed: u64, narrative: u8) -> (f64, f64) {
    let w = WorkDir::new();
    let out = w.join("gen");
    let summary = casebench::generate::generate(
        &casebench::generate::GenOptions {
            reports: count,
            weeks,
            seed,
            narrative,
            out: out.clone(),
        },
        &mut |_| {},
    )
    .unwrap();
    let mut store = w.store();
    let files = casebench::import::csv_files(&[out]);
    let reports =
        casebench::import::import_files(&mut store, &files, &mut |_| ControlFlow::Continue(()));
    assert!(
        reports
            .iter()
            .all(|r| matches!(r.outcome, casebench::import::FileOutcome::Imported { .. })),
        "{reports:?}"
    );

    // casebench: every imported case, its group or itself when in none.
    let mut predicted = HashMap::new();
    let mut stmt = store
        .connection()
        .prepare("SELECT c.report_no, COALESCE(g.group_id, 'alone:' || c.report_no) FROM cases c LEFT JOIN case_groups g ON g.case_id = c.id")
        .unwrap();
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
        .unwrap();
    for row in rows {
        let (report_no, group) = row.unwrap();
        predicted.insert(report_no, group);
    }
    assert!(predicted.len() >= count - 10, "{} cases", predicted.len());

    // The truth: the row each imported case came from (planted rejects left out).
    let text = std::fs::read_to_string(&summary.truth).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (c_report, c_planted, c_group) = (col("report_no"), col("planted"), col("group"));
    let mut truth = HashMap::new();
    for line in lines {
        let f: Vec<&str> = line.split('\t').collect();
        let planted = f[c_planted];
        if planted == "conflict" || !predicted.contains_key(f[c_report]) {
            continue;
        }
        truth
            .entry(f[c_report].to_string())
            .or_insert_with(|| f[c_group].to_string());
    }
    assert_eq!(
        truth.len(),
        predicted.len(),
        "every imported case is in the truth"
    );
    let linked = predicted.values().filter(|g| g.starts_with("G-")).count();
    assert!(
        linked > 1000,
        "the data has real groups: {linked} linked cases"
    );

    // Whatever path the imports took (a bulk load sets indexes aside), the schema
    // ends as a fresh database has it.
    let indexes = |conn: &rusqlite::Connection| -> Vec<(String, Option<String>)> {
        conn.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    let fresh = WorkDir::new();
    assert_eq!(
        indexes(store.connection()),
        indexes(fresh.store().connection())
    );

    let full = casebench::link::relink(store.connection(), None).unwrap();
    assert_eq!(
        full.cases_moved, 0,
        "incremental groups differ from a full pass"
    );
    pairwise(&truth, &predicted)
}
