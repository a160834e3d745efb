//! Corrected reports (issue 19, item 3): a row whose report_no is stored from an
//! earlier batch with other content is a new version of its case — counted
//! `updated`, the old version kept (`casebench history`), the groups recomputed,
//! including the split a dropped identifier causes.

use crate::util::{WorkDir, column, csv_rows, show};

const HEADER: &str = "report_no,reported_at,victim_name,victim_phone,caller_number,receiving_account,amount,scam_type,script";

/// Filler cases that link to nothing: enough that a weekly batch of a few rows is
/// relinked by the walk from its cases, not by a full pass.
const FILLER: usize = 60;

fn file(rows: &[&str], filler: usize) -> String {
    let mut s = String::from(HEADER);
    for r in rows {
        s.push('\n');
        s.push_str(r);
    }
    for i in 0..filler {
        s.push_str(&format!("\nF{i:03},2026-10-01,,,,,100,,filler"));
    }
    s.push('\n');
    s
}

/// Week 1: group G-R1 holds R1 and R2 (caller 13812345678) and R3 and R7 (through R1's
/// card 6222021234567890123); group G-R4 holds R4 and R5 (caller 13698765432, and
/// R4's card 6217001234567890).
const R1: &str = "R1,2026-11-02,王小明,13800001111,13812345678,6222021234567890123,5000,冒充客服,王小明接到自称客服电话";
const WEEK1: &[&str] = &[
    R1,
    "R2,2026-11-03,李四,13900002222,13812345678,,3000,冒充客服,金条",
    "R3,2026-11-04,张三,13700003333,,6222021234567890123,2000,冒充客服,白条",
    "R4,2026-11-05,赵六,13600004444,13698765432,6217001234567890,1000,刷单,刷单",
    "R5,2026-11-06,钱七,13500005555,13698765432,,1000,刷单,刷单",
    "R7,2026-11-07,周九,13300007777,,6222021234567890123,700,冒充客服,白条",
];

/// R1 corrected: the loss was 8000, and the money went to 6217001234567890 (R4's
/// card), not to R3's. So R3 and R7 split off, and R1 with R2 joins R4's group.
const R1_CORRECTED: &str = "R1,2026-11-02,王小明,13800001111,13812345678,6217001234567890,8000,冒充客服,王小明接到自称客服电话后转账";

fn week2() -> String {
    file(
        &[
            R1_CORRECTED,
            // The same as week 1: a duplicate.
            "R2,2026-11-03,李四,13900002222,13812345678,,3000,冒充客服,金条",
            "R6,2026-11-10,孙八,13400006666,,,500,冒充客服,新案",
            ",2026-11-10,,,,,1,,no report_no",
        ],
        0,
    )
}

fn summary<'a>(stdout: &'a str, file: &str) -> &'a str {
    stdout
        .lines()
        .find(|l| l.starts_with(&format!("{file}:")))
        .unwrap_or_else(|| panic!("no summary for {file} in:\n{stdout}"))
}

/// The groups as (report_no, group_id), by report_no.
fn groups(w: &WorkDir) -> Vec<(String, String)> {
    let csv = w.ok(&["links", "--format", "csv"]);
    let mut pairs: Vec<(String, String)> = column(&csv, "report_no")
        .into_iter()
        .zip(column(&csv, "group_id"))
        .collect();
    pairs.sort();
    pairs
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

fn check_passes(w: &WorkDir) {
    let out = w.run(&["check"]);
    assert!(out.status.success(), "check failed:\n{}", show(&out));
}

fn with_week1() -> WorkDir {
    let w = WorkDir::new();
    w.write("week1.csv", file(WEEK1, FILLER));
    w.ok(&["import", "week1.csv"]);
    assert_eq!(
        groups(&w),
        pairs(&[
            ("R1", "G-R1"),
            ("R2", "G-R1"),
            ("R3", "G-R1"),
            ("R4", "G-R4"),
            ("R5", "G-R4"),
            ("R7", "G-R1")
        ])
    );
    w
}

#[test]
fn a_corrected_report_updates_its_case_splits_one_group_and_joins_another() {
    let w = with_week1();
    w.write("week2.csv", week2());
    let out = w.ok(&["import", "week2.csv"]);
    assert!(
        summary(&out, "week2.csv")
            .contains("4 read, 1 imported, 1 updated, 1 duplicate, 1 rejected"),
        "{out}"
    );
    assert!(out.contains("1 split"), "{out}");

    // The case took the new version: amount and account.
    let cases = w.ok(&["cases", "--format", "csv", "--batch", "2"]);
    assert_eq!(column(&cases, "report_no"), ["R6", "R1"]);
    assert_eq!(column(&cases, "amount_yuan")[1], "8000.00");
    assert_eq!(column(&cases, "receiving_accounts")[1], "6217001234567890");

    // The groups as a fresh relink makes them: R3 and R7 apart, R1 and R2 with R4, R5.
    assert_eq!(
        groups(&w),
        pairs(&[
            ("R1", "G-R1"),
            ("R2", "G-R1"),
            ("R3", "G-R3"),
            ("R4", "G-R1"),
            ("R5", "G-R1"),
            ("R7", "G-R3")
        ])
    );
    check_passes(&w);

    // What the batch changed: the merge, the split and the updated case.
    let changes = csv_rows(&w.ok(&["links", "--batch", "2", "--format", "csv"]));
    let find = |change: &str| -> Vec<String> {
        changes
            .iter()
            .find(|r| r[0] == change)
            .unwrap_or_else(|| panic!("no {change} in {changes:?}"))
            .clone()
    };
    let merged = find("merged");
    assert_eq!(merged[1], "G-R1");
    assert!(merged[3].starts_with("G-R1 + G-R4 → G-R1"), "{merged:?}");
    let split = find("split");
    assert_eq!(split[1], "G-R1");
    assert!(split[3].contains("G-R1 + G-R3"), "{split:?}");
    let updated = find("updated");
    assert_eq!(updated[2], "R1");
    assert!(
        updated[3].contains("changed receiving_account, amount, script"),
        "{updated:?}"
    );

    // The batch listing counts it.
    let batches = w.ok(&["batches", "--format", "csv"]);
    assert_eq!(column(&batches, "updated"), ["0", "1"]);
    assert_eq!(
        column(&batches, "imported"),
        [(6 + FILLER).to_string(), "1".into()]
    );
}

#[test]
fn history_lists_every_version_and_what_it_changed_masked_by_default() {
    let w = with_week1();
    w.write("week2.csv", week2());
    w.ok(&["import", "week2.csv"]);
    let masked = w.ok(&["history", "R1", "--format", "csv"]);
    let rows = csv_rows(&masked);
    assert_eq!(
        rows[0],
        [
            "version",
            "status",
            "batch_id",
            "file",
            "line",
            "imported_at",
            "field",
            "old",
            "new"
        ]
    );
    let changed: Vec<(String, String, String, String)> = rows[1..]
        .iter()
        .map(|r| (r[0].clone(), r[6].clone(), r[7].clone(), r[8].clone()))
        .collect();
    assert_eq!(
        changed[..3],
        [
            (
                "1".into(),
                "(first version)".into(),
                String::new(),
                String::new()
            ),
            (
                "2".into(),
                "receiving_account".into(),
                "6222021234567890123".into(),
                "6217001234567890".into()
            ),
            ("2".into(), "amount".into(), "5000".into(), "8000".into()),
        ]
    );
    // Batch, file and line of each version.
    assert_eq!(rows[1][2..5], ["1", "week1.csv", "2"]);
    assert_eq!(rows[2][1..5], ["current", "2", "week2.csv", "2"]);
    assert!(!masked.contains("王小明"), "{masked}");
    assert!(masked.contains("王**接到自称客服电话"), "{masked}");
    let unmasked = w.ok(&["history", "R1", "--unmask", "--format", "json"]);
    assert!(
        unmasked.contains("王小明接到自称客服电话后转账"),
        "{unmasked}"
    );

    // A case never corrected has one version; an unknown one is an error, one line.
    let once = csv_rows(&w.ok(&["history", "R2", "--format", "csv"]));
    assert_eq!(once.len(), 2);
    let out = w.run(&["history", "NOPE"]);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "casebench: no case NOPE\n"
    );
}

#[test]
fn two_versions_of_one_report_in_one_file_are_a_conflict_naming_both_lines() {
    let w = with_week1();
    w.write(
        "week2.csv",
        file(
            &[
                R1_CORRECTED,
                "R1,2026-11-02,王小明,13800001111,13812345678,,9000,冒充客服,又一版",
            ],
            0,
        ),
    );
    let out = w.ok(&["import", "week2.csv"]);
    assert!(
        summary(&out, "week2.csv")
            .contains("2 read, 0 imported, 1 updated, 0 duplicate, 1 rejected"),
        "{out}"
    );
    assert!(
        out.contains("line 3: report_no R1 conflicts with line 2 of this file"),
        "{out}"
    );
    let cases = w.ok(&["cases", "--format", "csv", "--batch", "2"]);
    assert_eq!(column(&cases, "amount_yuan"), ["8000.00"]);
    check_passes(&w);
}

#[test]
fn no_update_rejects_a_correction_and_keeps_the_case() {
    let w = with_week1();
    w.write("week2.csv", week2());
    let out = w.ok(&["import", "--no-update", "week2.csv"]);
    assert!(
        summary(&out, "week2.csv")
            .contains("4 read, 1 imported, 0 updated, 1 duplicate, 2 rejected"),
        "{out}"
    );
    assert!(
        out.contains("line 2: report_no R1 conflicts with batch 1 (week1.csv line 2)"),
        "{out}"
    );
    let history = csv_rows(&w.ok(&["history", "R1", "--format", "csv"]));
    assert_eq!(history.len(), 2, "one version: {history:?}");
    let cases = w.ok(&["cases", "--format", "csv", "--since", "2026-11-02"]);
    let i = column(&cases, "report_no")
        .iter()
        .position(|r| r == "R1")
        .expect("R1");
    assert_eq!(column(&cases, "amount_yuan")[i], "5000.00");
    check_passes(&w);
}

/// The analyst's expectation: the newest correction stands. The corrected file again
/// is known by its hash; an older export holding the first version (other bytes:
/// another week's export that overlaps) does not undo the correction — its row is a
/// duplicate of a version kept.
#[test]
fn importing_the_corrected_file_or_an_older_export_again_undoes_nothing() {
    let w = with_week1();
    w.write("week2.csv", week2());
    w.ok(&["import", "week2.csv"]);
    let again = w.ok(&["import", "week2.csv"]);
    assert!(
        again.contains("week2.csv: already imported as batch 2, nothing changed"),
        "{again}"
    );
    let mut older = file(WEEK1, 0);
    older.push_str("R8,2026-11-08,,,,,10,,overlap\n");
    w.write("week1-reexport.csv", older);
    let out = w.ok(&["import", "week1-reexport.csv"]);
    assert!(
        summary(&out, "week1-reexport.csv")
            .contains("7 read, 1 imported, 0 updated, 6 duplicate, 0 rejected"),
        "{out}"
    );
    // The first version again, as a spreadsheet would write it: still not a change.
    w.write(
        "week1-excel.csv",
        file(
            &["R1,2026/11/2,王小明,138 0000 1111,13812345678,6222021234567890123,\"5,000\",冒充客服,王小明接到自称客服电话"],
            0,
        ),
    );
    let out = w.ok(&["import", "week1-excel.csv"]);
    assert!(
        summary(&out, "week1-excel.csv").contains("1 read, 0 imported, 0 updated, 1 duplicate"),
        "{out}"
    );
    let history = csv_rows(&w.ok(&["history", "R1", "--format", "csv"]));
    assert_eq!(history.last().expect("rows")[1], "current");
    assert_eq!(
        history.last().expect("rows")[2],
        "2",
        "batch 2's version stands"
    );
    assert_eq!(
        groups(&w).iter().find(|p| p.0 == "R3").expect("R3").1,
        "G-R3"
    );
    check_passes(&w);
}

/// The identifier only the replaced version held goes with it (nothing holds it),
/// its warnings too; one an analyst ignored stays on the ignore list.
#[test]
fn what_only_the_replaced_version_held_goes_with_it() {
    let w = WorkDir::new();
    w.write(
        "a.csv",
        file(
            &["W1,2026-11-02,,,13812345678,6222021234567890123,oops,,x"],
            FILLER,
        ),
    );
    w.ok(&["import", "a.csv"]);
    w.ok(&["ignore", "13812345678", "--reason", "test line"]);
    assert_eq!(w.count("SELECT COUNT(*) FROM warnings"), 1);
    w.write(
        "b.csv",
        file(&["W1,2026-11-02,,,,6217001234567890,12000,,x"], 0),
    );
    w.ok(&["import", "b.csv"]);
    assert_eq!(
        w.count("SELECT COUNT(*) FROM warnings"),
        0,
        "the old amount's warning"
    );
    assert_eq!(
        w.count("SELECT COUNT(*) FROM identifiers WHERE value = '6222021234567890123'"),
        0
    );
    assert_eq!(
        w.count("SELECT COUNT(*) FROM identifiers WHERE value = '+8613812345678' AND ignored = 1"),
        1
    );
    check_passes(&w);
}

/// The search index of a running workbench reads a corrected case again: its new
/// account is found, its old one no longer.
#[test]
fn the_search_index_takes_the_new_version() {
    use casebench::search::{Query, SearchIndex, hit_rows};
    let w = with_week1();
    let store = w.store();
    let mut index = SearchIndex::build(&store).expect("index");
    let found = |index: &SearchIndex, q: &str| -> Vec<String> {
        let results = index
            .search(&Query::parse(q).expect("query"), 0)
            .expect("search");
        let mut nos: Vec<String> = hit_rows(&store, &results.hits)
            .expect("rows")
            .into_iter()
            .map(|r| r.line.report_no)
            .collect();
        nos.sort();
        nos
    };
    assert_eq!(found(&index, "6222021234567890123"), ["R1", "R3", "R7"]);
    w.write("week2.csv", week2());
    w.ok(&["import", "week2.csv"]);
    index.add_cases_since(&store).expect("update");
    assert_eq!(found(&index, "6222021234567890123"), ["R3", "R7"]);
    assert_eq!(found(&index, "6217001234567890"), ["R1", "R4"]);
    assert_eq!(found(&index, "新案"), ["R6"]);
}

/// A big corrected re-export is written as a bulk load (indexes set aside, rebuilt
/// after the rows): its updates come out as a weekly batch's do.
#[test]
fn a_bulk_load_with_corrections_relinks_and_checks_clean() {
    let w = with_week1();
    let mut rows = vec![R1_CORRECTED.to_string()];
    // More rows than the database holds cases, and over the bulk threshold; every
    // tenth pair shares a caller.
    for i in 0..6000 {
        rows.push(format!(
            "B{i:05},2026-11-12,,,1391{:07},,100,,bulk",
            i / 2 * 2 + (i % 20 / 10)
        ));
    }
    let refs: Vec<&str> = rows.iter().map(String::as_str).collect();
    w.write("bulk.csv", file(&refs, 0));
    let out = w.ok(&["import", "bulk.csv"]);
    assert!(
        summary(&out, "bulk.csv").contains("6001 read, 6000 imported, 1 updated"),
        "{out}"
    );
    let g = groups(&w);
    let of = |r: &str| g.iter().find(|p| p.0 == r).map(|p| p.1.clone());
    assert_eq!(of("R3").as_deref(), Some("G-R3"));
    assert_eq!(of("R4").as_deref(), Some("G-R1"));
    check_passes(&w);
}

/// A first load's in-memory grouping (the identifier table empty: earlier cases held
/// no identifier) takes an updated case's new links.
#[test]
fn a_first_load_that_updates_an_identifier_less_case_groups_it() {
    let w = WorkDir::new();
    w.write("a.csv", file(&["Z1,2026-11-02,,,,,100,,none yet"], 0));
    w.ok(&["import", "a.csv"]);
    assert_eq!(w.count("SELECT COUNT(*) FROM identifiers"), 0);
    let mut rows = vec!["Z1,2026-11-02,,,13912345678,,100,,now known".to_string()];
    for i in 0..5200 {
        rows.push(format!("Y{i:05},2026-11-12,,,1390{i:07},,100,,bulk"));
    }
    rows.push("Y99999,2026-11-13,,,13912345678,,100,,shares Z1's caller".to_string());
    let refs: Vec<&str> = rows.iter().map(String::as_str).collect();
    w.write("big.csv", file(&refs, 0));
    let out = w.ok(&["import", "big.csv"]);
    assert!(summary(&out, "big.csv").contains("1 updated"), "{out}");
    let g = groups(&w);
    assert_eq!(g, pairs(&[("Y99999", "G-Z1"), ("Z1", "G-Z1")]));
    check_passes(&w);
}

/// Random corrections over random groups: whatever a correction adds or takes away,
/// the groups the import's walk stores are the ones a fresh relink computes, the
/// counts add up and no identifier is left held by nothing (`casebench check`).
#[test]
fn random_corrections_leave_the_groups_a_fresh_relink_computes() {
    use std::ops::ControlFlow;
    // Few callers and accounts over many cases: groups form, merge and split.
    let row = |rng: &mut fastrand::Rng, no: &str, day: u32| {
        let pick = |rng: &mut fastrand::Rng, n: u32| {
            if rng.u32(..3) == 0 {
                String::new()
            } else {
                rng.u32(..n).to_string()
            }
        };
        let caller = pick(rng, 12);
        let account = pick(rng, 12);
        format!(
            "{no},2026-11-{day:02},,,{},{},{},,",
            if caller.is_empty() {
                caller
            } else {
                format!("1381234{caller:0>4}")
            },
            if account.is_empty() {
                account
            } else {
                format!("62220212345678{account:0>5}")
            },
            rng.u32(1..9999)
        )
    };
    for seed in 0..12 {
        let mut rng = fastrand::Rng::with_seed(seed);
        let w = WorkDir::new();
        let week1: Vec<String> = (0..40)
            .map(|i| row(&mut rng, &format!("C{i:02}"), 1 + i % 20))
            .collect();
        let refs: Vec<&str> = week1.iter().map(String::as_str).collect();
        // Filler: the corrections are few beside the cases, so the walk relinks them.
        let a = w.write("a.csv", file(&refs, FILLER));
        let mut week2: Vec<String> = (0..4)
            .map(|_| {
                let i = rng.u32(..40);
                row(&mut rng, &format!("C{i:02}"), 1 + i % 20)
            })
            .collect();
        week2.sort_by(|x, y| x[..3].cmp(&y[..3]));
        week2.dedup_by(|x, y| x[..3] == y[..3]);
        week2.push(row(&mut rng, "N01", 25));
        let refs: Vec<&str> = week2.iter().map(String::as_str).collect();
        let b = w.write("b.csv", file(&refs, 0));
        let mut store = w.store();
        let reports =
            casebench::import::import_files(
                &mut store,
                &[a, b],
                &mut |_| ControlFlow::Continue(()),
            );
        for r in &reports {
            assert!(
                matches!(r.outcome, casebench::import::FileOutcome::Imported { .. }),
                "seed {seed}: {}",
                r.summary()
            );
        }
        let report = casebench::check::check(&mut store).expect("check");
        assert!(report.ok(), "seed {seed}: {report:#?}");
    }
}

/// A re-export that writes the same report differently (another date form, thousands
/// separators, spaced digits, a spreadsheet's spacing) says nothing new: a duplicate,
/// not a correction whose history would read `2026-11-02 → 2026/11/2`.
#[test]
fn a_re_export_written_differently_is_a_duplicate_not_a_correction() {
    let w = with_week1();
    w.write(
        "week1-excel.csv",
        file(
            &[
                "R1,2026/11/2,王小明 ,138 0000 1111,138-1234-5678,6222 0212 3456 7890 123,\"5,000.00\",冒充客服,王小明接到自称客服电话 ",
                // A real change among them: the amount.
                "R2,2026-11-03,李四,13900002222,13812345678,,3500,冒充客服,金条",
            ],
            0,
        ),
    );
    let out = w.ok(&["import", "week1-excel.csv"]);
    assert!(
        summary(&out, "week1-excel.csv").contains("2 read, 0 imported, 1 updated, 1 duplicate"),
        "{out}"
    );
    let history = csv_rows(&w.ok(&["history", "R1", "--format", "csv"]));
    assert_eq!(history.len(), 2, "R1 has one version: {history:?}");
    let history = csv_rows(&w.ok(&["history", "R2", "--format", "csv"]));
    assert_eq!(history[2][6..], ["amount", "3000", "3500"]);
    check_passes(&w);
}

/// `history --rows`: each version's row as it stood, cell for cell in its own file's
/// order of columns (the correction came in a file with other headers, in another
/// order), masked by default.
#[test]
fn history_rows_show_each_version_as_its_file_had_it() {
    let w = with_week1();
    w.write(
        "week2.csv",
        "案件编号,涉案金额,受害人,备注,收款账号\nR1,8000,王小明,回访,6217001234567890\n",
    );
    w.ok(&["import", "week2.csv"]);
    let rows = csv_rows(&w.ok(&["history", "R1", "--rows", "--unmask", "--format", "csv"]));
    assert_eq!(
        rows[0],
        [
            "version", "status", "batch_id", "file", "line", "column", "header", "cell"
        ]
    );
    let cells = |version: &str| -> Vec<(String, String)> {
        rows[1..]
            .iter()
            .filter(|r| r[0] == version)
            .map(|r| (r[6].clone(), r[7].clone()))
            .collect()
    };
    let first: Vec<String> = R1.split(',').map(str::to_string).collect();
    let header: Vec<String> = HEADER.split(',').map(str::to_string).collect();
    assert_eq!(
        cells("1"),
        header.into_iter().zip(first).collect::<Vec<_>>()
    );
    assert_eq!(
        cells("2"),
        [
            ("案件编号", "R1"),
            ("涉案金额", "8000"),
            ("受害人", "王小明"),
            ("备注", "回访"),
            ("收款账号", "6217001234567890")
        ]
        .map(|(h, c)| (h.to_string(), c.to_string()))
    );
    let masked = w.ok(&["history", "R1", "--rows", "--format", "csv"]);
    assert!(
        !masked.contains("王小明") && !masked.contains("13800001111"),
        "{masked}"
    );
}
