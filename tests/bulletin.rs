//! `casebench bulletin`: a generated six-week data set's bulletin checked against
//! figures computed here from the generator's answer key (`truth.tsv`: each written
//! row's report date, amount and linking identifiers), not through the bulletin's
//! code; the HTML bulletin parsed back as XML (well-formed, nothing outside the file,
//! victims masked); the Markdown and workbook forms carry the same figures.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use casebench::bulletin::{self, Period, Which};
use casebench::link::UnionFind;
use casebench::scamtype::Code;

use crate::util::WorkDir;

const WEEK: &str = "2026-W48";

/// One case as the answer key says it was meant.
#[derive(Debug, Clone)]
struct Truth {
    report_no: String,
    /// The batch file's number (1 = batch-01.csv).
    batch: usize,
    day: String,
    amount_fen: i64,
    victim_phone: String,
    linking: Vec<String>,
}

/// The cases the key's rows make: every row with a report number but an exact
/// duplicate, a later row of the same report number (a correction) in its place.
fn truth(w: &WorkDir) -> Vec<Truth> {
    let text = std::fs::read_to_string(w.join("gen/truth.tsv")).expect("truth.tsv");
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("header").split('\t').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).expect(name);
    let (no, file, planted, day, fen, phone, linking) = (
        col("report_no"),
        col("file"),
        col("planted"),
        col("reported_at"),
        col("amount_fen"),
        col("victim_phone"),
        col("linking"),
    );
    let mut by_no: BTreeMap<String, Truth> = BTreeMap::new();
    let mut rows: Vec<Vec<&str>> = lines.map(|l| l.split('\t').collect()).collect();
    // Files in order; within a file, lines in order (the key lists them so).
    rows.sort_by_key(|r| r[file].to_string());
    for r in rows {
        if r[no].is_empty() || r[planted] == "duplicate" {
            continue;
        }
        // A ragged row lacks its file's last column: when that is the amount, the
        // key's amount is not what was written, and the case has none.
        let lost = r[planted] == "ragged" && last_column_is_amount(w, r[file]);
        let amount_fen = if lost {
            0
        } else {
            r[fen].parse().expect("amount")
        };
        let batch: usize = r[file]
            .trim_start_matches("batch-")
            .trim_end_matches(".csv")
            .parse()
            .expect("batch number");
        by_no.insert(
            r[no].to_string(),
            Truth {
                report_no: r[no].to_string(),
                batch,
                day: r[day].get(..10).expect("a date").to_string(),
                amount_fen,
                victim_phone: r[phone].to_string(),
                linking: r[linking]
                    .split(';')
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect(),
            },
        );
    }
    by_no.into_values().collect()
}

/// Whether a batch file's last column is its amount (the generator's names for it).
fn last_column_is_amount(w: &WorkDir, file: &str) -> bool {
    let bytes = std::fs::read(w.join("gen").join(file)).expect("batch file");
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.to_string(),
        Err(_) => encoding_rs::GB18030.decode(bytes).0.into_owned(),
    };
    let header = text.lines().next().unwrap_or_default();
    let last = header.rsplit(',').next().unwrap_or_default().trim();
    [
        "amount",
        "loss",
        "amount_yuan",
        "涉案金额",
        "被骗金额",
        "损失金额",
        "损失价值",
        "损失总价值",
        "SSJZ",
        "SSZJZ",
    ]
    .contains(&last)
}

fn in_period(t: &Truth, p: &Period) -> bool {
    let (from, to) = p.sql_bounds();
    t.day.as_str() >= from.as_str() && t.day.as_str() < to.as_str()
}

/// A six-week data set, imported a week at a time.
fn six_weeks(w: &WorkDir) {
    w.ok(&[
        "generate",
        "--reports",
        "600",
        "--weeks",
        "6",
        "--seed",
        "3",
        "--out",
        "gen",
    ]);
    for week in 1..=6 {
        w.ok(&["import", &format!("gen/batch-{week:02}.csv")]);
    }
}

/// Groups a week's batch made new, grew and merged, told from the key alone: the
/// components of the cases linked through shared identifiers before the batch and
/// after it; an after-component holding a case of the batch is new when it holds no
/// earlier group (two cases at least), grew when one, merged when several.
fn group_counts(cases: &[Truth], batch: usize) -> (usize, usize, usize) {
    let components = |upto: usize| -> Vec<usize> {
        let mut uf = UnionFind::new(cases.len());
        let mut first: HashMap<&str, usize> = HashMap::new();
        for (i, c) in cases.iter().enumerate().filter(|(_, c)| c.batch <= upto) {
            for id in &c.linking {
                match first.get(id.as_str()) {
                    Some(&j) => {
                        uf.union(i as u32, j as u32);
                    }
                    None => {
                        first.insert(id, i);
                    }
                }
            }
        }
        (0..cases.len())
            .map(|i| uf.find(i as u32) as usize)
            .collect()
    };
    let (before, after) = (components(batch - 1), components(batch));
    let size = |comp: &[usize], upto: usize| {
        let mut n: HashMap<usize, usize> = HashMap::new();
        for (i, _) in cases.iter().enumerate().filter(|(_, c)| c.batch <= upto) {
            *n.entry(comp[i]).or_default() += 1;
        }
        n
    };
    let (size_before, size_after) = (size(&before, batch - 1), size(&after, batch));
    let mut olds: HashMap<usize, BTreeSet<usize>> = HashMap::new();
    let mut touched: BTreeSet<usize> = BTreeSet::new();
    for (i, c) in cases.iter().enumerate() {
        if c.batch == batch {
            touched.insert(after[i]);
        } else if c.batch < batch && size_before[&before[i]] >= 2 {
            olds.entry(after[i]).or_default().insert(before[i]);
        }
    }
    let (mut new, mut grew, mut merged) = (0, 0, 0);
    for g in touched {
        if size_after[&g] < 2 {
            continue;
        }
        match olds.get(&g).map_or(0, BTreeSet::len) {
            0 => new += 1,
            1 => grew += 1,
            _ => merged += 1,
        }
    }
    (new, grew, merged)
}

#[test]
fn the_bulletin_of_a_generated_six_weeks_matches_the_answer_key() {
    let w = WorkDir::new();
    six_weeks(&w);
    let cases = truth(&w);
    let period = Period::parse_week(WEEK).expect("week");
    let store = w.store();
    let b = bulletin::build(store.connection(), Which::Given(period)).expect("bulletin");

    // Reports and loss of the week and each of the four before, from the key.
    for back in 0..5 {
        let p = period.shifted(-(back as i64));
        let mine: Vec<&Truth> = cases.iter().filter(|t| in_period(t, &p)).collect();
        let got = b.before(back).expect("a compared week");
        assert_eq!(got.period, p);
        assert_eq!(
            got.figures.reports,
            mine.len() as i64,
            "reports of {}",
            p.name()
        );
        assert_eq!(
            got.figures.loss_fen,
            mine.iter().map(|t| t.amount_fen).sum::<i64>(),
            "loss of {}",
            p.name()
        );
    }
    assert!(b.now().reports > 50, "a week of data: {:?}", b.now());

    // By scam type: each case's type as the import classified it (its column through
    // the alias table), the dates and amounts from the key.
    let conn = store.connection();
    let mut stmt = conn
        .prepare("SELECT report_no, scam_type_code FROM cases")
        .unwrap();
    let code_of: HashMap<String, i64> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut expected: BTreeMap<Code, Vec<(i64, i64)>> = BTreeMap::new();
    for back in 0..5 {
        let p = period.shifted(-(back as i64));
        for t in cases.iter().filter(|t| in_period(t, &p)) {
            let code = Code::from_id(code_of[&t.report_no]);
            let e = expected.entry(code).or_insert_with(|| vec![(0, 0); 5]);
            e[back].0 += 1;
            e[back].1 += t.amount_fen;
        }
    }
    let got: BTreeMap<Code, Vec<(i64, i64)>> = b
        .types
        .iter()
        .map(|t| {
            (
                t.code,
                t.periods.iter().map(|f| (f.reports, f.loss_fen)).collect(),
            )
        })
        .collect();
    assert_eq!(got, expected);
    // Listed by this week's reports.
    let firsts: Vec<i64> = b.types.iter().map(|t| t.periods[0].reports).collect();
    assert!(firsts.windows(2).all(|p| p[0] >= p[1]), "{firsts:?}");

    // The largest losses of the week.
    let mut week: Vec<&Truth> = cases.iter().filter(|t| in_period(t, &period)).collect();
    week.sort_by(|a, b| {
        b.amount_fen
            .cmp(&a.amount_fen)
            .then(a.report_no.cmp(&b.report_no))
    });
    let expected: Vec<(&str, i64)> = week
        .iter()
        .take(10)
        .map(|t| (t.report_no.as_str(), t.amount_fen))
        .collect();
    let got: Vec<(&str, i64)> = b
        .largest
        .iter()
        .map(|l| (l.report_no.as_str(), l.amount_fen))
        .collect();
    assert_eq!(got, expected);

    // The groups the week's batch made, grew and merged.
    let (new, grew, merged) = group_counts(&cases, 6);
    let c = b.group_counts;
    assert_eq!((c.new, c.grew, c.merged), (new, grew, merged));
    assert!(new > 0 && grew > 0, "a week with new and grown groups");
    assert_eq!(b.batches.len(), 1, "one weekly file: {:?}", b.batches);
    // Each line carries its evidence: identifiers the group's cases share.
    for g in &b.groups {
        assert!(g.evidence.contains(" cases)"), "{g:?}");
    }

    // To freeze or block: identifiers first held by a case of the week, held by two
    // cases at least by its end.
    let (from, to) = period.sql_bounds();
    let mut holders: BTreeMap<&str, Vec<&Truth>> = BTreeMap::new();
    for t in &cases {
        for id in &t.linking {
            holders.entry(id).or_default().push(t);
        }
    }
    let expected: BTreeSet<&str> = holders
        .iter()
        .filter(|(_, hs)| {
            let upto: Vec<_> = hs.iter().filter(|t| t.day.as_str() < to.as_str()).collect();
            upto.len() >= 2 && upto.iter().all(|t| t.day.as_str() >= from.as_str())
        })
        .map(|(id, _)| *id)
        .collect();
    let got: BTreeSet<&str> = b.hubs.iter().map(|h| h.value.as_str()).collect();
    let cases_of = |id: &str| {
        holders[id]
            .iter()
            .filter(|t| t.day.as_str() < to.as_str())
            .count()
    };
    assert_eq!(b.hubs_total, expected.len());
    if expected.len() <= bulletin::HUB_LINES {
        assert_eq!(got, expected);
    } else {
        // The first HUB_LINES by cases: none left out holds more cases than one listed.
        assert_eq!(got.len(), bulletin::HUB_LINES);
        assert!(got.is_subset(&expected), "{:?}", got.difference(&expected));
        let least = got.iter().map(|id| cases_of(id)).min().unwrap_or(0);
        let most_left = expected
            .difference(&got)
            .map(|id| cases_of(id))
            .max()
            .unwrap_or(0);
        assert!(least >= most_left, "{least} listed, {most_left} left out");
    }
    for h in &b.hubs {
        assert_eq!(h.cases as usize, cases_of(&h.value), "{h:?}");
    }
}

#[test]
fn the_html_bulletin_is_one_well_formed_file_with_victims_masked() {
    let w = WorkDir::new();
    six_weeks(&w);
    w.ok(&["bulletin", "--week", WEEK, "-o", "out/bulletin.html"]);
    let html = std::fs::read_to_string(w.join("out/bulletin.html")).expect("written");

    // Well-formed: an XML parser reads it whole.
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    let doc = roxmltree::Document::parse_with_options(&html, options).expect("well-formed markup");
    let svgs = doc.descendants().filter(|n| n.has_tag_name("svg")).count();
    assert_eq!(svgs, 2, "the weekly-loss and scam-type charts");
    let bars = doc.descendants().filter(|n| n.has_tag_name("rect")).count();
    assert!(bars >= 12, "a bar per week charted and per type: {bars}");
    // Nothing outside the file: no address, no reference an element could load.
    let lower = html.to_lowercase();
    for outside in ["http:", "https:", "//", "src=", "href=", "url(", "@import"] {
        assert!(!lower.contains(outside), "{outside} in the bulletin");
    }
    for n in doc.descendants() {
        assert!(
            n.attributes()
                .all(|a| !matches!(a.name(), "src" | "href" | "xlink:href")),
            "{n:?}"
        );
    }
    // The section titles and the week's figures.
    let text: String = doc
        .descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect();
    for section in [
        "Reports and loss",
        "By scam type",
        "Largest losses",
        "Groups:",
        "To freeze or block",
        "Scripts of the period",
    ] {
        assert!(text.contains(section), "no {section}");
    }
    let cases = truth(&w);
    let period = Period::parse_week(WEEK).expect("week");
    let reports = cases.iter().filter(|t| in_period(t, &period)).count();
    assert!(text.contains(&format!("{reports}")), "the week's reports");

    // Victims masked: no victim's phone number in any written form (its digits
    // read out of each cell, separators and all), no name.
    let cells: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("td"))
        .filter_map(|n| n.text())
        .map(|t| t.chars().filter(char::is_ascii_digit).collect())
        .collect();
    for t in &cases {
        let national = t.victim_phone.trim_start_matches("+86");
        assert!(national.len() >= 7, "{t:?}");
        assert!(
            !cells.iter().any(|c| c.contains(national)),
            "victim phone {national} in the bulletin"
        );
    }
    let store = w.store();
    let mut stmt = store
        .connection()
        .prepare("SELECT DISTINCT victim_name FROM cases")
        .unwrap();
    let names: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(names.len() > 100);
    let masked_largest = doc
        .descendants()
        .filter(|n| n.has_tag_name("td"))
        .filter_map(|n| n.text())
        .filter(|t| t.contains('*'))
        .count();
    assert!(masked_largest >= 10, "the largest losses' victims, masked");
    for name in names.iter().filter(|n| n.trim().chars().count() >= 2) {
        assert!(
            !html.contains(name.trim()),
            "victim name {name} in the bulletin"
        );
    }
}

#[test]
fn markdown_and_workbook_carry_the_same_week() {
    let w = WorkDir::new();
    six_weeks(&w);
    let md = w.ok(&["bulletin", "--week", WEEK]);
    let store = w.store();
    let period = Period::parse_week(WEEK).expect("week");
    let b = bulletin::build(store.connection(), Which::Given(period)).expect("bulletin");
    assert!(md.starts_with("# 警情通报 Weekly bulletin — 2026-W48 (2026-11-23 – 2026-11-29)"));
    assert!(
        md.contains(&format!("| Reports | **{}** |", b.now().reports)),
        "{md}"
    );
    // A masked name is text, not emphasis.
    assert!(md.contains("\\*"), "masked victims escaped");

    w.ok(&["bulletin", "--week", WEEK, "-o", "b.xlsx"]);
    use calamine::{Reader, open_workbook_auto};
    let mut book = open_workbook_auto(w.join("b.xlsx")).expect("a workbook");
    assert_eq!(
        book.sheet_names(),
        [
            "Summary",
            "Scam types",
            "Largest losses",
            "Groups",
            "Freeze or block",
            "Scripts"
        ]
    );
    let summary = book.worksheet_range("Summary").expect("summary");
    let week_row: Vec<String> = summary
        .rows()
        .find(|r| r.first().is_some_and(|c| *c == WEEK))
        .expect("the week's row")
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(week_row[1], b.now().reports.to_string());
    let hubs = book.worksheet_range("Freeze or block").expect("hubs");
    assert_eq!(hubs.rows().count(), 1 + b.hubs.len());

    // A file name that says no format is refused, naming what would do.
    let out = w.run(&["bulletin", "--week", WEEK, "-o", "b.pdf"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains(".md, .html or .xlsx"));
    let out = w.run(&["bulletin", "--week", "2026-W60"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("YEAR-Wnn"));
    let out = w.run(&["bulletin", "--since", "2026-11-01"]);
    assert!(!out.status.success(), "--since needs --until");
}

/// The freeze/block list is what is still to request: an identifier tagged 已止付 or
/// 已冻结 (through `casebench tag`, in any format) leaves it; another tag does not.
#[test]
fn what_is_already_requested_leaves_the_freeze_list() {
    let w = WorkDir::new();
    six_weeks(&w);
    let period = Period::parse_week(WEEK).expect("week");
    let read = || {
        let store = w.store();
        bulletin::build(store.connection(), Which::Given(period)).expect("bulletin")
    };
    let before = read();
    assert!(before.hubs.len() >= 3, "{:?}", before.hubs);
    let (stopped, frozen, reviewed) = (&before.hubs[0], &before.hubs[1], &before.hubs[2]);
    w.ok(&["tag", &stopped.value, "已止付"]);
    w.ok(&["tag", &frozen.value, "已冻结"]);
    w.ok(&["tag", &reviewed.value, "已研判"]);
    let after = read();
    let listed: BTreeSet<&str> = after.hubs.iter().map(|h| h.value.as_str()).collect();
    assert_eq!(after.hubs_total, before.hubs_total - 2);
    assert!(!listed.contains(stopped.value.as_str()));
    assert!(!listed.contains(frozen.value.as_str()));
    assert!(listed.contains(reviewed.value.as_str()));
    // Taking the tag off puts it back.
    w.ok(&["tag", &stopped.value, "已止付", "--undo"]);
    assert_eq!(read().hubs_total, before.hubs_total - 1);
}
