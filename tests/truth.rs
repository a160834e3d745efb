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

/// `sizes` files of reports in chunks, in order, sharing callers and accounts drawn
/// from pools (a fixed pseudo-random sequence): groups that grow and merge across
/// the chunks. Each chunk a CSV text with its header.
fn chunks_of_reports(sizes: &[usize]) -> Vec<String> {
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move |n: u64| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) % n
    };
    let mut case = 0;
    sizes
        .iter()
        .map(|&n| {
            let mut text = String::from(
                "report_no,reported_at,victim_phone,caller_number,receiving_account,amount\n",
            );
            for _ in 0..n {
                case += 1;
                let caller = 13_800_000_000 + next(1500);
                let account = 6_222_020_000_000_000u64 + next(2500);
                let day = 1 + next(28);
                text.push_str(&format!(
                    "R{case:05},2026-11-{day:02},1390000{:04},{caller},{account},{}\n",
                    case % 10_000,
                    100 + case
                ));
            }
            text
        })
        .collect()
}

/// Every link (report_no, kind, value, role, origin, display, excerpt) and every
/// case's group, sorted: what a reader of the views sees.
fn links_and_groups(w: &WorkDir) -> (Vec<Vec<String>>, Vec<Vec<String>>) {
    let store = w.store();
    let rows = |sql: &str| -> Vec<Vec<String>> {
        let mut stmt = store.connection().prepare(sql).unwrap();
        let n = stmt.column_count();
        stmt.query_map([], |r| {
            (0..n)
                .map(|i| Ok(r.get::<_, Option<String>>(i)?.unwrap_or_default()))
                .collect()
        })
        .unwrap()
        .map(Result::unwrap)
        .collect()
    };
    (
        rows(
            "SELECT c.report_no, i.kind, i.value, ci.role, ci.origin, ci.display, ci.excerpt
               FROM case_identifiers ci JOIN cases c ON c.id = ci.case_id
               JOIN identifiers i ON i.id = ci.identifier_id
              ORDER BY 1, 2, 3, 4",
        ),
        rows(
            "SELECT c.report_no, g.group_id FROM cases c
               LEFT JOIN case_groups g ON g.case_id = c.id ORDER BY 1",
        ),
    )
}

/// Weekly batches write their links into the recent tier (`store::tiers`), read with
/// the merged ones; the batch that takes it past its share merges it. Before and after
/// that merge, the links and groups read back exactly as a fresh import of the same
/// rows in one file has them.
#[test]
fn links_in_the_recent_tier_and_merged_read_back_as_one_import_of_the_same_rows() {
    let w = WorkDir::new();
    // 2,400 reports (merged at once: the big tier is empty), then 200 (kept: 200 × 8
    // ≤ 2,400), then 200 more (400 × 8 > 2,400: merged).
    let chunks = chunks_of_reports(&[2400, 200, 200]);
    let recent = |w: &WorkDir| w.count("SELECT COUNT(*) FROM case_identifier_codes WHERE tier = 1");
    let together = |upto: usize| -> WorkDir {
        let fresh = WorkDir::new();
        let mut text = chunks[0].clone();
        for chunk in &chunks[1..upto] {
            text.push_str(chunk.split_once('\n').unwrap().1);
        }
        fresh.write("all.csv", text);
        fresh.ok(&["import", "all.csv"]);
        fresh
    };
    // Migration 018: the batch's new identifiers in the identifiers' recent tier.
    let recent_identifiers =
        |w: &WorkDir| w.count("SELECT COUNT(*) FROM identifiers WHERE tier = 1");
    let identifiers = |w: &WorkDir| -> Vec<String> {
        let store = w.store();
        let mut stmt = store
            .connection()
            .prepare(
                "SELECT kind || ' ' || value || ' ' || display || ' ' || flags || ' ' || official
                   FROM identifiers ORDER BY kind, value",
            )
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let mut searched = 0;
    for (i, chunk) in chunks.iter().enumerate() {
        let name = format!("week{i}.csv");
        w.write(&name, chunk);
        w.ok(&["import", &name]);
        match i {
            0 | 2 => {
                assert_eq!(recent(&w), 0, "chunk {i}: merged");
                assert_eq!(recent_identifiers(&w), 0, "chunk {i}: identifiers merged");
            }
            _ => {
                assert!(recent(&w) >= 400, "chunk {i}: its links kept apart");
                assert!(
                    recent_identifiers(&w) >= 100,
                    "chunk {i}: its identifiers kept apart"
                );
            }
        }
        let fresh = together(i + 1);
        let (links, groups) = links_and_groups(&w);
        let (fresh_links, fresh_groups) = links_and_groups(&fresh);
        assert!(links.len() > 2 * groups.len() && groups.iter().any(|g| !g[1].is_empty()));
        assert_eq!(links, fresh_links, "chunk {i}: links");
        assert_eq!(groups, fresh_groups, "chunk {i}: groups");
        assert_eq!(
            identifiers(&w),
            identifiers(&fresh),
            "chunk {i}: identifiers"
        );
        // Cold searches (no index file yet) for recent identifiers, by the whole value
        // and by the last digits: the same answers as the fresh import's.
        let values: Vec<String> = {
            let store = w.store();
            let mut stmt = store
                .connection()
                .prepare(
                    "SELECT value FROM identifiers WHERE tier = 1 AND kind = 'phone'
                      ORDER BY id LIMIT 3",
                )
                .unwrap();
            stmt.query_map([], |r| r.get(0))
                .unwrap()
                .map(Result::unwrap)
                .collect()
        };
        for value in &values {
            let last = &value[value.len() - 5..];
            for query in [value.as_str(), last] {
                assert_eq!(
                    w.ok(&["search", query]),
                    fresh.ok(&["search", query]),
                    "chunk {i}: search {query}"
                );
                searched += 1;
            }
        }
        assert_eq!(
            w.count(
                "SELECT COUNT(*) FROM identifiers r WHERE r.tier = 1 AND EXISTS
                   (SELECT 1 FROM identifiers m WHERE m.tier = 0 AND m.value = r.value
                       AND m.kind_code = r.kind_code)"
            ),
            0,
            "chunk {i}: no identifier in both tiers"
        );
        let full = casebench::link::relink(w.store().connection(), None).unwrap();
        assert_eq!(
            full.cases_moved, 0,
            "chunk {i}: a full pass over both tiers"
        );
    }
    assert!(searched >= 6, "recent identifiers searched: {searched}");
}

/// A batch small beside the database reads its pages through a memory map
/// (`store::map_reads_for_batch`: 40 and 8 rows into 2,400 cases); its links and
/// groups read back as a fresh import of the same rows has them, and `check` finds
/// the groups a fresh relink computes.
#[test]
fn small_batches_read_through_a_map_and_read_back_as_one_import_of_the_same_rows() {
    let w = WorkDir::new();
    let chunks = chunks_of_reports(&[2400, 40, 8]);
    let mut all = String::new();
    for (i, chunk) in chunks.iter().enumerate() {
        let name = format!("week{i}.csv");
        w.write(&name, chunk);
        w.ok(&["import", &name]);
        all.push_str(if i == 0 {
            chunk
        } else {
            chunk.split_once('\n').unwrap().1
        });
    }
    let fresh = WorkDir::new();
    fresh.write("all.csv", all);
    fresh.ok(&["import", "all.csv"]);
    let (links, groups) = links_and_groups(&w);
    let (fresh_links, fresh_groups) = links_and_groups(&fresh);
    assert!(links.len() > 2 * groups.len() && groups.iter().any(|g| !g[1].is_empty()));
    assert_eq!(links, fresh_links, "links");
    assert_eq!(groups, fresh_groups, "groups");
    let check = w.ok(&["check"]);
    assert!(check.contains("every check passed"), "{check}");
    assert!(check.contains("as a fresh relink computes them"), "{check}");
}
