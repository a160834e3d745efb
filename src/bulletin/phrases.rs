//! The scripts of the week: the phrases this period's narratives use distinctly more
//! than the earlier periods' did.
//!
//! How: every narrative is cut into runs of Chinese characters (digits, Latin text,
//! punctuation and masked `*` end a run: identifiers are the hubs section's business,
//! and a victim's masked name never joins a phrase). Each run gives its character
//! n-grams of 3 to 6 characters, counted once per narrative (document frequency), so
//! one long narrative repeating itself does not make a script; a gram that is mostly
//! Chinese numerals (`幺三八…`, a number written out) is left out. A gram must be in
//! a share of this period's narratives (three at least, one in 200 when there are
//! more). Those are scored by the log-odds ratio of their document frequency here
//! against the earlier periods', with an add-one prior on both sides, divided by its
//! standard error (`δ / sqrt(1/(f+1) + 1/(b+1))`, as Monroe, Colaresi and Quinn's
//! "fightin' words"): a phrase every week uses ("受害人称") scores near zero, a new one
//! that many cases use scores high, and a rare one is not made distinctive by having
//! no past. Then overlapping grams are merged into one phrase, best first: a gram
//! inside a phrase already chosen is dropped, a longer form stands for it when most
//! of its narratives have it, and two that overlap (`日结兼职` + `结兼职短信`) become
//! one (`日结兼职短信`) when the joined text itself is in most of the narratives
//! either had (else the better one stands for both).
//!
//! Cost: one pass over this period's text (grams hashed once each), one pass over the
//! earlier text that only looks grams up (nothing is inserted); then for the few
//! phrases chosen (30 at most) one substring scan of this period's text each, a
//! longer or joined form looked for only in the narratives its phrase is in, and one
//! scan of the earlier text per joined phrase: linear in the text.

use std::collections::HashMap;

/// Shortest and longest gram, in characters.
const MIN_GRAM: usize = 3;
const MAX_GRAM: usize = 6;
/// A phrase of the week is in this many of its narratives at least ...
const MIN_SUPPORT: u32 = 3;
/// ... and in one in this many of them.
const MIN_SHARE: usize = 200;
/// Candidates merged into phrases (the best grams by score).
const CANDIDATES: usize = 300;

/// A distinctive phrase of the period.
#[derive(Debug, Clone, PartialEq)]
pub struct Phrase {
    pub text: String,
    /// Narratives of the period holding it.
    pub cases: u32,
    /// Narratives of the earlier periods holding it.
    pub earlier_cases: u32,
    /// Log-odds ratio, this period against the earlier ones, over its standard error.
    pub score: f64,
}

/// The `top` most distinctive phrases of `now` against `earlier` (both: narratives,
/// victims already masked).
pub fn distinctive(now: &[String], earlier: &[String], top: usize) -> Vec<Phrase> {
    if now.is_empty() || top == 0 {
        return Vec::new();
    }
    // Document frequency in this period; the last narrative counted, so a gram is
    // counted once per narrative.
    let mut df: HashMap<&str, (u32, usize)> = HashMap::new();
    for (doc, text) in now.iter().enumerate() {
        for gram in grams(text) {
            let e = df.entry(gram).or_insert((0, usize::MAX));
            if e.1 != doc {
                *e = (e.0 + 1, doc);
            }
        }
    }
    let support = MIN_SUPPORT.max((now.len() / MIN_SHARE) as u32);
    df.retain(|g, e| e.0 >= support && !mostly_numerals(g));
    let mut before: HashMap<&str, (u32, usize)> =
        df.keys().map(|&g| (g, (0, usize::MAX))).collect();
    for (doc, text) in earlier.iter().enumerate() {
        for gram in grams(text) {
            if let Some(e) = before.get_mut(gram)
                && e.1 != doc
            {
                *e = (e.0 + 1, doc);
            }
        }
    }
    let (n, m) = (now.len() as f64, earlier.len() as f64);
    let score = |f: u32, b: u32| {
        let (f, b) = (f64::from(f), f64::from(b));
        let delta = ((f + 1.0) / (n - f + 1.0)).ln() - ((b + 1.0) / (m - b + 1.0)).ln();
        delta / (1.0 / (f + 1.0) + 1.0 / (b + 1.0)).sqrt()
    };
    let mut scored: Vec<Phrase> = df
        .iter()
        .map(|(&g, &(f, _))| {
            let b = before.get(g).map_or(0, |e| e.0);
            Phrase {
                text: g.to_string(),
                cases: f,
                earlier_cases: b,
                score: score(f, b),
            }
        })
        .filter(|p| p.score > 0.0)
        .collect();
    // Best first; on a tie the longer, then the text (a stable order for the same data).
    scored.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(b.text.chars().count().cmp(&a.text.chars().count()))
            .then(a.text.cmp(&b.text))
    });
    scored.truncate(CANDIDATES);

    // Each phrase chosen with the narratives of this period that hold it: a longer
    // or joined form is looked for in those alone (it holds the phrase).
    let mut chosen: Vec<(Phrase, Vec<u32>)> = Vec::new();
    // Most of the narratives: what a longer or joined phrase must keep of a shorter
    // one's to stand for it (4 in 5).
    let most = |have: u32, of: u32| have >= support && have * 5 >= of * 4;
    let holding = |docs: &[u32], text: &str| -> Vec<u32> {
        docs.iter()
            .copied()
            .filter(|&d| now[d as usize].contains(text))
            .collect()
    };
    'next: for cand in scored {
        for (p, docs) in &mut chosen {
            if p.text.contains(&cand.text) {
                continue 'next;
            }
            if cand.text.contains(&p.text) {
                // A longer form of a phrase chosen: it stands for it when it is in
                // most of its narratives; either way one phrase is shown.
                if most(cand.cases, p.cases) {
                    *docs = holding(docs, &cand.text);
                    *p = cand;
                }
                continue 'next;
            }
            if let Some(joined) = join(&p.text, &cand.text).or_else(|| join(&cand.text, &p.text)) {
                // Overlapping grams are one phrase: joined when the joined text is
                // itself in most of the narratives of either part, else the better
                // part stands for both. Its count before is read at the end.
                let have = holding(docs, &joined);
                if most(have.len() as u32, p.cases.max(cand.cases)) {
                    *p = Phrase {
                        text: joined,
                        cases: have.len() as u32,
                        earlier_cases: u32::MAX,
                        score: 0.0,
                    };
                    *docs = have;
                }
                continue 'next;
            }
        }
        if chosen.len() < top * 3 {
            let all: Vec<u32> = (0..now.len() as u32).collect();
            let docs = holding(&all, &cand.text);
            chosen.push((cand, docs));
        }
    }
    let mut chosen: Vec<Phrase> = chosen.into_iter().map(|(p, _)| p).collect();
    for p in &mut chosen {
        if p.earlier_cases == u32::MAX {
            p.earlier_cases = earlier.iter().filter(|t| t.contains(&p.text)).count() as u32;
            p.score = score(p.cases, p.earlier_cases);
        }
    }
    // A phrase that a later merge grew over may now hold another chosen one.
    let texts: Vec<String> = chosen.iter().map(|p| p.text.clone()).collect();
    chosen.retain(|p| {
        !texts
            .iter()
            .any(|t| t != &p.text && t.contains(p.text.as_str()))
    });
    chosen.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(b.cases.cmp(&a.cases))
            .then(a.text.cmp(&b.text))
    });
    chosen.truncate(top);
    chosen
}

/// `a` then `b` written over their overlap, when the end of `a` (two characters at
/// least) is the start of `b`.
fn join(a: &str, b: &str) -> Option<String> {
    let b_chars: Vec<(usize, char)> = b.char_indices().collect();
    for k in (2..b_chars.len()).rev() {
        // The first k characters of b.
        let cut = b_chars.get(k).map_or(b.len(), |&(i, _)| i);
        if a.ends_with(&b[..cut]) && a.len() > cut {
            return Some(format!("{a}{}", &b[cut..]));
        }
    }
    None
}

/// Whether half a gram's characters or more are Chinese numerals: a number written
/// out (`三八幺`), not a script.
fn mostly_numerals(gram: &str) -> bool {
    let (mut numerals, mut all) = (0, 0);
    for c in gram.chars() {
        all += 1;
        if "〇零一二三四五六七八九十幺两壹贰叁肆伍陆柒捌玖拾".contains(c) {
            numerals += 1;
        }
    }
    numerals * 2 >= all
}

/// Whether a character can be part of a phrase: a Chinese character (CJK ideographs
/// and their extension A).
fn is_phrase_char(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}')
}

/// Every gram of `MIN_GRAM..=MAX_GRAM` characters of the runs of phrase characters
/// of `text`, as slices of it.
fn grams(text: &str) -> impl Iterator<Item = &str> {
    let mut out: Vec<&str> = Vec::new();
    // Byte offsets of the characters of the run being read.
    let mut run: Vec<usize> = Vec::new();
    for (i, c) in text.char_indices() {
        if is_phrase_char(c) {
            run.push(i);
        } else if !run.is_empty() {
            run_grams(text, &run, i, &mut out);
            run.clear();
        }
    }
    run_grams(text, &run, text.len(), &mut out);
    out.into_iter()
}

/// The grams of one run: `run` holds its characters' offsets, `end` where it stops.
fn run_grams<'t>(text: &'t str, run: &[usize], end: usize, out: &mut Vec<&'t str>) {
    for i in 0..run.len() {
        for n in MIN_GRAM..=MAX_GRAM {
            if i + n > run.len() {
                break;
            }
            let stop = run.get(i + n).copied().unwrap_or(end);
            out.push(&text[run[i]..stop]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn grams_stay_inside_runs_of_chinese_characters() {
        let g: Vec<&str> = grams("受害人称张**收到6222短信").collect();
        assert!(g.contains(&"受害人称张"));
        assert!(!g.contains(&"收到短"), "a gram never crosses digits");
        assert!(!g.iter().any(|s| s.contains('*') || s.contains('6')));
        assert!(grams("ab12").next().is_none());
    }

    #[test]
    fn the_new_script_of_the_week_stands_out_as_one_phrase() {
        // Every week says 受害人称 and 被对方拉黑; this week four cases speak of a
        // "日结兼职刷单" advert, which no earlier case did.
        let now = texts(&[
            "受害人称看到日结兼职刷单广告后转账，后被对方拉黑。",
            "受害人称在网上看到日结兼职刷单的信息，被对方拉黑。",
            "受害人称日结兼职刷单，被骗。",
            "事主称看到日结兼职刷单广告，后被对方拉黑。",
            "受害人称接到冒充客服电话，被对方拉黑。",
        ]);
        let earlier = texts(&[
            "受害人称接到冒充客服电话，后被对方拉黑。",
            "受害人称接到冒充公安电话，后被对方拉黑。",
            "受害人称网络贷款需交保证金，被对方拉黑。",
            "受害人称接到冒充客服电话，被对方拉黑。",
        ]);
        let top = distinctive(&now, &earlier, 3);
        assert_eq!(top[0].text, "日结兼职刷单", "{top:?}");
        assert_eq!((top[0].cases, top[0].earlier_cases), (4, 0));
        // The phrases every week uses are not scripts of the week.
        assert!(!top.iter().any(|p| p.text.contains("受害人称")), "{top:?}");
        assert!(
            !top.iter().any(|p| p.text.contains("被对方拉黑")),
            "{top:?}"
        );
        // No phrase is part of another shown.
        for p in &top {
            assert!(
                !top.iter()
                    .any(|q| q.text != p.text && q.text.contains(&p.text))
            );
        }
    }

    #[test]
    fn numbers_written_out_are_not_scripts() {
        assert!(mostly_numerals("幺三八"));
        assert!(mostly_numerals("幺八的来")); // half
        assert!(!mostly_numerals("幺的来电"));
        assert!(!mostly_numerals("添加一名客服"));
    }

    #[test]
    fn overlapping_grams_join_only_over_their_overlap() {
        assert_eq!(
            join("日结兼职", "结兼职短信").as_deref(),
            Some("日结兼职短信")
        );
        assert_eq!(join("日结兼职", "短信"), None);
    }
}
