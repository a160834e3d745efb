//! Identifiers in the narrative (`案情简述`) and whose they are.
//!
//! Police records often hold the identifiers only in the narrative, the other side's
//! next to the victim's own: `通过其工商银行卡（6212…）向对方提供的建行卡（6217…）转账`.
//! The cell scanner finds every identifier in the text, read as a query term is (cards,
//! phones in every format, Alipay ids, e-wallets; QQ and WeChat ids only after their cue
//! word, so a bare run of digits is never a QQ id). This module decides each one's
//! side from the words around it, by the tables below — the one place to read and
//! extend the rules:
//!
//! 1. an account holder named just after the identifier (`卡号：…，开户人：王某`): the
//!    victim → `victim`, anyone else → `other`;
//! 2. else the [`BEFORE`] word nearest before it in the same sentence (since the
//!    previous identifier, at most [`BEFORE_REACH`] characters back), a holder named
//!    there counting as such a word;
//! 3. else an [`AFTER`] word right after it (`13812345678的来电`);
//! 4. else, in a list (`对方的两张卡（A、B）`), the side of the identifier before it;
//! 5. else `mentioned`: searchable, shown as a possible link, never a hard link.
//!
//! Linear in the text: one scan, then a bounded window per identifier.

use super::cell::{self, Mode};
use super::digits::Folded;
use crate::model::{IdKind, Identifier, Side};

/// What a cue word says about the identifier after (or before) it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Says {
    /// The other side's: links like a column identifier.
    Other,
    /// The victim's own: never links.
    Victim,
    /// A word that holds a cue but is none (`其中`, `其他`): the longest word wins.
    Nothing,
}

/// Cue words before an identifier; the one nearest the identifier decides.
///
/// In a pattern, `…` is the victim's name (as the row gives it, or masked as `王某`),
/// a masked name, or nothing; `<victim>` is the victim's name itself; `$` means only
/// brackets, colons, spaces and words such as `电话`, `卡号` stand between the pattern
/// and the identifier. ASCII words match whole words, case-insensitively.
pub const BEFORE: &[(&str, Says)] = &[
    // The other side.
    ("对方", Says::Other),
    ("嫌疑人", Says::Other),
    ("骗子", Says::Other),
    ("诈骗分子", Says::Other),
    ("提供的", Says::Other),
    ("提供", Says::Other),
    ("收款", Says::Other),
    ("转入", Says::Other),
    ("汇入", Says::Other),
    ("打入", Says::Other),
    ("汇至", Says::Other),
    ("转至", Says::Other),
    ("转账至", Says::Other),
    ("转到", Says::Other),
    ("转账到", Says::Other),
    ("汇到", Says::Other),
    ("转给", Says::Other),
    ("汇给", Says::Other),
    ("向", Says::Other),
    ("指定", Says::Other),
    ("安全账户", Says::Other),
    ("自称", Says::Other),
    ("接到", Says::Other),
    ("来电", Says::Other),
    ("冒充", Says::Other),
    ("添加", Says::Other),
    ("suspect", Says::Other),
    ("suspect's", Says::Other),
    ("scammer", Says::Other),
    ("scammer's", Says::Other),
    ("fraudster", Says::Other),
    ("provided", Says::Other),
    ("receiving", Says::Other),
    ("paid to", Says::Other),
    ("transferred to", Says::Other),
    // The victim's own.
    ("其", Says::Victim),
    ("本人", Says::Victim),
    ("自己", Says::Victim),
    ("名下", Says::Victim),
    ("绑定的", Says::Victim),
    ("绑定", Says::Victim),
    ("报警人…的", Says::Victim),
    ("受害人…的", Says::Victim),
    ("被害人…的", Says::Victim),
    ("事主…的", Says::Victim),
    ("报警人…$", Says::Victim),
    ("受害人…$", Says::Victim),
    ("事主…$", Says::Victim),
    ("<victim>的", Says::Victim),
    ("<victim>$", Says::Victim),
    ("victim's", Says::Victim),
    ("own", Says::Victim),
    ("his", Says::Victim),
    ("her", Says::Victim),
    // Words with a cue inside that say nothing about whose.
    ("其中", Says::Nothing),
    ("其他", Says::Nothing),
    ("其它", Says::Nothing),
    ("其余", Says::Nothing),
    ("其实", Says::Nothing),
    ("其后", Says::Nothing),
    ("尤其", Says::Nothing),
    ("极其", Says::Nothing),
    ("与其", Says::Nothing),
    ("方向", Says::Nothing),
];

/// Cue words right after an identifier (within [`AFTER_REACH`] characters).
pub const AFTER: &[(&str, Says)] = &[
    ("的来电", Says::Other),
    ("来电", Says::Other),
    ("打来", Says::Other),
    ("对方", Says::Other),
    ("本人", Says::Victim),
];

/// Words that name an account's holder; the name after them decides the side.
pub const HOLDER: &[&str] = &["开户人", "开户名", "户名", "持卡人", "收款人", "账户名"];

/// Words `$` may skip between a pattern and the identifier.
const GAP_WORDS: &[&str] = &[
    "联系电话",
    "手机号码",
    "手机号",
    "手机",
    "电话",
    "号码",
    "卡号",
    "账号",
];

/// How far back a cue word may stand (characters).
pub const BEFORE_REACH: usize = 40;
/// How far after the identifier an [`AFTER`] word may start (characters).
pub const AFTER_REACH: usize = 6;
/// How far after the identifier a holder may be named (characters).
const HOLDER_REACH: usize = 24;
/// A list continues the previous identifier's side across at most this much text.
const LIST_REACH: usize = 12;

/// One identifier found in a narrative.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NarrativeIdentifier {
    pub identifier: Identifier,
    pub side: Side,
    /// The words around it, as written: the evidence an analyst reads.
    pub excerpt: String,
}

/// Every identifier in `text` with its side, given the victim's name from the row
/// (empty when unknown). Never panics; linear in the text.
pub fn narrative_identifiers(text: &str, victim_name: &str) -> Vec<NarrativeIdentifier> {
    cell::with_scratch(|scratch| {
        cell::scan_into(text, Mode::Term, scratch);
        let cell::Scratch { folded, found, .. } = scratch;
        decide_sides(text, folded, found, victim_name)
    })
}

/// The side and excerpt of each identifier `found` in the narrative `text` (taken
/// out of `found`).
fn decide_sides(
    text: &str,
    folded: &Folded,
    found: &mut Vec<cell::Found>,
    victim_name: &str,
) -> Vec<NarrativeIdentifier> {
    let c = &folded.chars;
    let victim = Victim::new(victim_name);
    // Start of the sentence the character at `at` is in.
    let sentence_start = |at: usize| {
        c[..at.min(c.len())]
            .iter()
            .rposition(|&ch| is_sentence_end(ch))
            .map_or(0, |p| p + 1)
    };
    let sentence_end = |from: usize| {
        c[from.min(c.len())..]
            .iter()
            .position(|&ch| is_sentence_end(ch))
            .map_or(c.len(), |p| from + p)
    };

    let mut out: Vec<NarrativeIdentifier> = Vec::with_capacity(found.len());
    let mut prev: Option<(usize, Option<Side>)> = None; // (end, decided side)
    let mut found = found.drain(..).peekable();
    while let Some(f) = found.next() {
        let (from, end) = (f.cover_start.min(c.len()), f.end.min(c.len()));
        if from >= end || is_amount(c, from, end, f.id.kind) {
            continue;
        }
        let sent_start = sentence_start(from);
        let sent_end = sentence_end(end);
        let prev_end = prev.map_or(0, |(e, _)| e);
        let back = sent_start
            .max(prev_end)
            .max(from.saturating_sub(BEFORE_REACH));
        let next = found.peek().map_or(c.len(), |n| n.cover_start);
        let after_end = sent_end.min(next.max(end)).min(end + HOLDER_REACH);

        let decided = holder_after(c, end, after_end, &victim)
            .or_else(|| nearest_before(c, back, from, &victim))
            .or_else(|| word_after(c, end, after_end));
        let side = decided.or_else(|| {
            let (pe, ps) = prev?;
            let gap = c.get(pe..from)?;
            let listed = gap.len() <= LIST_REACH
                && pe >= sent_start
                && gap
                    .iter()
                    .any(|ch| matches!(ch, '、' | '和' | '及' | '或' | '与' | ',' | '/'));
            if listed { ps } else { None }
        });
        prev = Some((end, side));
        // The clause around it, not cutting into the identifiers before and after.
        let excerpt_from = sent_start.max(prev_end).max(from.saturating_sub(20));
        let excerpt_to = sent_end.min(end + 12).min(next.max(end));
        let excerpt = folded
            .source(text, excerpt_from, excerpt_to)
            .trim_start_matches([',', '，', '、', ' ', ')', '）', ']', '】'])
            .trim_end_matches([',', '，', '、', ' ', '(', '（', '[', '【'])
            .to_string();
        out.push(NarrativeIdentifier {
            identifier: f.id,
            side: side.unwrap_or(Side::Mentioned),
            excerpt,
        });
    }
    out
}

fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | ';' | '!' | '?' | '\n' | '\r')
}

/// A short number that is an amount (`10000元`, `¥12300`), not a service number.
fn is_amount(c: &[char], from: usize, end: usize, kind: IdKind) -> bool {
    if kind != IdKind::Service {
        return false;
    }
    let after = c.get(end).copied();
    let before = from.checked_sub(1).and_then(|i| c.get(i)).copied();
    matches!(
        after,
        Some('元' | '块' | '万' | '千' | '百' | '余' | '多' | '.' | '人')
    ) || matches!(before, Some('¥' | '$' | '￥'))
}

/// The victim's name and its masked form (`王小明` → `王某`), as characters.
struct Victim {
    aliases: Vec<Vec<char>>,
}

impl Victim {
    fn new(name: &str) -> Victim {
        let name: Vec<char> = super::fold(name.trim()).chars().collect();
        let mut aliases = Vec::new();
        if name.len() >= 2 {
            if let Some(&surname) = name.first()
                && !name.ends_with(&['某'])
            {
                aliases.push(vec![surname, '某']);
            }
            aliases.insert(0, name);
        }
        Victim { aliases }
    }

    /// The length of the victim's name at `at`, if it stands there.
    fn at(&self, c: &[char], at: usize, limit: usize) -> Option<usize> {
        // Every alias starts with the name's first character (the surname).
        if c.get(at) != self.aliases.first()?.first() {
            return None;
        }
        self.aliases
            .iter()
            .filter(|a| at + a.len() <= limit && c.get(at..at + a.len()) == Some(&a[..]))
            .map(Vec::len)
            .max()
    }

    fn known(&self) -> bool {
        !self.aliases.is_empty()
    }
}

/// A masked name at `at` (`王某`, `王某某`, `王*`, `王**`): its length.
fn masked_name(c: &[char], at: usize, limit: usize) -> Option<usize> {
    let first = *c.get(at)?;
    if !first.is_alphabetic() || first.is_ascii() || first == '某' {
        return None;
    }
    let n = c[(at + 1).min(limit)..limit]
        .iter()
        .take(2)
        .take_while(|&&ch| matches!(ch, '某' | '*' | 'x' | 'X'))
        .count();
    (n > 0).then_some(1 + n)
}

fn same(a: char, b: char) -> bool {
    a == b || (a.is_ascii() && a.to_ascii_lowercase() == b)
}

/// Skips what `$` may skip: brackets, colons, spaces, commas and [`GAP_WORDS`].
fn skip_gap(c: &[char], mut i: usize, limit: usize) -> usize {
    'outer: while i < limit {
        if matches!(
            c[i],
            '(' | '[' | '【' | ':' | ' ' | ',' | '为' | '是' | '"' | '“'
        ) {
            i += 1;
            continue;
        }
        for w in GAP_WORDS {
            let n = w.chars().count();
            if i + n <= limit && c[i..i + n].iter().zip(w.chars()).all(|(&a, b)| a == b) {
                i += n;
                continue 'outer;
            }
        }
        break;
    }
    i
}

/// Where `pat` matched at `s` ends (not beyond `limit`), if it does.
fn match_at(c: &[char], s: usize, limit: usize, pat: &str, victim: &Victim) -> Option<usize> {
    let mut i = s;
    let mut rest = pat;
    while let Some(ch) = rest.chars().next() {
        if let Some(r) = rest.strip_prefix("<victim>") {
            i += victim.at(c, i, limit)?;
            rest = r;
            continue;
        }
        rest = &rest[ch.len_utf8()..];
        match ch {
            '…' => {
                // The victim's name, a masked name, or nothing: try the longest first.
                let options = [victim.at(c, i, limit), masked_name(c, i, limit), Some(0)];
                return options
                    .into_iter()
                    .flatten()
                    .find_map(|n| match_at(c, i + n, limit, rest, victim));
            }
            '$' => {
                if skip_gap(c, i, limit) != limit {
                    return None;
                }
                i = limit;
            }
            _ => {
                if i >= limit || !same(c[i], ch) {
                    return None;
                }
                i += 1;
            }
        }
    }
    Some(i)
}

fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// A table word at `s`: where it ends. ASCII words only as whole words.
fn table_word(c: &[char], s: usize, limit: usize, pat: &str, victim: &Victim) -> Option<usize> {
    let e = match_at(c, s, limit, pat, victim)?;
    if pat.is_ascii() {
        let before_ok = s == 0 || !is_word(c[s - 1]);
        let after_ok = e >= c.len() || !is_word(c[e]);
        if !(before_ok && after_ok) {
            return None;
        }
    }
    (e > s).then_some(e)
}

/// The side a holder's name gives: the victim → victim, anyone else → other. None when
/// the victim's name is unknown and the holder is not named as the victim.
fn holder_side(c: &[char], at: usize, limit: usize, victim: &Victim) -> Option<(Side, usize)> {
    let i = skip_gap(c, at, limit);
    if let Some(n) = victim.at(c, i, limit) {
        return Some((Side::Victim, i + n));
    }
    for (w, side) in [
        ("其本人", Side::Victim),
        ("本人", Side::Victim),
        ("报警人", Side::Victim),
        ("对方", Side::Other),
        ("嫌疑人", Side::Other),
    ] {
        if let Some(e) = match_at(c, i, limit, w, victim) {
            return Some((side, e));
        }
    }
    let name = c[i..limit]
        .iter()
        .take(4)
        .take_while(|&&ch| {
            (ch.is_alphabetic() && !ch.is_ascii() && !matches!(ch, '的' | '等' | '及' | '、'))
                || ch == '*'
        })
        .count();
    (name >= 2 && victim.known()).then_some((Side::Other, i + name))
}

/// A holder named in `c[from..to]` (the text after an identifier).
fn holder_after(c: &[char], from: usize, to: usize, victim: &Victim) -> Option<Side> {
    let starts = &*CUE_STARTS;
    (from..to)
        .filter(|&s| starts.may_start(c[s]))
        .find_map(|s| {
            HOLDER.iter().find_map(|w| {
                let e = match_at(c, s, to, w, victim)?;
                holder_side(c, e, to, victim).map(|(side, _)| side)
            })
        })
}

/// The first characters of the [`BEFORE`], [`HOLDER`] and [`AFTER`] words: a place
/// whose character is not a word's first starts no match of it, so the scans try only
/// the words that may start there (in table order, which breaks ties).
struct CueStarts {
    /// Every first character of a [`BEFORE`] or [`HOLDER`] word (the `<victim>` ones
    /// aside), sorted, each once.
    firsts: Vec<char>,
    /// Per [`BEFORE`] word; None for a `<victim>` word (it starts with the name).
    before: Vec<Option<char>>,
    /// Per [`HOLDER`] word.
    holder: Vec<Option<char>>,
    /// Per [`AFTER`] word.
    after: Vec<Option<char>>,
}

fn first_char(pat: &str) -> Option<char> {
    if pat.starts_with("<victim>") {
        None
    } else {
        pat.chars().next()
    }
}

impl CueStarts {
    fn new() -> CueStarts {
        let before: Vec<Option<char>> = BEFORE.iter().map(|&(p, _)| first_char(p)).collect();
        let holder: Vec<Option<char>> = HOLDER.iter().map(|p| first_char(p)).collect();
        let after: Vec<Option<char>> = AFTER.iter().map(|&(p, _)| first_char(p)).collect();
        let mut firsts: Vec<char> = before.iter().chain(&holder).flatten().copied().collect();
        firsts.sort_unstable();
        firsts.dedup();
        CueStarts {
            firsts,
            before,
            holder,
            after,
        }
    }

    /// Whether a [`BEFORE`] or [`HOLDER`] word (not a `<victim>` one) may start with
    /// `c`: as `match_at` compares, ASCII case-insensitively.
    fn may_start(&self, c: char) -> bool {
        self.firsts.binary_search(&c).is_ok()
            || (c.is_ascii_uppercase()
                && self.firsts.binary_search(&c.to_ascii_lowercase()).is_ok())
    }
}

/// Whether a word whose first character is `first` (None: the victim's name, which
/// stands at the place or not) may match at a place holding `c`.
fn may_match(c: char, first: Option<char>, victim_here: bool) -> bool {
    match first {
        Some(f) => same(c, f),
        None => victim_here,
    }
}

static CUE_STARTS: std::sync::LazyLock<CueStarts> = std::sync::LazyLock::new(CueStarts::new);

/// The cue nearest the end of `c[from..to]`: the longest word at a place, the place
/// ending last.
fn nearest_before(c: &[char], from: usize, to: usize, victim: &Victim) -> Option<Side> {
    let mut best: Option<(usize, usize, Says)> = None; // (end, len, says)
    let mut consider = |end: usize, len: usize, says: Says| {
        if best.is_none_or(|(be, bl, _)| (end, len) > (be, bl)) {
            best = Some((end, len, says));
        }
    };
    let starts = &*CUE_STARTS;
    for s in from..to {
        // Most characters start no cue word: skip the tables there.
        let here = c[s];
        let victim_here = victim.at(c, s, to).is_some();
        if !victim_here && !starts.may_start(here) {
            continue;
        }
        for (&(pat, says), &first) in BEFORE.iter().zip(&starts.before) {
            if may_match(here, first, victim_here)
                && let Some(e) = table_word(c, s, to, pat, victim)
            {
                consider(e, e - s, says);
            }
        }
        for (w, &first) in HOLDER.iter().zip(&starts.holder) {
            if may_match(here, first, victim_here)
                && let Some(e) = match_at(c, s, to, w, victim)
                && let Some((side, name_end)) = holder_side(c, e, to, victim)
            {
                let says = if side == Side::Victim {
                    Says::Victim
                } else {
                    Says::Other
                };
                consider(name_end, name_end - s, says);
            }
        }
    }
    match best?.2 {
        Says::Other => Some(Side::Other),
        Says::Victim => Some(Side::Victim),
        Says::Nothing => None,
    }
}

/// An [`AFTER`] word right after the identifier (past a closing bracket or a space).
fn word_after(c: &[char], from: usize, to: usize) -> Option<Side> {
    let limit = to.min(from + AFTER_REACH);
    let none = Victim {
        aliases: Vec::new(),
    };
    let starts = &*CUE_STARTS;
    (from..limit).find_map(|s| {
        let here = c[s];
        AFTER
            .iter()
            .zip(&starts.after)
            .find_map(|(&(w, says), &first)| {
                if !may_match(here, first, false) {
                    return None;
                }
                table_word(c, s, to, w, &none)?;
                match says {
                    Says::Other => Some(Side::Other),
                    Says::Victim => Some(Side::Victim),
                    Says::Nothing => None,
                }
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sides(text: &str, victim: &str) -> Vec<(IdKind, String, Side)> {
        narrative_identifiers(text, victim)
            .into_iter()
            .map(|n| (n.identifier.kind, n.identifier.value, n.side))
            .collect()
    }

    #[test]
    fn the_issue_example() {
        let text = "2026年11月2日，报警人王某接到自称京东金融客服的电话（13812345678），称其金条\
                    信用不良需要注销。随后通过其工商银行卡（6212261234567890123）向对方提供的建行卡\
                    （6217001234567890123）转账共计12000元。对方QQ（771234567，昵称：小王），\
                    报警人王某的QQ（123456789）。";
        assert_eq!(
            sides(text, "王某"),
            vec![
                (IdKind::Phone, "+8613812345678".into(), Side::Other),
                (IdKind::Card, "6212261234567890123".into(), Side::Victim),
                (IdKind::Card, "6217001234567890123".into(), Side::Other),
                (IdKind::Qq, "771234567".into(), Side::Other),
                (IdKind::Qq, "123456789".into(), Side::Victim),
            ]
        );
    }

    #[test]
    fn excerpts_quote_the_words_around() {
        let found =
            narrative_identifiers("随后向对方提供的建行卡（6217001234567890123）转账。", "");
        assert_eq!(found.len(), 1);
        assert!(
            found[0].excerpt.contains("对方提供的建行卡"),
            "{:?}",
            found[0]
        );
        assert!(found[0].excerpt.contains("6217001234567890123"));
    }

    /// `nearest_before` as it was before it skipped places no cue word starts at: the
    /// reference the filtered one must agree with.
    fn nearest_before_every_place(
        c: &[char],
        from: usize,
        to: usize,
        victim: &Victim,
    ) -> Option<Side> {
        let mut best: Option<(usize, usize, Says)> = None;
        let mut consider = |end: usize, len: usize, says: Says| {
            if best.is_none_or(|(be, bl, _)| (end, len) > (be, bl)) {
                best = Some((end, len, says));
            }
        };
        for s in from..to {
            for &(pat, says) in BEFORE {
                if let Some(e) = table_word(c, s, to, pat, victim) {
                    consider(e, e - s, says);
                }
            }
            for w in HOLDER {
                if let Some(e) = match_at(c, s, to, w, victim)
                    && let Some((side, name_end)) = holder_side(c, e, to, victim)
                {
                    let says = if side == Side::Victim {
                        Says::Victim
                    } else {
                        Says::Other
                    };
                    consider(name_end, name_end - s, says);
                }
            }
        }
        match best?.2 {
            Says::Other => Some(Side::Other),
            Says::Victim => Some(Side::Victim),
            Says::Nothing => None,
        }
    }

    /// `holder_after` without the filter.
    fn holder_after_every_place(
        c: &[char],
        from: usize,
        to: usize,
        victim: &Victim,
    ) -> Option<Side> {
        (from..to).find_map(|s| {
            HOLDER.iter().find_map(|w| {
                let e = match_at(c, s, to, w, victim)?;
                holder_side(c, e, to, victim).map(|(side, _)| side)
            })
        })
    }

    /// `word_after` without the filter.
    fn word_after_every_place(c: &[char], from: usize, to: usize) -> Option<Side> {
        let limit = to.min(from + AFTER_REACH);
        let none = Victim {
            aliases: Vec::new(),
        };
        (from..limit).find_map(|s| {
            AFTER.iter().find_map(|&(w, says)| {
                table_word(c, s, to, w, &none)?;
                match says {
                    Says::Other => Some(Side::Other),
                    Says::Victim => Some(Side::Victim),
                    Says::Nothing => None,
                }
            })
        })
    }

    /// Pieces of narratives: every table word (upper-cased too), names, digits, gaps.
    fn piece() -> impl proptest::strategy::Strategy<Value = String> {
        let mut words: Vec<String> = BEFORE
            .iter()
            .map(|&(p, _)| p)
            .chain(AFTER.iter().map(|&(p, _)| p))
            .chain(HOLDER.iter().copied())
            .chain(GAP_WORDS.iter().copied())
            .map(|p| p.replace(['…', '$'], "").replace("<victim>", "王小明"))
            .collect();
        words.extend(words.clone().iter().map(|w| w.to_uppercase()));
        for w in [
            "王小明",
            "王某",
            "李*",
            "张某某",
            "其本人",
            "6217001234567890123",
            "13812345678",
            "，",
            "。",
            "（",
            "）",
            "：",
            " ",
            "、",
            "的",
            "转账",
            "a",
            "Own",
            "x",
        ] {
            words.push(w.to_string());
        }
        proptest::sample::select(words)
    }

    proptest::proptest! {
        #[test]
        fn skipping_places_no_cue_starts_at_changes_nothing(
            pieces in proptest::collection::vec(piece(), 0..24),
            victim in proptest::sample::select(vec!["", "王小明", "王某", "李四"]),
        ) {
            let text: String = pieces.concat();
            let c: Vec<char> = text.chars().collect();
            let victim = Victim::new(victim);
            for from in 0..c.len().min(6) {
                for to in from..=c.len() {
                    proptest::prop_assert_eq!(
                        nearest_before(&c, from, to, &victim),
                        nearest_before_every_place(&c, from, to, &victim),
                        "{:?} {}..{}", text, from, to
                    );
                    proptest::prop_assert_eq!(
                        holder_after(&c, from, to, &victim),
                        holder_after_every_place(&c, from, to, &victim)
                    );
                    proptest::prop_assert_eq!(
                        word_after(&c, from, to),
                        word_after_every_place(&c, from, to)
                    );
                }
            }
        }
    }

    #[test]
    fn amounts_are_no_service_numbers() {
        assert!(sides("共计被骗10000元，对方称", "").is_empty());
        assert_eq!(
            sides("自称京东金融客服（95118）", ""),
            vec![(IdKind::Service, "95118".into(), Side::Other)]
        );
    }
}
