//! Tests of the generator against its own answer key: what the files hold must be
//! what `truth.tsv` says, in the noisy forms, and the truth must be self-consistent.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use super::words::{Col, EXTRAS, FIELDS, aliases};
use super::*;

fn run(reports: usize, weeks: usize, seed: u64, dir: &Path) -> GenSummary {
    let opts = GenOptions {
        reports,
        weeks,
        seed,
        narrative: NARRATIVE_SHARE,
        out: dir.to_path_buf(),
    };
    let mut last = 0;
    let sum = generate(&opts, &mut |n| last = n).expect("generate");
    assert!(last >= reports, "progress ended at {last}");
    sum
}

/// How the importer reads a file: BOM, else strict UTF-8, else GB18030.
fn decode(bytes: &[u8]) -> (String, &'static str) {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return (
            String::from_utf8(rest.to_vec()).expect("utf-8 after BOM"),
            "utf-8-bom",
        );
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_string(), "utf-8"),
        Err(_) => {
            let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
            assert!(!had_errors, "GB18030 decode errors");
            (text.into_owned(), "gb18030")
        }
    }
}

/// The field a header names (alias table, case-insensitive), or None for an unknown column.
fn field_of(header: &str) -> Option<Col> {
    let h = header.trim().to_lowercase();
    FIELDS.into_iter().find(|&c| {
        let (en, zh, codes) = aliases(c);
        en.iter()
            .chain(zh)
            .chain(codes)
            .any(|a| a.to_lowercase() == h)
    })
}

struct File {
    encoding: &'static str,
    headers: Vec<String>,
    /// Line of the record's start → its cells.
    rows: BTreeMap<u64, Vec<String>>,
    crlf: bool,
}

fn read_file(path: &Path) -> File {
    let bytes = std::fs::read(path).expect("read batch");
    let (text, encoding) = decode(&bytes);
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let headers = rdr
        .headers()
        .expect("headers")
        .iter()
        .map(str::to_string)
        .collect();
    let mut rows = BTreeMap::new();
    for rec in rdr.records() {
        let rec = rec.expect("record");
        // The physical line the record starts on. (csv's `Position::line()` is one
        // short in CRLF files: the previous record's `\n` is not consumed yet.)
        let mut start = rec.position().expect("position").byte() as usize;
        while matches!(text.as_bytes().get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        let line = 1 + text.as_bytes()[..start]
            .iter()
            .filter(|&&c| c == b'\n')
            .count() as u64;
        rows.insert(line, rec.iter().map(str::to_string).collect());
    }
    File {
        encoding,
        headers,
        rows,
        crlf: text.contains("\r\n"),
    }
}

#[derive(Debug, Clone)]
struct Truth {
    report_no: String,
    file: String,
    line: u64,
    gang: String,
    scam_type: String,
    victim_phone: String,
    linking: Vec<String>,
    partials: Vec<String>,
    officials: Vec<String>,
    planted: String,
    group: String,
    reported_at: String,
    amount_fen: u64,
    victim_own: Vec<String>,
    in_narrative: Vec<String>,
}

fn list(s: &str) -> Vec<String> {
    s.split(';')
        .filter(|v| !v.is_empty())
        .map(str::to_string)
        .collect()
}

fn read_truth(path: &Path) -> Vec<Truth> {
    let text = std::fs::read_to_string(path).expect("truth");
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some(
            "report_no\tfile\tline\tgang\tscam_type\tvictim_phone\tlinking\tpartials\tofficials\tplanted\tgroup\treported_at\tamount_fen\tvictim_own\tin_narrative"
        )
    );
    lines
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f.len(), 15, "{l}");
            Truth {
                report_no: f[0].into(),
                file: f[1].into(),
                line: f[2].parse().expect("line"),
                gang: f[3].into(),
                scam_type: f[4].into(),
                victim_phone: f[5].into(),
                linking: list(f[6]),
                partials: list(f[7]),
                officials: list(f[8]),
                planted: f[9].into(),
                group: f[10].into(),
                reported_at: f[11].into(),
                amount_fen: f[12].parse().expect("amount"),
                victim_own: list(f[13]),
                in_narrative: list(f[14]),
            }
        })
        .collect()
}

/// Digits of a cell, reading full-width and Chinese digits (`幺` = 1) as digits.
fn digits(cell: &str) -> String {
    cell.chars()
        .filter_map(|c| match c {
            '0'..='9' => Some(c),
            '０'..='９' => char::from_u32(c as u32 - 0xFF10 + u32::from(b'0')),
            '〇' => Some('0'),
            '一' | '幺' => Some('1'),
            '二' => Some('2'),
            '三' => Some('3'),
            '四' => Some('4'),
            '五' => Some('5'),
            '六' => Some('6'),
            '七' => Some('7'),
            '八' => Some('8'),
            '九' => Some('9'),
            _ => None,
        })
        .collect()
}

/// Our own inverse of the amount forms, to fen.
fn parse_amount(s: &str) -> u64 {
    let t: String = s
        .chars()
        .filter(|c| !matches!(c, '¥' | '￥' | ',' | '元'))
        .collect();
    let (num, mult) = match t.strip_suffix('万') {
        Some(n) => (n, 10_000.0),
        None => (t.as_str(), 1.0),
    };
    let v: f64 = num.parse().unwrap_or_else(|_| panic!("amount {s:?}"));
    (v * mult * 100.0).round() as u64
}

/// Our own inverse of the date forms: `YYYY-MM-DD` or `YYYY-MM-DD HH:MM`.
fn parse_date(s: &str) -> String {
    let n: Vec<u32> = s
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .map(|p| p.parse().expect("date part"))
        .collect();
    match n.as_slice() {
        [y, m, d] => format!("{y}-{m:02}-{d:02}"),
        [y, m, d, hh, mm] => format!("{y}-{m:02}-{d:02} {hh:02}:{mm:02}"),
        _ => panic!("date {s:?}"),
    }
}

fn cell<'a>(file: &File, row: &'a [String], col: Col) -> Option<&'a str> {
    let i = file.headers.iter().position(|h| field_of(h) == Some(col))?;
    row.get(i).map(String::as_str)
}

#[test]
fn same_seed_same_bytes_other_seed_other_bytes() {
    let (a, b, c) = (
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
    );
    let sa = run(800, 4, 42, a.path());
    run(800, 4, 42, b.path());
    run(800, 4, 43, c.path());
    let mut names: Vec<_> = sa
        .files
        .iter()
        .map(|p| p.file_name().unwrap().to_owned())
        .collect();
    names.push("truth.tsv".into());
    let mut differs = false;
    for n in &names {
        let x = std::fs::read(a.path().join(n)).unwrap();
        assert_eq!(x, std::fs::read(b.path().join(n)).unwrap(), "{n:?} differs");
        differs |= x != std::fs::read(c.path().join(n)).unwrap();
    }
    assert!(differs, "another seed wrote the same files");
}

#[test]
fn files_rows_and_truth_agree() {
    check_files(3000, 5, 9);
    check_files(1500, 4, 2);
}

#[test]
#[ignore]
fn files_rows_and_truth_agree_many_seeds() {
    for seed in 100..130 {
        check_files(1500, 5, seed);
    }
}

fn check_files(n: usize, weeks: usize, seed: u64) {
    let dir = tempfile::tempdir().unwrap();
    let sum = run(n, weeks, seed, dir.path());
    assert_eq!(sum.reports, n);
    assert_eq!(sum.files.len(), weeks);
    assert_eq!(sum.truth.file_name().unwrap(), "truth.tsv");
    let names: Vec<String> = (1..=weeks).map(|w| format!("batch-{w:02}.csv")).collect();
    for (p, name) in sum.files.iter().zip(&names) {
        assert_eq!(p.file_name().unwrap().to_str().unwrap(), name);
    }
    let truth = read_truth(&sum.truth);
    let files: HashMap<String, File> = names
        .iter()
        .map(|f| (f.clone(), read_file(&dir.path().join(f))))
        .collect();

    // Every row is in the truth and the other way round.
    let rows: usize = files.values().map(|f| f.rows.len()).sum();
    assert_eq!(rows, truth.len());
    let planted: Vec<&Truth> = truth.iter().filter(|t| !t.planted.is_empty()).collect();
    assert_eq!(truth.len() - planted.len(), n);
    for kind in ["no_report_no", "conflict", "duplicate", "ragged"] {
        assert!(
            planted.iter().any(|t| t.planted == kind),
            "no {kind} row planted"
        );
    }
    assert!(sum.gangs > 100 && sum.gangs < n);

    // Headers: all from the alias table (or the known extras); the required ones there.
    for f in files.values() {
        let mut seen = HashSet::new();
        for h in &f.headers {
            match field_of(h) {
                Some(c) => assert!(seen.insert(format!("{c:?}")), "{h} twice"),
                None => assert!(
                    EXTRAS.iter().any(|(zh, en)| h == zh || h == en),
                    "unknown header {h}"
                ),
            }
        }
        for c in FIELDS
            .iter()
            .filter(|&&c| c != Col::OccurredAt && c != Col::Contact)
        {
            assert!(
                seen.contains(&format!("{c:?}")),
                "{c:?} missing in {:?}",
                f.headers
            );
        }
    }
    let styles = |pred: fn(&str) -> bool| files.values().any(|f| f.headers.iter().any(|h| pred(h)));
    assert!(
        styles(|h| ["JJBH", "AJBH", "JYAQ"].contains(&h)),
        "no police-code file"
    );
    assert!(
        styles(|h| ["案件编号", "警情编号", "报案编号", "接警编号"].contains(&h)),
        "no Chinese file"
    );
    assert!(
        styles(|h| h.is_ascii() && h.contains('_')),
        "no English file"
    );
    assert!(
        files
            .values()
            .flat_map(|f| f.rows.values())
            .flatten()
            .any(|c| c == "order brushing" || c == "fake police"),
        "no English scam-type label"
    );
    let encodings: HashSet<&str> = files.values().map(|f| f.encoding).collect();
    assert!(
        encodings.contains("gb18030")
            && encodings.contains("utf-8-bom")
            && encodings.contains("utf-8")
    );
    assert!(files.values().any(|f| f.crlf));

    let mut by_no: HashMap<&str, Vec<&Truth>> = HashMap::new();
    for t in &truth {
        by_no.entry(t.report_no.as_str()).or_default().push(t);
        let f = &files[&t.file];
        let row = f
            .rows
            .get(&t.line)
            .unwrap_or_else(|| panic!("{}:{} missing", t.file, t.line));
        if t.planted == "ragged" {
            assert_eq!(row.len() + 1, f.headers.len(), "ragged row not ragged");
        } else {
            assert_eq!(row.len(), f.headers.len());
        }
        let rn = cell(f, row, Col::ReportNo).unwrap_or("");
        assert_eq!(rn, t.report_no);
        if t.planted == "no_report_no" {
            assert!(rn.is_empty());
        } else if t.planted == "ragged" && rn.is_empty() {
            // The ragged row lost its report_no cell.
        } else {
            assert!(rn.starts_with("JJ2026") && rn.len() == 16, "{rn}");
        }
        // Identifiers appear in the caller / account / contact cells or the narrative,
        // in some written form; the ones said to be only in the narrative are there.
        let scam = [Col::Caller, Col::Account, Col::Contact, Col::Script]
            .map(|c| cell(f, row, c).unwrap_or("").to_string())
            .join("\n");
        let columns = [Col::Caller, Col::Account, Col::Contact]
            .map(|c| cell(f, row, c).unwrap_or("").to_string())
            .join("\n");
        let script = cell(f, row, Col::Script).unwrap_or("");
        let written_in = |text: &str, id: &str| {
            let (d, lower) = (digits(text), text.to_lowercase());
            if id.contains('@') || id.starts_with(|c: char| c.is_ascii_lowercase()) {
                lower.contains(id)
            } else if let Some(nat) = id.strip_prefix("+86") {
                d.contains(nat)
            } else {
                d.contains(id.trim_start_matches('+'))
            }
        };
        for id in &t.in_narrative {
            assert!(
                t.linking.contains(id),
                "{id} in the narrative but not linking"
            );
            assert!(written_in(script, id), "{id} not in {script:?}");
            assert!(!written_in(&columns, id), "{id} also in {columns:?}");
        }
        for id in &t.victim_own {
            assert!(!t.linking.contains(id), "{id} is the victim's and linking");
            assert!(
                digits(script).contains(id.as_str()),
                "{id} not in {script:?}"
            );
        }
        let (d, lower) = (digits(&scam), scam.to_lowercase());
        for id in &t.linking {
            let ok = if id.contains('@') || id.starts_with(|c: char| c.is_ascii_lowercase()) {
                lower.contains(id.as_str())
            } else if let Some(nat) = id.strip_prefix("+86") {
                d.contains(nat)
            } else {
                d.contains(id.trim_start_matches('+'))
            };
            assert!(ok, "{id} not in {scam:?}");
        }
        for id in t.officials.iter().chain(&t.partials) {
            let tail: String = id.chars().rev().take_while(char::is_ascii_digit).collect();
            let tail: String = tail.chars().rev().collect();
            assert!(tail.len() >= 4 && d.contains(&tail), "{id} not in {scam:?}");
        }
        if let Some(v) = cell(f, row, Col::VictimPhone) {
            assert!(
                digits(v).contains(&t.victim_phone[3..]),
                "{} vs {v}",
                t.victim_phone
            );
        }
        if let Some(a) = cell(f, row, Col::Amount) {
            assert_eq!(parse_amount(a), t.amount_fen, "{a}");
        }
        if let Some(r) = cell(f, row, Col::ReportedAt) {
            assert_eq!(parse_date(r), t.reported_at, "{r}");
            assert!(t.reported_at.starts_with("2026-1"), "{}", t.reported_at);
        }
        if let (Some(o), false) = (cell(f, row, Col::OccurredAt), t.reported_at.is_empty()) {
            assert!(
                parse_date(o)[..10] <= t.reported_at[..10],
                "occurred after report"
            );
        }
        if t.planted != "ragged" {
            let script = cell(f, row, Col::Script).unwrap_or("");
            assert!(!script.is_empty() && !script.contains('{'), "{script:?}");
        }
    }

    // report_no unique but for the planted conflict and duplicate.
    for (no, ts) in &by_no {
        if no.is_empty() || (ts.len() == 1 && ts[0].planted == "ragged") {
            continue;
        }
        let extra: Vec<&&Truth> = ts.iter().filter(|t| !t.planted.is_empty()).collect();
        assert_eq!(ts.len(), 1 + extra.len(), "{no}");
        let orig = ts
            .iter()
            .find(|t| t.planted.is_empty())
            .unwrap_or_else(|| panic!("{no}: no original"));
        for e in extra {
            assert!(
                e.file > orig.file,
                "{no}: the repeat must come in a later file"
            );
            match e.planted.as_str() {
                "conflict" => assert_ne!(e.amount_fen, orig.amount_fen),
                "duplicate" => {
                    let (fo, fe) = (&files[&orig.file], &files[&e.file]);
                    assert_eq!(fo.headers, fe.headers);
                    assert_eq!(
                        fo.rows[&orig.line], fe.rows[&e.line],
                        "{no}: not an exact duplicate"
                    );
                    assert_eq!(e.group, orig.group);
                }
                other => panic!("{no}: {other} shares a report_no"),
            }
        }
    }
}

#[test]
fn identifiers_are_gang_private_and_groups_are_components() {
    let dir = tempfile::tempdir().unwrap();
    let sum = run(5000, 5, 3, dir.path());
    let truth = read_truth(&sum.truth);
    let cases: Vec<&Truth> = truth.iter().filter(|t| t.planted.is_empty()).collect();
    let officials = [
        "95118",
        "95188",
        "95588",
        "95533",
        "95599",
        "95566",
        "95555",
        "4006065500",
    ];
    let mut gang_of: HashMap<&str, &str> = HashMap::new();
    let victims: HashSet<&str> = truth.iter().map(|t| t.victim_phone.as_str()).collect();
    for t in &truth {
        for id in &t.linking {
            let g = gang_of.entry(id.as_str()).or_insert(t.gang.as_str());
            assert_eq!(*g, t.gang, "{id} shared by two gangs");
            assert!(!officials.contains(&id.as_str()));
            assert!(
                !victims.contains(id.as_str()),
                "{id} is also a victim's phone"
            );
            let qq = (6..=10).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_digit());
            let wechat = id.starts_with(|c: char| c.is_ascii_lowercase()) && !id.contains('@');
            assert!(
                id.starts_with('+') || id.contains('@') || id.len() >= 16 || qq || wechat,
                "{id}"
            );
        }
        for o in &t.officials {
            assert!(officials.contains(&o.as_str()), "{o}");
        }
    }
    // Some victims come back, hit by another gang.
    let mut victim_gangs: HashMap<&str, HashSet<&str>> = HashMap::new();
    for t in &cases {
        victim_gangs
            .entry(&t.victim_phone)
            .or_default()
            .insert(&t.gang);
    }
    assert!(victim_gangs.values().any(|g| g.len() > 1));

    // Connected components over the linking identifiers.
    let mut parent: Vec<usize> = (0..cases.len()).collect();
    fn find(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    let mut first: HashMap<&str, usize> = HashMap::new();
    for (i, t) in cases.iter().enumerate() {
        for id in &t.linking {
            let j = *first.entry(id.as_str()).or_insert(i);
            let (a, b) = (find(&mut parent, i), find(&mut parent, j));
            parent[a] = b;
        }
    }
    let mut comps: HashMap<usize, Vec<&Truth>> = HashMap::new();
    for (i, t) in cases.iter().enumerate() {
        let r = find(&mut parent, i);
        comps.entry(r).or_default().push(t);
    }
    let mut labels = HashSet::new();
    let mut gang_linked: HashMap<&str, HashSet<&str>> = HashMap::new();
    for members in comps.values() {
        let earliest = members.iter().map(|t| t.report_no.as_str()).min().unwrap();
        for t in members {
            assert_eq!(t.group, format!("G-{earliest}"), "{}", t.report_no);
            if !t.linking.is_empty() {
                gang_linked.entry(&t.gang).or_default().insert(&t.group);
            }
        }
        assert!(labels.insert(earliest));
        let gangs: HashSet<&str> = members.iter().map(|t| t.gang.as_str()).collect();
        assert_eq!(gangs.len(), 1);
    }
    // A gang's reports that link at all form one group.
    for (g, groups) in gang_linked {
        assert_eq!(groups.len(), 1, "{g} split into {groups:?}");
    }
    // The realism the analysts expect: big gangs, many small ones, every scam type.
    let mut sizes: HashMap<&str, usize> = HashMap::new();
    for t in &cases {
        *sizes.entry(&t.gang).or_default() += 1;
    }
    assert!(sizes.values().any(|&s| s >= 20));
    assert!(sizes.values().filter(|&&s| s <= 3).count() > sizes.len() / 2);
    let types: HashSet<&str> = cases.iter().map(|t| t.scam_type.as_str()).collect();
    assert_eq!(types.len(), 8, "{types:?}");
    let all_ids: Vec<&String> = cases.iter().flat_map(|t| &t.linking).collect();
    for prefix in [
        "+86170", "+86171", "+855", "+95", "+63", "+60", "+886", "+852", "2088",
    ] {
        assert!(all_ids.iter().any(|i| i.starts_with(prefix)), "no {prefix}");
    }
    assert!(all_ids.iter().any(|i| i.contains('@')));
    assert!(all_ids.iter().any(|i| i.len() == 18 && i.starts_with('6')));
    assert!(cases.iter().any(|t| !t.partials.is_empty()));
    assert!(cases.iter().any(|t| !t.officials.is_empty()));
}

#[test]
fn gb18030_files_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let sum = run(400, 5, 11, dir.path());
    let mut found = false;
    for p in &sum.files {
        let bytes = std::fs::read(p).unwrap();
        if std::str::from_utf8(&bytes).is_ok() {
            continue;
        }
        found = true;
        let (text, enc) = decode(&bytes);
        assert_eq!(enc, "gb18030");
        let (again, _, _) = encoding_rs::GB18030.encode(&text);
        assert_eq!(again.as_ref(), bytes.as_slice());
        let f = read_file(p);
        assert!(
            f.headers
                .iter()
                .all(|h| field_of(h).is_some() || EXTRAS.iter().any(|(z, e)| h == z || h == e))
        );
        let rows = f
            .rows
            .values()
            .flatten()
            .cloned()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(rows.contains("JJ2026"));
        assert!(
            rows.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "no Chinese text after decoding"
        );
    }
    assert!(found, "no GB18030 file");
}

#[test]
fn tiny_and_odd_sizes() {
    for (n, w) in [(0, 1), (1, 1), (3, 5), (10, 2), (50, 8)] {
        let dir = tempfile::tempdir().unwrap();
        let sum = run(n, w, 5, dir.path());
        assert_eq!(sum.files.len(), w);
        let truth = read_truth(&sum.truth);
        assert_eq!(truth.iter().filter(|t| t.planted.is_empty()).count(), n);
        for p in &sum.files {
            assert!(!read_file(p).headers.is_empty());
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let bad = GenOptions {
        reports: 5,
        weeks: 0,
        seed: 1,
        narrative: NARRATIVE_SHARE,
        out: dir.path().into(),
    };
    assert!(generate(&bad, &mut |_| {}).is_err());
}

/// Timing run: `cargo test --release --lib generate::tests::million -- --ignored --nocapture`.
#[test]
#[ignore]
fn million() {
    let dir = tempfile::tempdir().unwrap();
    let opts = GenOptions {
        reports: 1_000_000,
        weeks: 5,
        seed: 1,
        narrative: NARRATIVE_SHARE,
        out: dir.path().into(),
    };
    let t = std::time::Instant::now();
    let plan = plan::Plan::new(&opts);
    let planned = t.elapsed().as_secs_f64();
    let mut marks = Vec::new();
    let sum = write::write_all(&plan, &opts, &mut |n| {
        marks.push((n, t.elapsed().as_secs_f64()))
    })
    .unwrap();
    for w in 0..opts.weeks {
        let rows = plan.rows[..=w].iter().map(Vec::len).sum::<usize>();
        let at = marks.iter().find(|(n, _)| *n >= rows).map_or(0.0, |m| m.1);
        let l = &plan.layouts[w];
        let enc = match l.encoding {
            plan::Encoding::Gb18030 => "gb18030",
            plan::Encoding::Utf8Bom => "utf-8 bom",
            plan::Encoding::Utf8 => "utf-8",
        };
        println!(
            "week {}: {} rows, {enc}, done at {at:.2} s",
            w + 1,
            plan.rows[w].len()
        );
    }
    let secs = t.elapsed().as_secs_f64();
    let bytes: u64 = sum
        .files
        .iter()
        .map(|p| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0))
        .sum();
    println!(
        "1M reports, {} gangs, {} MB: plan {planned:.2} s, total {secs:.2} s",
        sum.gangs,
        bytes / 1_000_000
    );
}

/// Writes a sample to `$GEN_OUT` for eyeballing:
/// `GEN_OUT=/tmp/x cargo test --lib generate::tests::sample -- --ignored`.
#[test]
#[ignore]
fn sample() {
    if let Ok(out) = std::env::var("GEN_OUT") {
        run(2000, 5, 1, Path::new(&out));
    }
}
