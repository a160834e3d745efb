//! `casebench links`, `hubs` and `ignore`: each link rule on its own, stable ids,
//! merges, evidence and possible links.

use crate::util::{WorkDir, column};

const HEADER: &str = "report_no,reported_at,victim_phone,caller_number,receiving_account,amount";

fn batch(w: &WorkDir, name: &str, rows: &[&str]) {
    let mut s = String::from(HEADER);
    for r in rows {
        s.push('\n');
        s.push_str(r);
    }
    s.push('\n');
    w.write(name, s);
    w.ok(&["import", name]);
}

/// report_no → group_id (empty when in no group) from `links --format csv`.
fn groups(w: &WorkDir) -> Vec<(String, String)> {
    let csv = w.ok(&["links", "--format", "csv"]);
    column(&csv, "report_no")
        .into_iter()
        .zip(column(&csv, "group_id"))
        .collect()
}

fn group_of(w: &WorkDir, report_no: &str) -> Option<String> {
    groups(w)
        .into_iter()
        .find(|(r, _)| r == report_no)
        .map(|(_, g)| g)
}

#[test]
fn the_same_caller_in_three_formats_links_three_cases() {
    let w = WorkDir::new();
    batch(
        &w,
        "a.csv",
        &[
            "A1,2026-11-02,,138 1234 5678,,100",
            "A2,2026-11-03,,+86-138-1234-5678,,200",
            "A3,2026-11-04,,１３８１２３４５６７８,,300",
            "A4,2026-11-04,,13999999999,,300",
        ],
    );
    let g = groups(&w);
    assert_eq!(g.len(), 3, "{g:?}");
    assert!(g.iter().all(|(_, id)| id == "G-A1"), "{g:?}");
}

#[test]
fn links_are_transitive_through_a_chain() {
    let w = WorkDir::new();
    batch(
        &w,
        "a.csv",
        &[
            "C1,2026-11-02,,13811111111,,1",
            "C2,2026-11-03,,13811111111,6222021234567890123,1",
            "C3,2026-11-04,,,6222021234567890123,1",
        ],
    );
    assert_eq!(group_of(&w, "C3").as_deref(), Some("G-C1"));
    assert_eq!(groups(&w).len(), 3);
}

#[test]
fn victim_phones_never_link() {
    let w = WorkDir::new();
    batch(
        &w,
        "a.csv",
        &[
            "V1,2026-11-02,13800000001,13811111111,,1",
            "V2,2026-11-03,13800000001,13822222222,,1",
        ],
    );
    assert!(groups(&w).is_empty());
}

#[test]
fn official_numbers_never_link_and_are_shown_as_official() {
    let w = WorkDir::new();
    batch(
        &w,
        "a.csv",
        &[
            "O1,2026-11-02,,95118,,1",
            "O2,2026-11-03,,95118,,1",
            "O3,2026-11-03,,4006065500,,1",
            "O4,2026-11-04,,400-606-5500,,1",
        ],
    );
    assert!(groups(&w).is_empty());
    let hubs = w.ok(&["hubs", "--kind", "phone", "--format", "csv"]);
    let status: Vec<(String, String)> = column(&hubs, "identifier")
        .into_iter()
        .zip(column(&hubs, "status"))
        .collect();
    assert!(
        status.contains(&("95118".into(), "official".into())),
        "{status:?}"
    );
}

#[test]
fn partial_numbers_never_link_but_show_as_possible_links() {
    let w = WorkDir::new();
    batch(
        &w,
        "a.csv",
        &[
            "P1,2026-11-02,,,6222021234567891234,1",
            "P2,2026-11-03,,,尾号1234,1",
            "P3,2026-11-04,,,6222********1234,1",
        ],
    );
    assert!(groups(&w).is_empty());
    let out = w.ok(&["links", "P3"]);
    assert!(
        out.contains("could be card 6222021234567891234 (in P1)"),
        "{out}"
    );
    let out = w.ok(&["links", "P2"]);
    assert!(out.contains("(in P1)"), "{out}");
}

#[test]
fn ignored_identifiers_stop_linking_and_undo_restores() {
    let w = WorkDir::new();
    batch(
        &w,
        "a.csv",
        &[
            "I1,2026-11-02,,13811111111,,1",
            "I2,2026-11-03,,13811111111,,1",
        ],
    );
    assert_eq!(groups(&w).len(), 2);
    let out = w.ok(&["ignore", "138 1111 1111", "--reason", "shared test line"]);
    assert!(out.contains("ignoring phone +8613811111111"), "{out}");
    assert!(groups(&w).is_empty());
    let hubs = w.ok(&["hubs", "--format", "csv"]);
    assert_eq!(column(&hubs, "status"), vec!["ignored"]);
    let who: String = w
        .store()
        .connection()
        .query_row("SELECT ignored_reason FROM identifiers", [], |r| r.get(0))
        .unwrap();
    assert_eq!(who, "shared test line");
    let full = |w: &WorkDir| casebench::link::relink(w.store().connection(), None).unwrap();
    assert_eq!(
        full(&w).cases_moved,
        0,
        "the relink around the identifier missed cases"
    );
    w.ok(&["ignore", "+8613811111111", "--undo"]);
    assert_eq!(groups(&w).len(), 2);
    assert_eq!(full(&w).cases_moved, 0);
}

/// The ignore list is an audit log: every ignore and undo a record with who, when and
/// why; the current status with its reason in `hubs`; doing twice what is done is an
/// error; a number no case holds yet can be ignored before the batch that brings it.
#[test]
fn the_ignore_list_is_an_audit_log() {
    let w = WorkDir::new();
    batch(
        &w,
        "a.csv",
        &[
            "L1,2026-11-02,,13811111111,,1",
            "L2,2026-11-03,,13811111111,,1",
        ],
    );
    let as_user = |user: &str, args: &[&str]| {
        let out = w
            .cmd()
            .env("CASEBENCH_USER", user)
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            crate::util::show(&out)
        );
    };
    as_user("li", &["ignore", "13811111111", "--reason", "test line"]);
    let again = w.run(&["ignore", "138-1111-1111", "--reason", "again"]);
    assert_eq!(again.status.code(), Some(1));
    let err = String::from_utf8_lossy(&again.stderr);
    assert!(
        err.contains("already ignored") && err.contains("by li: test line"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1);

    let hubs = w.ok(&["hubs", "--format", "csv"]);
    assert_eq!(column(&hubs, "ignored_reason"), ["test line"]);
    assert_eq!(column(&hubs, "ignored_by"), ["li"]);

    as_user(
        "wang",
        &[
            "ignore",
            "13811111111",
            "--undo",
            "--reason",
            "it is a mule after all",
        ],
    );
    let not = w.run(&["ignore", "13811111111", "--undo"]);
    assert_eq!(not.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&not.stderr).contains("is not ignored"));
    as_user(
        "zhao",
        &["ignore", "13811111111", "--reason", "spoofed by everyone"],
    );

    let log = crate::util::csv_rows(&w.ok(&["ignore", "--list", "--format", "csv"]));
    let entries: Vec<(&str, &str, &str)> = log[1..]
        .iter()
        .map(|r| (r[1].as_str(), r[4].as_str(), r[5].as_str()))
        .collect();
    assert_eq!(
        entries,
        [
            ("ignore", "test line", "li"),
            ("undo", "it is a mule after all", "wang"),
            ("ignore", "spoofed by everyone", "zhao"),
        ]
    );
    assert!(
        log[1..]
            .iter()
            .all(|r| r[3] == "+8613811111111" && !r[0].is_empty())
    );
    let hubs = w.ok(&["hubs", "--format", "csv"]);
    assert_eq!(column(&hubs, "ignored_reason"), ["spoofed by everyone"]);

    // Before any case holds it: the next batch's cases do not link through it.
    as_user(
        "li",
        &["ignore", "13922223333", "--reason", "known test line"],
    );
    batch(
        &w,
        "b.csv",
        &[
            "L3,2026-11-04,,13922223333,,1",
            "L4,2026-11-05,,13922223333,,1",
        ],
    );
    assert!(groups(&w).is_empty(), "{:?}", groups(&w));
    let one = w.ok(&["ignore", "139 2222 3333", "--list", "--format", "csv"]);
    assert_eq!(column(&one, "reason"), ["known test line"]);
    let nonsense = w.run(&["ignore", "not a number", "--reason", "x"]);
    assert_eq!(nonsense.status.code(), Some(1));
}

#[test]
fn group_ids_stay_put_when_a_later_batch_adds_cases() {
    let w = WorkDir::new();
    batch(
        &w,
        "w1.csv",
        &[
            "S1,2026-11-02,,13811111111,,1",
            "S2,2026-11-03,,13811111111,,1",
        ],
    );
    batch(&w, "w2.csv", &["S3,2026-11-10,,13811111111,,1"]);
    assert_eq!(group_of(&w, "S3").as_deref(), Some("G-S1"));
    let changes = w.ok(&["links", "--batch", "2", "--format", "csv"]);
    let kinds = column(&changes, "change");
    assert!(
        kinds.contains(&"hit".to_string()) && kinds.contains(&"grew".to_string()),
        "{changes}"
    );
}

/// A full relink from the database (migration 017: the dates ranked from their own
/// index, the report numbers read from theirs) names each group as the first load
/// did: its earliest dated case, a tie on the day by report_no, an undated case
/// last; and writes nothing when the groups stand.
#[test]
fn a_full_relink_names_each_group_by_its_earliest_case() {
    let w = WorkDir::new();
    batch(
        &w,
        "w1.csv",
        &[
            "R9,2026-11-05,,13811111111,,1",
            "R3,,,13811111111,,1",
            "R7,2026-11-05,,13811111111,,1",
            "Q2,2026-11-06,,13822222222,,1",
            "Q1,,,13822222222,,1",
            "Z1,2026-11-01,,13833333333,,1",
        ],
    );
    let first = groups(&w);
    let named = |g: &[(String, String)], case: &str| {
        g.iter().find(|(r, _)| r == case).map(|(_, id)| id.clone())
    };
    assert_eq!(named(&first, "R3").as_deref(), Some("G-R7"), "{first:?}");
    assert_eq!(named(&first, "Q1").as_deref(), Some("G-Q2"), "{first:?}");
    let conn = w.store();
    let again = casebench::link::relink(conn.connection(), None).unwrap();
    assert_eq!(again.cases_moved, 0);
    conn.connection()
        .execute("DELETE FROM case_group_of", [])
        .unwrap();
    let rewritten = casebench::link::relink(conn.connection(), None).unwrap();
    assert_eq!(rewritten.cases_moved, 5);
    drop(conn);
    assert_eq!(groups(&w), first);
}

#[test]
fn a_bridging_case_merges_two_groups() {
    let w = WorkDir::new();
    batch(
        &w,
        "w1.csv",
        &[
            "M1,2026-11-02,,13811111111,,1",
            "M2,2026-11-03,,13811111111,,1",
            "M3,2026-11-01,,13822222222,,1",
            "M4,2026-11-04,,13822222222,,1",
        ],
    );
    assert_eq!(group_of(&w, "M2").as_deref(), Some("G-M1"));
    assert_eq!(group_of(&w, "M4").as_deref(), Some("G-M3"));
    w.write(
        "w2.csv",
        format!("{HEADER}\nM5,2026-11-09,,13811111111;13822222222,,1\n"),
    );
    let out = w.ok(&["import", "w2.csv"]);
    assert!(out.contains("G-M1 + G-M3 → G-M3"), "{out}");
    let g = groups(&w);
    assert_eq!(g.len(), 5);
    assert!(g.iter().all(|(_, id)| id == "G-M3"), "{g:?}");
}

/// The same merge in a database ten times the batch or more, where the batch is
/// relinked by a walk from its cases rather than a full pass: the bridge joins the two
/// old groups whole, a second new case joins an old case that was in no group, and
/// a full pass afterwards finds nothing to move.
#[test]
fn a_batch_joining_two_old_groups_is_relinked_by_its_walk_as_a_full_pass_would() {
    let w = WorkDir::new();
    let mut rows = vec![
        "J1,2026-11-02,,13811111111,,1".to_string(),
        "J2,2026-11-03,,13811111111,,1".to_string(),
        "J3,2026-11-01,,13822222222,,1".to_string(),
        "J4,2026-11-04,,13822222222,,1".to_string(),
        "J5,2026-11-05,,13833333333,,1".to_string(),
    ];
    // Others, each in no group, so that two new cases are a small share.
    rows.extend((10..40).map(|i| format!("X{i},2026-11-01,,139000000{i},,1")));
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    batch(&w, "w1.csv", &rows);
    w.write(
        "w2.csv",
        format!(
            "{HEADER}\nJ6,2026-11-09,,13811111111;13822222222,,1\nJ7,2026-11-09,,13833333333,,1\n"
        ),
    );
    let out = w.ok(&["import", "w2.csv"]);
    assert!(out.contains("G-J1 + G-J3 → G-J3"), "{out}");
    assert!(
        out.contains("groups: 1 new"),
        "J5 and J7 make a new group: {out}"
    );
    for case in ["J1", "J2", "J3", "J4", "J6"] {
        assert_eq!(group_of(&w, case).as_deref(), Some("G-J3"), "{case}");
    }
    for case in ["J5", "J7"] {
        assert_eq!(group_of(&w, case).as_deref(), Some("G-J5"), "{case}");
    }
    assert!(
        matches!(group_of(&w, "X10").as_deref(), None | Some("")),
        "a case that shares nothing is in no group"
    );
    let full = casebench::link::relink(w.store().connection(), None).unwrap();
    assert_eq!(full.cases_moved, 0, "the walk left what a full pass writes");
}

/// The walk takes an old group in whole without reading its members, and moves them
/// by their group only when its name changes: a new earliest case merging two old
/// groups renames both (every member moves, the sizes counted right), a new case
/// joining an old group keeps its name (no member moves), and a later new case that
/// reaches another member of that group by another identifier joins the same group,
/// not one of its own.
#[test]
fn old_groups_taken_whole_by_the_walk_merge_rename_and_join_as_a_full_pass_would() {
    let w = WorkDir::new();
    let mut rows = vec![
        "A1,2026-11-02,,13811111111,,1".to_string(),
        "A2,2026-11-03,,13811111111;13844444444,,1".to_string(),
        "A3,2026-11-04,,13844444444,,1".to_string(),
        "B1,2026-11-05,,13822222222,,1".to_string(),
        "B2,2026-11-06,,13822222222,,1".to_string(),
        "C1,2026-11-07,,13833333333,,1".to_string(),
        "C2,2026-11-08,,13833333333,,1".to_string(),
        "C3,2026-11-08,,13833333333,,1".to_string(),
    ];
    rows.extend((10..50).map(|i| format!("X{i},2026-11-01,,139000000{i},,1")));
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    batch(&w, "w1.csv", &rows);
    w.write(
        "w2.csv",
        format!(
            "{HEADER}\nN1,2026-10-01,,13822222222;13833333333,,1\n\
             N2,2026-11-09,,13811111111,,1\n\
             N3,2026-11-10,,13844444444;13855555555,,1\n\
             N4,2026-11-11,,13855555555,,1\n"
        ),
    );
    let out = w.ok(&["import", "w2.csv"]);
    assert!(out.contains("G-B1 + G-C1 → G-N1"), "{out}");
    let g = groups(&w);
    let members = |id: &str| {
        let mut m: Vec<&str> = g
            .iter()
            .filter(|(_, gid)| gid == id)
            .map(|(r, _)| r.as_str())
            .collect();
        m.sort_unstable();
        m
    };
    assert_eq!(
        members("G-N1"),
        ["B1", "B2", "C1", "C2", "C3", "N1"],
        "{g:?}"
    );
    assert_eq!(
        members("G-A1"),
        ["A1", "A2", "A3", "N2", "N3", "N4"],
        "{g:?}"
    );
    for gone in ["G-B1", "G-C1", "G-N3", "G-N2"] {
        assert!(members(gone).is_empty(), "{gone}: {g:?}");
    }
    let changes = w.ok(&["links", "--batch", "2", "--format", "csv"]);
    let kinds = column(&changes, "change");
    let details = column(&changes, "detail");
    let lines: Vec<String> = kinds
        .iter()
        .zip(&details)
        .filter(|(k, _)| *k != "hit")
        .map(|(k, d)| format!("{k}: {d}"))
        .collect();
    assert_eq!(
        lines,
        [
            "grew: 3 → 6 cases",
            "merged: G-B1 + G-C1 → G-N1 (5 → 6 cases)"
        ],
        "{changes}"
    );
    let full = casebench::link::relink(w.store().connection(), None).unwrap();
    assert_eq!(full.cases_moved, 0, "the walk left what a full pass writes");
    w.ok(&["check"]);
}

#[test]
fn evidence_lists_exactly_the_shared_identifiers() {
    let w = WorkDir::new();
    batch(
        &w,
        "a.csv",
        &[
            "E1,2026-11-02,,13811111111;13833333333,6222021234567890123,1",
            "E2,2026-11-03,,13811111111,6217001234567890,1",
            "E3,2026-11-04,,13844444444,6217001234567890,1",
        ],
    );
    let csv = w.ok(&["links", "E1", "--format", "csv"]);
    let reports = column(&csv, "report_no");
    let shared = column(&csv, "shared_identifiers");
    let of = |r: &str| shared[reports.iter().position(|x| x == r).unwrap()].clone();
    // Text starting with `+` is neutralised for spreadsheets (DESIGN, CLI contract).
    assert_eq!(of("E1"), "'+8613811111111 (2 cases)");
    assert_eq!(
        of("E2"),
        "'+8613811111111 (2 cases); 6217001234567890 (2 cases)"
    );
    assert_eq!(of("E3"), "6217001234567890 (2 cases)");
    // For a person, which cases those are.
    let table = w.ok(&["links", "E2"]);
    assert!(table.contains("what ties E2 in:"), "{table}");
    assert!(
        table.contains("+8613811111111 (2 cases): also in E1"),
        "{table}"
    );
    assert!(
        table.contains("6217001234567890 (2 cases): also in E3"),
        "{table}"
    );
    // The pairs, long form.
    let edges = crate::util::csv_rows(&w.ok(&["links", "--edges", "--format", "csv"]));
    assert_eq!(
        edges[0],
        [
            "group_id",
            "group_size",
            "report_no",
            "kind",
            "identifier",
            "role",
            "origin",
            "cases"
        ]
    );
    assert_eq!(edges.len(), 1 + 4, "E1 1, E2 2, E3 1: {edges:?}");
    assert!(
        edges.contains(
            &[
                "G-E1",
                "3",
                "E3",
                "card",
                "6217001234567890",
                "account",
                "receiving_account",
                "2"
            ]
            .map(String::from)
            .to_vec()
        ),
        "{edges:?}"
    );
}

/// A mule account held by 2,500 cases: the listing grows with the cases, not with the
/// square of the group; `links REPORT_NO` caps the cases it names per identifier; the
/// xlsx export opens (no cell over Excel's 32,767 characters).
#[test]
fn a_2500_case_hub_exports_linearly_and_opens_in_excel() {
    let w = WorkDir::new();
    let rows: Vec<String> = (0..2500)
        .map(|i| format!("M{i:04},2026-11-02,,,6222021234567890128,100"))
        .collect();
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    batch(&w, "hub.csv", &rows);
    w.ok(&["links", "-o", "hub.csv.out.csv"]);
    let size = std::fs::metadata(w.join("hub.csv.out.csv")).unwrap().len();
    assert!(size < 2500 * 300, "linear in the rows: {size} bytes");
    let shared = column(
        &std::fs::read_to_string(w.join("hub.csv.out.csv")).unwrap(),
        "shared_identifiers",
    );
    assert_eq!(shared.len(), 2500);
    assert!(
        shared
            .iter()
            .all(|s| s == "6222021234567890128 (2,500 cases, possible hub)"),
        "{:?}",
        shared[0]
    );

    let table = w.ok(&["links", "M0000"]);
    assert!(
        table.contains("and 2,489 more cases"),
        "capped at 10: {}",
        &table[table.len().saturating_sub(600)..]
    );
    assert!(table.len() < 2500 * 400, "{} bytes", table.len());
    let all = w.ok(&["links", "M0000", "--all"]);
    assert!(all.contains("M2499") && !all.contains("more cases"));

    w.ok(&["links", "-o", "hub.xlsx"]);
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(w.join("hub.xlsx")).unwrap();
    use calamine::Reader;
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    assert_eq!(sheet.height(), 2501);
    let longest = sheet
        .rows()
        .flatten()
        .map(|c| c.to_string().chars().count())
        .max()
        .unwrap();
    assert!(longest <= 32_767, "{longest}");
}

#[test]
fn hubs_rank_by_cases_then_loss() {
    let w = WorkDir::new();
    batch(
        &w,
        "a.csv",
        &[
            "H1,2026-11-02,,13811111111,6222021234567890123,100",
            "H2,2026-11-03,,13811111111,6222021234567890123,100",
            "H3,2026-11-04,,13811111111,,100",
        ],
    );
    let csv = w.ok(&["hubs", "--format", "csv"]);
    assert_eq!(
        column(&csv, "identifier"),
        vec!["+8613811111111", "6222021234567890123"]
    );
    assert_eq!(column(&csv, "cases"), vec!["3", "2"]);
    assert_eq!(column(&csv, "total_loss_yuan"), vec!["300.00", "200.00"]);
    let accounts = w.ok(&["hubs", "--kind", "account", "--format", "csv"]);
    assert_eq!(column(&accounts, "identifier"), vec!["6222021234567890123"]);
}

fn export_fixture(w: &WorkDir) {
    batch(
        w,
        "a.csv",
        &[
            "X1,2026-11-02,13800000001,13811111111,6222021234567890123,1200",
            "X2,2026-11-03,13800000002,13811111111,,300.5",
            "X3,2026-11-04,13800000003,,6222021234567890123,1",
            "X4,2026-11-05,13800000004,13999999999,,1",
        ],
    );
}

/// Identifiers and report numbers are text (a card never turns into 6.22E+18), sizes
/// and amounts numbers (SUM and sorting work), dates dates.
#[test]
fn links_export_to_xlsx_with_typed_cells_one_row_per_case() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let w = WorkDir::new();
    export_fixture(&w);
    w.ok(&["links", "-o", "groups.xlsx"]);
    let mut book: Xlsx<_> = open_workbook(w.join("groups.xlsx")).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    let rows: Vec<Vec<Data>> = sheet.rows().map(|r| r.to_vec()).collect();
    assert_eq!(rows.len(), 4, "header + three linked cases");
    assert_eq!(rows[0][0], Data::String("group_id".into()));
    let col = |name: &str| {
        rows[0]
            .iter()
            .position(|h| *h == Data::String(name.into()))
            .unwrap()
    };
    for row in &rows[1..] {
        assert_eq!(row[col("group_id")], Data::String("G-X1".into()));
        assert_eq!(row[col("group_size")], Data::Float(3.0));
        assert!(matches!(row[col("report_no")], Data::String(_)), "{row:?}");
        assert!(
            matches!(row[col("reported_at")], Data::DateTime(_)),
            "{row:?}"
        );
        assert!(
            matches!(row[col("amount_yuan")], Data::Float(_) | Data::Empty),
            "{row:?}"
        );
    }
    let dates: Vec<String> = rows[1..]
        .iter()
        .map(|r| match &r[col("reported_at")] {
            // Excel's serial day: days since 1899-12-30.
            Data::DateTime(d) => (chrono::NaiveDate::from_ymd_opt(1899, 12, 30).unwrap()
                + chrono::Duration::days(d.as_f64() as i64))
            .format("%Y-%m-%d")
            .to_string(),
            other => panic!("{other:?}"),
        })
        .collect();
    let csv = w.ok(&["links", "--format", "csv"]);
    assert_eq!(
        dates,
        column(&csv, "reported_at"),
        "the same dates as the CSV"
    );
    let amounts: f64 = rows[1..]
        .iter()
        .filter_map(|r| match r[col("amount_yuan")] {
            Data::Float(f) => Some(f),
            _ => None,
        })
        .sum();
    let csv_amounts: f64 = column(&csv, "amount_yuan")
        .iter()
        .filter_map(|a| a.parse::<f64>().ok())
        .sum();
    assert!(
        (amounts - csv_amounts).abs() < 0.001,
        "{amounts} {csv_amounts}"
    );
    let accounts: Vec<String> = rows[1..]
        .iter()
        .map(|r| r[col("receiving_accounts")].to_string())
        .collect();
    assert_eq!(
        accounts,
        vec!["6222021234567890123", "", "6222021234567890123"]
    );
}

#[test]
fn links_export_to_graphml_with_roles_on_edges() {
    let w = WorkDir::new();
    export_fixture(&w);
    w.ok(&["links", "-o", "groups.graphml"]);
    let text = std::fs::read_to_string(w.join("groups.graphml")).unwrap();
    let doc = roxmltree::Document::parse(&text).unwrap();
    let nodes: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("node"))
        .collect();
    let edges: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("edge"))
        .collect();
    assert_eq!(
        nodes.len(),
        3 + 2,
        "three cases and their two shared identifiers"
    );
    assert_eq!(edges.len(), 4);
    let roles: Vec<&str> = edges
        .iter()
        .filter_map(|e| e.children().find(|c| c.has_tag_name("data")))
        .filter_map(|d| d.text())
        .collect();
    assert_eq!(roles.iter().filter(|r| **r == "caller").count(), 2);
    assert_eq!(roles.iter().filter(|r| **r == "account").count(), 2);
    assert!(
        edges
            .iter()
            .any(|e| e.attribute("source") == Some("case:X1")
                && e.attribute("target") == Some("id:phone:+8613811111111"))
    );
}

#[test]
fn links_and_hubs_export_to_json_and_csv() {
    let w = WorkDir::new();
    export_fixture(&w);
    w.ok(&["links", "-o", "g.json"]);
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(w.join("g.json")).unwrap()).unwrap();
    let rows = v.as_array().unwrap();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[1]["report_no"], "X2");
    assert_eq!(rows[1]["group_size"], 3);
    w.ok(&["hubs", "-o", "h.csv"]);
    let csv = std::fs::read_to_string(w.join("h.csv")).unwrap();
    assert_eq!(column(&csv, "cases"), vec!["2", "2", "1"]);
    w.ok(&["hubs", "-o", "h.xlsx"]);
    assert!(std::fs::metadata(w.join("h.xlsx")).unwrap().len() > 0);
}

#[test]
fn formula_payloads_in_every_text_field_come_out_neutralised() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let w = WorkDir::new();
    w.write(
        "evil.csv",
        "report_no,reported_at,victim_name,victim_phone,caller_number,amount,scam_type,script,备注\n\
         =1+1,+cmd|' /C calc'!A0,@SUM(A1),-2+3,=HYPERLINK(\"x\"),=2*3,=cmd,@x,\t=1\n",
    );
    w.ok(&["import", "evil.csv"]);
    w.ok(&["cases", "--unmask", "-o", "c.csv"]);
    let csv = std::fs::read_to_string(w.join("c.csv")).unwrap();
    for row in crate::util::csv_rows(&csv) {
        for cell in row {
            let risky = cell.starts_with(['=', '@', '\t', '\r'])
                || (cell.starts_with(['+', '-'])
                    && !cell[1..].chars().all(|c| c.is_ascii_digit() || c == '.'));
            assert!(!risky, "{cell:?} in {csv}");
        }
    }
    assert!(csv.contains("'=1+1"), "{csv}");
    w.ok(&["cases", "--unmask", "-o", "c.xlsx"]);
    let mut book: Xlsx<_> = open_workbook(w.join("c.xlsx")).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    let formulas = book.worksheet_formula("Sheet1").unwrap();
    assert!(formulas.used_cells().count() == 0, "no formula cells");
    let first: Vec<Data> = sheet.rows().nth(1).unwrap().to_vec();
    assert_eq!(
        first[0],
        Data::String("=1+1".into()),
        "kept as text, not run"
    );
}

#[test]
fn ignoring_a_bridge_splits_a_group_and_undo_joins_it_again() {
    let w = WorkDir::new();
    batch(
        &w,
        "a.csv",
        &[
            "B1,2026-11-02,,13811111111,,1",
            "B2,2026-11-03,,13811111111;13822222222,,1",
            "B3,2026-11-04,,13822222222,6222021234567890123,1",
            "B4,2026-11-05,,,6222021234567890123,1",
        ],
    );
    assert!(groups(&w).iter().all(|(_, g)| g == "G-B1"));
    w.ok(&["ignore", "13822222222", "--reason", "bridge"]);
    assert_eq!(group_of(&w, "B2").as_deref(), Some("G-B1"));
    assert_eq!(group_of(&w, "B4").as_deref(), Some("G-B3"));
    let full = casebench::link::relink(w.store().connection(), None).unwrap();
    assert_eq!(full.cases_moved, 0);
    w.ok(&["ignore", "13822222222", "--undo"]);
    assert!(groups(&w).iter().all(|(_, g)| g == "G-B1"));
    assert_eq!(groups(&w).len(), 4);
}

/// The sample imported through the library, for checks over realistic data.
fn sample_store(w: &WorkDir) -> casebench::store::Store {
    let mut store = w.store();
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("imports/sample");
    let files = casebench::import::csv_files(&[sample]);
    casebench::import::import_files(&mut store, &files, &mut |_| {
        std::ops::ControlFlow::Continue(())
    });
    store
}

#[test]
fn hubs_read_from_the_index_equal_a_plain_aggregate() {
    use casebench::link::report::{HubKind, hubs};
    let w = WorkDir::new();
    let store = sample_store(&w);
    let conn = store.connection();
    let plain = |kinds: &str, top: usize| -> Vec<(String, i64, i64)> {
        conn.prepare(&format!(
            "SELECT i.value, COUNT(DISTINCT c.id), COALESCE(SUM(c.amount_fen), 0)
               FROM identifiers i
               JOIN case_identifiers ci ON ci.identifier_id = i.id
               JOIN cases c ON c.id = ci.case_id
              WHERE ci.role IN ('caller', 'account', 'contact') AND i.kind IN ({kinds})
              GROUP BY i.id ORDER BY 2 DESC, 3 DESC, i.value LIMIT {top}"
        ))
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect()
    };
    let all = "'phone', 'service', 'card', 'alipay', 'wallet', 'id_number', 'qq', 'wechat'";
    for (kind, kinds) in [
        (Some(HubKind::Phone), "'phone', 'service'"),
        (
            Some(HubKind::Account),
            "'card', 'alipay', 'wallet', 'id_number'",
        ),
        (None, all),
    ] {
        for top in [1, 7, 40, 300] {
            let got: Vec<(String, i64, i64)> = hubs(conn, kind, top)
                .unwrap()
                .into_iter()
                .map(|h| (h.identifier, h.cases, h.total_loss_fen))
                .collect();
            assert_eq!(got, plain(kinds, top), "{kind:?}, top {top}");
        }
    }
}

#[test]
fn one_groups_members_equal_its_rows_in_the_whole_listing() {
    use casebench::link::report::{GroupFilter, members};
    let w = WorkDir::new();
    let store = sample_store(&w);
    let conn = store.connection();
    let all = members(conn, &GroupFilter::default()).unwrap();
    let mut groups: Vec<&str> = all.iter().map(|m| m.group_id.as_str()).collect();
    groups.dedup();
    assert!(groups.len() > 100, "{} groups", groups.len());
    for g in groups.iter().step_by(7) {
        let one = members(
            conn,
            &GroupFilter {
                group_id: Some(g.to_string()),
                ..GroupFilter::default()
            },
        )
        .unwrap();
        let expected: Vec<_> = all.iter().filter(|m| m.group_id == *g).cloned().collect();
        assert_eq!(one, expected, "{g}");
    }
}

#[test]
fn links_filter_by_group_size_and_recent_activity() {
    let w = WorkDir::new();
    batch(
        &w,
        "a.csv",
        &[
            "Z1,2026-10-01,,13811111111,,1",
            "Z2,2026-10-02,,13811111111,,1",
            "Z3,2026-10-03,,13811111111,,1",
            "Y1,2026-11-10,,13822222222,,1",
            "Y2,2026-11-11,,13822222222,,1",
        ],
    );
    let big = w.ok(&["links", "--min-size", "3", "--format", "csv"]);
    assert_eq!(column(&big, "report_no"), vec!["Z1", "Z2", "Z3"]);
    let recent = w.ok(&["links", "--since", "2026-11-01", "--format", "csv"]);
    assert_eq!(column(&recent, "report_no"), vec!["Y1", "Y2"]);
    // A flag the command does not have is a usage error: exit code 2.
    assert_eq!(w.run(&["links", "--no-such-flag"]).status.code(), Some(2));
}

/// A weekly batch (small beside the database: relinked around its cases) writes its
/// case → group rows in the recent tier of the index by group (migration 022): its
/// new cases', an old case's that joins a group, and a renamed group's. The groups
/// read the same as a full relink's, before and after the tiers are merged, and the
/// database passes `check`.
#[test]
fn a_weekly_batch_writes_its_groups_in_the_recent_tier_and_reads_as_a_full_relink() {
    let w = WorkDir::new();
    // B01+B02 share a caller, B03+B04 another; B05 is alone; the rest are alone too,
    // so that the next batch is small beside the database.
    let mut base: Vec<String> = vec![
        "B01,2026-11-01,,13811110001,,1".into(),
        "B02,2026-11-02,,13811110001,,1".into(),
        "B03,2026-11-03,,13811110003,6222021234567890123,1".into(),
        "B04,2026-11-04,,13811110003,,1".into(),
        "B05,2026-11-05,,13811110005,,1".into(),
    ];
    base.extend((6..40).map(|i| format!("B{i:02},2026-11-06,,139222200{i:02},,1")));
    let base: Vec<&str> = base.iter().map(String::as_str).collect();
    batch(&w, "w1.csv", &base);
    let tiers = |w: &WorkDir| {
        (
            w.count("SELECT COUNT(*) FROM case_group_of WHERE tier = 0"),
            w.count("SELECT COUNT(*) FROM case_group_of WHERE tier = 1"),
        )
    };
    assert_eq!(tiers(&w), (4, 0), "a first load writes the merged tier");
    batch(
        &w,
        "w2.csv",
        &[
            // Joins old B05, alone until now.
            "N1,2026-11-10,,13811110005,,1",
            // Grows B01's group.
            "N2,2026-11-10,,13811110001,,1",
            // Bridges B01's group and B03's: B03's is renamed G-B01.
            "N3,2026-11-11,,13811110001,6222021234567890123,1",
        ],
    );
    let after_batch = groups(&w);
    let named = |case: &str| {
        after_batch
            .iter()
            .find(|(r, _)| r == case)
            .map(|(_, g)| g.as_str())
    };
    assert_eq!(named("B05"), Some("G-B05"), "{after_batch:?}");
    assert_eq!(named("N1"), Some("G-B05"));
    for case in ["B02", "B03", "B04", "N2", "N3"] {
        assert_eq!(named(case), Some("G-B01"), "{case}: {after_batch:?}");
    }
    assert_eq!(
        tiers(&w),
        (2, 6),
        "N1, N2, N3, old B05 and renamed B03, B04 in the recent tier"
    );
    assert_eq!(
        w.count(
            "SELECT COUNT(*) FROM case_group_of t JOIN cases c ON c.id = t.case_id
              WHERE t.tier = 1 AND c.report_no IN ('B03', 'B04') AND t.group_case =
                    (SELECT id FROM cases WHERE report_no = 'B01')"
        ),
        2,
        "the renamed group's rows moved into the recent tier"
    );
    w.ok(&["check"]);
    // A full relink from nothing writes the same groups (in the merged tier: the
    // table was empty).
    let store = w.store();
    let conn = store.connection();
    let relinked = casebench::link::relink(conn, None).unwrap();
    assert_eq!(
        relinked.cases_moved, 0,
        "the full pass finds nothing to move"
    );
    casebench::store::tiers::merge(conn).unwrap();
    drop(store);
    assert_eq!(tiers(&w), (8, 0));
    assert_eq!(groups(&w), after_batch, "merged");
    w.relink_from_nothing();
    assert_eq!(groups(&w), after_batch, "a full relink from nothing");
    w.ok(&["check"]);
}
