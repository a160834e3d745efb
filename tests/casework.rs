//! `casebench note`, `tag`, `notes`, `cases --tag` and the freeze list (`hubs --kind
//! account --untagged 已止付`): casework kept with who and when, surviving merges and
//! new members, exported with the cases.

use crate::util::{WorkDir, column};

const HEADER: &str = "report_no,reported_at,victim_phone,caller_number,receiving_account,amount";

fn batch(w: &WorkDir, name: &str, rows: &[&str]) -> String {
    let mut s = String::from(HEADER);
    for r in rows {
        s.push('\n');
        s.push_str(r);
    }
    s.push('\n');
    w.write(name, s);
    w.ok(&["import", name])
}

/// Runs as analyst `who`.
fn as_user(w: &WorkDir, who: &str, args: &[&str]) -> String {
    let out = w
        .cmd()
        .env("CASEBENCH_USER", who)
        .args(args)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "casebench {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// report_no → the `tags` cell of `links --format csv`.
fn link_tags(w: &WorkDir) -> Vec<(String, String)> {
    let csv = w.ok(&["links", "--format", "csv"]);
    column(&csv, "report_no")
        .into_iter()
        .zip(column(&csv, "tags"))
        .collect()
}

fn tagged_cases(w: &WorkDir, tag: &str) -> Vec<String> {
    let mut cases = column(
        &w.ok(&["cases", "--tag", tag, "--format", "csv"]),
        "report_no",
    );
    cases.sort();
    cases
}

/// Two annotated groups merge when a case bridges them: the merged group holds both
/// sides' notes and tags, each saying which group it was written on; a case that
/// joins later, and an earlier case that renames the group, keep them too.
#[test]
fn notes_and_tags_survive_a_merge_and_new_members() {
    let w = WorkDir::new();
    batch(
        &w,
        "w1.csv",
        &[
            "M1,2026-11-02,,13811111111,,100",
            "M2,2026-11-03,,13811111111,,200",
            "M3,2026-11-01,,13822222222,,300",
            "M4,2026-11-04,,13822222222,,400",
        ],
    );
    as_user(&w, "alice", &["note", "G-M1", "sent to ICBC for a freeze"]);
    as_user(&w, "alice", &["tag", "G-M1", "已研判"]);
    as_user(&w, "bob", &["note", "G-M3", "victim M4 called back"]);
    as_user(&w, "bob", &["tag", "G-M3", "已止付"]);
    as_user(&w, "bob", &["note", "M2", "amount to check"]);
    assert_eq!(tagged_cases(&w, "已研判"), ["M1", "M2"]);

    let out = batch(&w, "w2.csv", &["M5,2026-11-09,,13811111111;13822222222,,1"]);
    assert!(out.contains("G-M1 + G-M3 → G-M3"), "{out}");

    // Both sides' notes, each with the group it was written on.
    let csv = w.ok(&["notes", "G-M3", "--format", "csv"]);
    let texts = column(&csv, "text");
    let on = column(&csv, "written_on");
    let whos = column(&csv, "who");
    let at = |t: &str| texts.iter().position(|x| x == t).expect(t);
    let freeze = at("sent to ICBC for a freeze");
    assert_eq!(
        (on[freeze].as_str(), whos[freeze].as_str()),
        ("G-M1", "alice")
    );
    let called = at("victim M4 called back");
    assert_eq!((on[called].as_str(), whos[called].as_str()), ("", "bob"));
    assert!(texts.contains(&"已研判".to_string()) && texts.contains(&"已止付".to_string()));
    // A case's own note stays the case's, not the group's.
    assert!(!texts.contains(&"amount to check".to_string()), "{csv}");
    // The old id still finds the group it is part of now.
    assert_eq!(w.ok(&["notes", "G-M1", "--format", "csv"]), csv);

    // Every case of the merged group carries both groups' tags.
    for (report, tags) in link_tags(&w) {
        assert!(
            tags.contains("已研判") && tags.contains("已止付"),
            "{report}: {tags}"
        );
    }
    assert_eq!(tagged_cases(&w, "已研判"), ["M1", "M2", "M3", "M4", "M5"]);
    // The query language's filter finds the same cases.
    let mut found = column(
        &w.ok(&["search", "tag:已研判", "--format", "csv"]),
        "report_no",
    );
    found.sort();
    assert_eq!(found, ["M1", "M2", "M3", "M4", "M5"]);
    let none = w.ok(&["search", "tag:已冻结", "--format", "csv"]);
    assert!(column(&none, "report_no").is_empty(), "{none}");

    // A new member, and an earlier case that gives the group a new id.
    let out = batch(
        &w,
        "w3.csv",
        &[
            "M6,2026-11-10,,13811111111,,1",
            "M0,2026-10-01,,13822222222,,1",
        ],
    );
    assert!(out.contains("1 grew"), "{out}");
    let groups = column(&w.ok(&["links", "--format", "csv"]), "group_id");
    assert!(
        groups.len() == 7 && groups.iter().all(|g| g == "G-M0"),
        "{groups:?}"
    );
    assert_eq!(
        tagged_cases(&w, "已止付"),
        ["M0", "M1", "M2", "M3", "M4", "M5", "M6"]
    );
    let csv = w.ok(&["links", "--format", "csv"]);
    let notes = column(&csv, "notes");
    assert!(
        notes
            .iter()
            .all(|n| n.contains("sent to ICBC for a freeze") && n.contains("victim M4 called back")),
        "{notes:?}"
    );
    // The exported cases carry the tags (group's and own) and the case's own notes.
    let cases = w.ok(&["cases", "--format", "csv"]);
    let reports = column(&cases, "report_no");
    let m2 = reports.iter().position(|r| r == "M2").expect("M2");
    assert!(column(&cases, "notes")[m2].contains("amount to check"));
    assert!(column(&cases, "tags")[m2].contains("已止付"));

    // Taking a tag off the merged group takes it off the side that set it.
    as_user(&w, "carol", &["tag", "G-M0", "已研判", "--undo"]);
    assert!(tagged_cases(&w, "已研判").is_empty());
    let history = w.ok(&["notes", "G-M0", "--format", "csv"]);
    let what = column(&history, "what");
    assert_eq!(
        what.iter().filter(|w| *w == "untag").count(),
        1,
        "{history}"
    );
    assert_eq!(
        column(&history, "who").last().map(String::as_str),
        Some("carol")
    );
}

/// A tag is set once, taken off once, and only from the list (or the edited copy
/// beside the database); an identifier is named in any written form.
#[test]
fn tags_come_from_the_list_and_are_never_set_twice() {
    let w = WorkDir::new();
    batch(&w, "a.csv", &["T1,2026-11-02,,13811111111,,100"]);
    as_user(&w, "alice", &["tag", "+86 138-1111-1111", "已冻结"]);
    let again = w.run(&["tag", "13811111111", "已冻结"]);
    assert!(!again.status.success());
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("already tagged 已冻结"),
        "{again:?}"
    );
    let unknown = w.run(&["tag", "T1", "urgent"]);
    assert!(!unknown.status.success());
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("not on the tag list"));
    let off = w.run(&["tag", "T1", "已冻结", "--undo"]);
    assert!(!off.status.success(), "T1 itself was never tagged");

    // An edited copy beside the database adds a tag.
    let list = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("db/tags.txt"),
    )
    .expect("shipped list");
    w.write("tags.txt", format!("{list}urgent 紧急\n"));
    as_user(&w, "alice", &["tag", "T1", "urgent"]);
    let listed = w.ok(&["tag", "--list", "--format", "csv"]);
    assert!(column(&listed, "tag").contains(&"urgent".to_string()));

    // A number no case holds yet can be tagged ahead of the batch that brings it;
    // `check` knows it is kept on purpose.
    as_user(&w, "alice", &["tag", "139 0000 0000", "已冻结"]);
    let check = w.ok(&["check"]);
    assert!(check.contains("every check passed"), "{check}");

    let hubs = w.ok(&["hubs", "--tag", "已冻结", "--format", "csv"]);
    assert_eq!(column(&hubs, "identifier"), ["+8613811111111"]);
    assert_eq!(column(&hubs, "tags"), ["已冻结"]);
}

/// An edit is a new note pointing at the one it replaces; the old one is kept.
#[test]
fn an_edited_note_is_a_new_record_and_the_old_one_is_kept() {
    let w = WorkDir::new();
    batch(&w, "a.csv", &["E1,2026-11-02,,13811111111,,100"]);
    let out = as_user(&w, "alice", &["note", "E1", "first thought"]);
    assert!(out.starts_with("note #1 on case E1"), "{out}");
    let out = as_user(&w, "bob", &["note", "--edit", "1", "second thought"]);
    assert!(out.contains("replacing #1"), "{out}");
    let now = w.ok(&["notes", "E1", "--format", "csv"]);
    assert_eq!(column(&now, "text"), ["second thought"]);
    assert_eq!(column(&now, "what"), ["edit"]);
    let all = w.ok(&["notes", "--all", "--format", "csv"]);
    assert_eq!(column(&all, "text"), ["first thought", "second thought"]);
    assert_eq!(column(&all, "who"), ["alice", "bob"]);
    assert_eq!(column(&all, "what"), ["replaced", "edit"]);
    // The replaced note can no longer be edited: its replacement can.
    let twice = w.run(&["note", "--edit", "1", "third"]);
    assert!(!twice.status.success());
    assert_eq!(w.count("SELECT COUNT(*) FROM notes"), 2);
    // Nothing is ever overwritten: the first text is still stored as written.
    assert_eq!(
        w.count("SELECT COUNT(*) FROM notes WHERE text = 'first thought' AND who = 'alice'"),
        1
    );
}

/// The freeze list: accounts not yet tagged 已止付, each with its bank from the card's
/// issuer prefix or from the words it was written with; tagging one records the
/// request and takes it off the list. A backup carries the casework.
#[test]
fn the_freeze_list_names_banks_from_bin_and_text() {
    let w = WorkDir::new();
    batch(
        &w,
        "a.csv",
        &[
            "F1,2026-11-02,,,6222021234567890123,5000",
            "F2,2026-11-03,,,工商银行 6222 0212 3456 7890 123,3000",
            "F3,2026-11-04,,,华夏银行 6399991234567890,2000",
            "F4,2026-11-05,,,6399991234567890,1000",
            "F5,2026-11-06,,,6555551234567890,700",
        ],
    );
    let list = |w: &WorkDir| {
        let csv = w.ok(&[
            "hubs",
            "--kind",
            "account",
            "--untagged",
            "已止付",
            "--format",
            "csv",
        ]);
        let ids = column(&csv, "identifier");
        let banks = column(&csv, "bank");
        let from = column(&csv, "bank_from");
        let cases = column(&csv, "cases");
        (0..ids.len())
            .map(|i| {
                (
                    ids[i].clone(),
                    banks[i].clone(),
                    from[i].clone(),
                    cases[i].clone(),
                )
            })
            .collect::<Vec<_>>()
    };
    let rows = list(&w);
    let row = |id: &str| rows.iter().find(|r| r.0 == id).cloned().expect(id);
    assert_eq!(
        row("6222021234567890123"),
        (
            "6222021234567890123".into(),
            "中国工商银行".into(),
            "BIN".into(),
            "2".into()
        )
    );
    assert_eq!(
        row("6399991234567890"),
        (
            "6399991234567890".into(),
            "华夏银行".into(),
            "text".into(),
            "2".into()
        )
    );
    assert_eq!(
        row("6555551234567890").1,
        "",
        "no prefix, no words: no bank"
    );

    as_user(&w, "alice", &["tag", "6222 0212 3456 7890 123", "已止付"]);
    let after: Vec<String> = list(&w).into_iter().map(|r| r.0).collect();
    assert_eq!(after, ["6399991234567890", "6555551234567890"]);

    // The same list as a workbook.
    w.ok(&[
        "hubs",
        "--kind",
        "account",
        "--untagged",
        "已止付",
        "-o",
        "F.xlsx",
    ]);
    assert!(w.join("F.xlsx").exists());

    // A backup is the whole database: the casework comes with it.
    as_user(&w, "alice", &["note", "F3", "bank asked for the case file"]);
    w.ok(&["backup", "copy.sqlite"]);
    let copy = w.join("copy.sqlite");
    let out = w
        .cmd()
        .env("CASEBENCH_DB", &copy)
        .args(["notes", "--format", "csv"])
        .output()
        .expect("run");
    let csv = String::from_utf8_lossy(&out.stdout);
    let mut texts = column(&csv, "text");
    texts.sort();
    assert_eq!(texts, ["bank asked for the case file", "已止付"]);
}

/// The freeze list is a worklist: with `--untagged` every account still to request is
/// listed, not the first 50 a plain `hubs` shows; what is tagged leaves it.
#[test]
fn the_freeze_list_is_whole() {
    let w = WorkDir::new();
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("imports/sample");
    w.ok(&["import", sample.to_str().expect("path")]);
    let rows = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["hubs", "--kind", "account", "--format", "csv"];
        all.extend_from_slice(args);
        w.ok(&all).lines().skip(1).map(str::to_string).collect()
    };
    let every = rows(&["--top", "1000000"]);
    assert!(every.len() > 50, "the sample has {} accounts", every.len());
    assert_eq!(rows(&[]).len(), 50, "a plain listing shows the top 50");
    let open = rows(&["--untagged", "已止付"]);
    assert_eq!(open.len(), every.len());
    let first = every[0].split(',').nth(1).expect("identifier").to_string();
    w.ok(&["tag", &first, "已止付"]);
    let open = rows(&["--untagged", "已止付"]);
    assert_eq!(open.len(), every.len() - 1);
    assert!(
        !open
            .iter()
            .any(|r| r.split(',').nth(1) == Some(first.as_str()))
    );
}
