//! The scam-type tagger on real case texts (police notices, news and court reports,
//! each row naming its source): per-class recall and precision on the held-out corpus
//! the phrase table was not written from, and plain texts left untagged.
//! `cargo test --test tests scam_tagger -- --nocapture` prints the tables.

use casebench::scamtype::Code;
use casebench::scamtype::tagger;

const BUILD: &str = include_str!("scam_texts/build.tsv");
const HELDOUT: &str = include_str!("scam_texts/heldout.tsv");
const PLAIN: &str = include_str!("scam_texts/plain.txt");

/// One corpus row: the category it was filed under, its text, its source.
struct Row<'a> {
    code: Code,
    text: &'a str,
    source: &'a str,
}

fn rows(tsv: &str) -> Vec<Row<'_>> {
    tsv.lines()
        .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
        .map(|line| {
            let mut cells = line.split('\t');
            let code = cells.next().unwrap_or_default();
            let text = cells.next().unwrap_or_default();
            let source = cells.next().unwrap_or_default();
            let code = Code::parse(code).unwrap_or_else(|| panic!("unknown code in {line}"));
            Row { code, text, source }
        })
        .collect()
}

/// Per class: texts of the class, of those tagged right, and all texts tagged as it.
struct Tally {
    code: Code,
    total: usize,
    right: usize,
    tagged: usize,
}

impl Tally {
    fn recall(&self) -> f64 {
        ratio(self.right, self.total)
    }
    fn precision(&self) -> f64 {
        ratio(self.right, self.tagged)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

const TEN: [Code; 10] = Code::CATEGORIES;

/// Tags every row, prints the per-class table and each miss, returns the tallies.
fn measure(name: &str, rows: &[Row<'_>]) -> Vec<Tally> {
    let mut tallies: Vec<Tally> = TEN
        .iter()
        .map(|code| Tally {
            code: *code,
            total: 0,
            right: 0,
            tagged: 0,
        })
        .collect();
    let mut untagged = 0;
    println!("\n{name}: {} texts", rows.len());
    for row in rows {
        let got = tagger::tag(row.text);
        for t in tallies.iter_mut() {
            if t.code == row.code {
                t.total += 1;
                if got == Some(row.code) {
                    t.right += 1;
                }
            }
            if got == Some(t.code) {
                t.tagged += 1;
            }
        }
        if got.is_none() {
            untagged += 1;
        }
        if got != Some(row.code) {
            println!(
                "  miss: {} tagged {} ({:?}) [{}]",
                row.code,
                got.map_or("none", |c| c.as_str()),
                tagger::matches(row.text),
                row.source
            );
        }
    }
    println!(
        "  {:<18} {:>5} {:>7} {:>9}",
        "class", "texts", "recall", "precision"
    );
    for t in &tallies {
        println!(
            "  {:<18} {:>5} {:>7.2} {:>9.2}",
            t.code.as_str(),
            t.total,
            t.recall(),
            t.precision()
        );
    }
    let right: usize = tallies.iter().map(|t| t.right).sum();
    println!(
        "  overall accuracy {:.3} ({right}/{}), untagged {untagged}",
        ratio(right, rows.len()),
        rows.len()
    );
    tallies
}

#[test]
fn corpora_are_well_formed_and_apart() {
    let build = rows(BUILD);
    let heldout = rows(HELDOUT);
    for row in build.iter().chain(&heldout) {
        assert!(row.text.chars().count() >= 20, "too short: {}", row.text);
        assert!(!row.source.is_empty(), "no source: {}", row.text);
    }
    for code in TEN {
        let b = build.iter().filter(|r| r.code == code).count();
        let h = heldout.iter().filter(|r| r.code == code).count();
        assert!(b >= 10, "{code}: {b} building texts");
        assert!(h >= 10, "{code}: {h} held-out texts");
    }
    // No text is in both corpora, and no held-out document is a building document.
    let doc = |source: &str| source.split_whitespace().next().unwrap_or("").to_string();
    let build_docs: std::collections::HashSet<String> =
        build.iter().map(|r| doc(r.source)).collect();
    for row in &heldout {
        assert!(
            !build.iter().any(|b| b.text == row.text),
            "in both corpora: {}",
            row.text
        );
        assert!(
            !build_docs.contains(&doc(row.source)),
            "held-out text from a building document: {}",
            row.source
        );
    }
}

/// Every building text reads as filed today (216 of 216: round one's building texts and
/// its held-out texts, moved here in round two); the floor leaves one miss a class for
/// a new building text that needs a phrase.
#[test]
fn building_corpus_reads_as_filed() {
    let tallies = measure("building corpus", &rows(BUILD));
    for t in &tallies {
        assert!(t.recall() >= 0.95, "{}: recall {:.2}", t.code, t.recall());
    }
}

#[test]
fn plain_texts_are_not_tagged() {
    let tagged: Vec<String> = PLAIN
        .lines()
        .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
        .filter_map(|line| {
            tagger::tag(line).map(|code| format!("{line} -> {code} {:?}", tagger::matches(line)))
        })
        .collect();
    assert!(
        tagged.is_empty(),
        "plain texts tagged:\n{}",
        tagged.join("\n")
    );
}

/// Round two's held-out figures, measured once with the phrase table as committed in
/// 1f17fcc (the texts were gathered and committed after it, in e8a08c0, and no phrase
/// was added or reweighted after the measurement): 82 of 114 read right, 29 untagged,
/// 3 tagged as a wrong class. Per class, right of texts: order_brushing 10/11,
/// investment 7/11, loan 10/12, customer_service 10/12, police 9/10, credit_record
/// 10/10, shopping 6/11, acquaintance 4/13, game_trade 10/10, romance 6/14.
/// BENCHMARKS.md ("Scam-type tagger") names the misses and what the table lacks.
///
/// The floors pin that level, text for text: each class must read at least as many of
/// its texts right, the set may hold at most 3 wrong tags (a wrong type is worse for an
/// analyst than none: an untagged case keeps source `none` and shows in `scam-types`, a
/// mistagged one hides in the wrong group), and 82 of 114 overall. They are not the
/// issue's aim of recall 0.9, which six classes miss; raising them must come from new
/// building texts, not from tuning on these.
const HELDOUT_FLOORS: [(Code, usize); 10] = [
    (Code::OrderBrushing, 10),
    (Code::Investment, 7),
    (Code::Loan, 10),
    (Code::CustomerService, 10),
    (Code::Police, 9),
    (Code::CreditRecord, 10),
    (Code::Shopping, 6),
    (Code::Acquaintance, 4),
    (Code::GameTrade, 10),
    (Code::Romance, 6),
];

#[test]
fn heldout_corpus_meets_its_floors() {
    let rows = rows(HELDOUT);
    let tallies = measure("held-out corpus", &rows);
    for (code, floor) in HELDOUT_FLOORS {
        let t = tallies
            .iter()
            .find(|t| t.code == code)
            .unwrap_or_else(|| panic!("no tally for {code}"));
        assert!(
            t.right >= floor,
            "{code}: {} of {} read right, floor {floor}",
            t.right,
            t.total
        );
    }
    let right: usize = tallies.iter().map(|t| t.right).sum();
    let tagged: usize = tallies.iter().map(|t| t.tagged).sum();
    let wrong = tagged - right;
    assert!(wrong <= 3, "{wrong} texts tagged as a wrong class");
    assert!(right >= 82, "overall {right}/{}", rows.len());
}
