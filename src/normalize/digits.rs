//! Folding: NFKC plus Chinese digits, the first step before any identifier parsing.
//!
//! Two entry points share one Chinese-digit rule: [`fold`] turns a whole string, and
//! [`fold_mapped`] folds character by character and remembers where each folded
//! character came from, so the cell scanner can show the analyst the exact text an
//! identifier was read from.

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

/// The Chinese digit characters and the ASCII digits they stand for. `幺` is how `1`
/// is said when reading numbers aloud (and written down by whoever took the call).
const CHINESE_DIGITS: [(char, char); 12] = [
    ('〇', '0'),
    ('零', '0'),
    ('一', '1'),
    ('幺', '1'),
    ('二', '2'),
    ('三', '3'),
    ('四', '4'),
    ('五', '5'),
    ('六', '6'),
    ('七', '7'),
    ('八', '8'),
    ('九', '9'),
];

/// [`CHINESE_DIGITS`] by the low five bits of each character, which differ for all
/// twelve (checked when this is built): one look-up tells any character apart.
const CHINESE_DIGIT_SLOTS: [(char, char); 32] = {
    let mut slots = [('\0', '\0'); 32];
    let mut i = 0;
    while i < CHINESE_DIGITS.len() {
        let (c, d) = CHINESE_DIGITS[i];
        let slot = (c as u32 & 31) as usize;
        assert!(slots[slot].0 == '\0', "two Chinese digits share a slot");
        slots[slot] = (c, d);
        i += 1;
    }
    slots
};

/// The ASCII digit a Chinese digit character stands for.
fn chinese_digit(c: char) -> Option<char> {
    let (k, d) = CHINESE_DIGIT_SLOTS[(u32::from(c) & 31) as usize];
    (k == c && k != '\0').then_some(d)
}

/// Characters that make the Chinese digits next to them a numeral (`一五一十`, `三千`,
/// `一万`), not a string of dialled digits.
fn is_numeral_unit(c: char) -> bool {
    matches!(
        c,
        '十' | '百' | '千' | '万' | '亿' | '拾' | '佰' | '仟' | '点'
    )
}

/// Whether the run `chars[start..end]`, `total` digits of which `chinese` are Chinese,
/// is a number written down (converted) rather than words.
fn is_written_number(
    chars: &[char],
    start: usize,
    end: usize,
    total: usize,
    chinese: usize,
) -> bool {
    let n = chars.len();
    let touches_unit = (start > 0 && is_numeral_unit(chars[start - 1]))
        || (end < n && is_numeral_unit(chars[end]));
    // A lone Chinese digit ending a number written in ASCII, with a word going on after
    // it, is that word's (`…9384436三个账号`, `手机13974182605一直`).
    let word_after = chinese == 1
        && !chars[end - 1].is_ascii_digit()
        && end < n
        && ('\u{4e00}'..='\u{9fff}').contains(&chars[end]);
    chinese > 0 && total >= 3 && (chinese >= 2 || total >= 7) && !touches_unit && !word_after
}

/// The digit a character stands for, written any way a phone number is: ASCII,
/// full-width (`１`) or Chinese (`一`, `幺`, `〇`).
pub fn digit_of(c: char) -> Option<u8> {
    if c.is_ascii_digit() {
        return Some(c as u8 - b'0');
    }
    if ('０'..='９').contains(&c) {
        return Some((c as u32 - '０' as u32) as u8);
    }
    chinese_digit(c).map(|d| d as u8 - b'0')
}

fn is_digitish(c: char) -> bool {
    c.is_ascii_digit() || chinese_digit(c).is_some()
}

/// Replaces Chinese digits by ASCII digits where they form a number-like run.
///
/// A run is digits (ASCII or Chinese) with single spaces or dashes between them. It is
/// converted when it holds at least three digits, of which at least two are Chinese (or
/// at least seven digits in all, for a phone number with one Chinese digit in it), and
/// it does not touch a numeral unit. So `一三八…`, `二〇二六年` and `尾号五六七八`
/// become digits while `一个`, `一万`, `三五成群` and `一五一十` stay words.
fn chinese_digit_runs(chars: &mut [char]) {
    // Only a run holding a Chinese digit changes. Runs are read from the left, but none
    // reaches back past a character that is neither a digit nor a separator: the
    // reading can start there, before the first Chinese digit, with the same runs.
    let Some(first) = chars.iter().position(|&c| chinese_digit(c).is_some()) else {
        return;
    };
    let mut i = first;
    while i > 0 && (is_digitish(chars[i - 1]) || matches!(chars[i - 1], ' ' | '-')) {
        i -= 1;
    }
    let n = chars.len();
    while i < n {
        if !is_digitish(chars[i]) {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i;
        let (mut total, mut chinese) = (0usize, 0usize);
        let mut j = i;
        loop {
            if j < n && is_digitish(chars[j]) {
                total += 1;
                if !chars[j].is_ascii_digit() {
                    chinese += 1;
                }
                j += 1;
                end = j;
                continue;
            }
            // One separator inside a run, only when a digit follows it.
            if j + 1 < n && matches!(chars[j], ' ' | '-') && is_digitish(chars[j + 1]) {
                j += 1;
                continue;
            }
            break;
        }
        if is_written_number(chars, start, end, total, chinese) {
            for c in &mut chars[start..end] {
                if let Some(d) = chinese_digit(*c) {
                    *c = d;
                }
            }
        }
        i = end.max(start + 1);
    }
}

/// The NFKC form of `c` when it is one character known without the normaliser's
/// tables: ASCII, the CJK Unified Ideographs, the punctuation Chinese text is written
/// with (all their own NFKC form, and never composed with a neighbour), and
/// full-width ASCII (`１`, `Ａ`, `（`: NFKC makes it the ASCII character). None: ask
/// the normaliser. `tests::known_characters_fold_as_the_normaliser_does` checks every
/// character this answers for against `unicode-normalization`.
#[inline]
fn nfkc_known(c: char) -> Option<char> {
    match c {
        // Printable ASCII and whitespace; not the control characters `is_invisible` drops.
        '\t'..='\r'
        | ' '..='~'
        | '\u{4e00}'..='\u{9fff}'
        | '。'
        | '、'
        | '“'
        | '”'
        | '‘'
        | '’'
        | '《'
        | '》'
        | '【'
        | '】'
        | '「'
        | '」'
        | '¥'
        | '×'
        | '•'
        | '●'
        | '〇' => Some(c),
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(u32::from(c) - 0xfee0),
        _ => None,
    }
}

/// Whole-string NFKC through the normaliser, skipping the rewrite when the quick check
/// says the text is NFKC already.
fn nfkc_by_tables(s: &str) -> Vec<char> {
    if is_nfkc_quick(s.chars()) == IsNormalized::Yes {
        s.chars().collect()
    } else {
        s.nfkc().collect()
    }
}

/// As [`fold`], borrowing ASCII text (its own fold) instead of copying it.
pub(crate) fn fold_cow(s: &str) -> std::borrow::Cow<'_, str> {
    if s.is_ascii() {
        std::borrow::Cow::Borrowed(s)
    } else {
        std::borrow::Cow::Owned(fold(s))
    }
}

/// NFKC + Chinese digits → ASCII.
pub fn fold(s: &str) -> String {
    // ASCII is its own NFKC form and holds no Chinese digits: the common case is a copy.
    if s.is_ascii() {
        return s.to_owned();
    }
    // Most text is characters known without the normaliser's tables (see `nfkc_known`)
    // and no Chinese digit: then nothing is invisible and no run changes, and the fold
    // is the characters' own forms, written straight out.
    let mut folded = String::with_capacity(s.len());
    for c in s.chars() {
        match nfkc_known(c) {
            Some(d) if chinese_digit(d).is_none() => folded.push(d),
            _ => return fold_characters(s),
        }
    }
    folded
}

/// [`fold`] of text that holds a Chinese digit or a character to ask the normaliser
/// about.
fn fold_characters(s: &str) -> String {
    // Chinese text is almost always NFKC already, or full-width ASCII: mapped one
    // character at a time without the normaliser's tables (see `nfkc_known`).
    let known: Option<Vec<char>> = s.chars().map(nfkc_known).collect();
    let mut chars: Vec<char> = match known {
        Some(chars) => chars,
        None => nfkc_by_tables(s),
    };
    chars.retain(|&c| !is_invisible(c));
    chinese_digit_runs(&mut chars);
    let mut folded = String::with_capacity(s.len());
    folded.extend(chars);
    folded
}

/// Zero-width, bidi and BOM characters and stray control bytes (a NUL from a broken
/// export): invisible, so a number copied with one inside (`139\u{200b}1234 5678`) is
/// still the number the analyst sees.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\0'..='\u{8}' | '\u{e}'..='\u{1f}' | '\u{7f}' | '\u{00ad}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}' | '\u{feff}'
    )
}

/// [`is_invisible`] of an ASCII byte, decided on the byte (the fold of ASCII text
/// asks it of every byte).
#[inline]
fn is_invisible_ascii(b: u8) -> bool {
    matches!(b, 0..=8 | 0x0e..=0x1f | 0x7f)
}

/// A folded text that remembers, for every folded character, the byte range of the
/// source character it came from.
#[derive(Default)]
pub(crate) struct Folded {
    pub chars: Vec<char>,
    spans: Vec<(usize, usize)>,
}

impl Folded {
    /// The source text behind folded characters `start..end`, trimmed.
    pub fn source<'a>(&self, src: &'a str, start: usize, end: usize) -> &'a str {
        if start >= end || end > self.spans.len() {
            return "";
        }
        let from = self.spans[start].0;
        let to = self.spans[end - 1].1;
        src.get(from..to).map(str::trim).unwrap_or("")
    }
}

/// A fresh [`fold_mapped_into`].
#[cfg(test)]
pub(crate) fn fold_mapped(s: &str) -> Folded {
    let mut folded = Folded::default();
    fold_mapped_into(s, &mut folded);
    folded
}

/// Whether a CJK ideograph U+4E00..=U+9FFF (E4 B8 80 ..= E9 BF BF in UTF-8) starts
/// at byte `at` of valid UTF-8 `bytes`: three bytes that fold to themselves, the
/// bulk of Chinese text, which the folds skip or copy without decoding.
#[inline]
pub(crate) fn starts_ideograph(bytes: &[u8], at: usize) -> bool {
    match bytes.get(at) {
        Some(0xe4) => bytes.get(at + 1).is_some_and(|&n| n >= 0xb8),
        Some(0xe5..=0xe9) => true,
        _ => false,
    }
}

/// Folds `s` character by character (NFKC of each character, then Chinese digits),
/// keeping the map back to the source. Per-character NFKC differs from whole-string
/// NFKC only for combining sequences, which never occur inside an identifier.
///
/// Into `folded`, its old content dropped and its room kept: the import folds every
/// cell into one buffer instead of allocating two per cell.
pub(crate) fn fold_mapped_into(s: &str, folded: &mut Folded) {
    let Folded { chars, spans } = folded;
    chars.clear();
    spans.clear();
    chars.reserve(s.len());
    spans.reserve(s.len());
    if s.is_ascii() {
        // Each byte a character of its own, no normaliser, no Chinese digit.
        for (at, b) in s.bytes().enumerate() {
            if !is_invisible_ascii(b) {
                chars.push(char::from(b));
                spans.push((at, at + 1));
            }
        }
        return;
    }
    let bytes = s.as_bytes();
    let mut at = 0;
    while let Some(&lead) = bytes.get(at) {
        // Ideographs are most of a narrative: their own NFKC form and visible, read
        // off their three bytes. (Chinese digits among them are read after the fold,
        // below.)
        if starts_ideograph(bytes, at)
            && let (Some(&b1), Some(&b2)) = (bytes.get(at + 1), bytes.get(at + 2))
            && let Some(c) = char::from_u32(
                u32::from(lead & 0x0f) << 12 | u32::from(b1 & 0x3f) << 6 | u32::from(b2 & 0x3f),
            )
        {
            chars.push(c);
            spans.push((at, at + 3));
            at += 3;
            continue;
        }
        // Printable ASCII and whitespace, as `nfkc_known` keeps them.
        if matches!(lead, b'\t'..=b'\r' | b' '..=b'~') {
            chars.push(char::from(lead));
            spans.push((at, at + 1));
            at += 1;
            continue;
        }
        let Some(c) = s.get(at..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        let span = (at, at + c.len_utf8());
        at = span.1;
        // Narratives run to hundreds of ideographs; most characters are their own NFKC
        // form (or full-width ASCII), visible, and need no normaliser.
        if let Some(d) = nfkc_known(c) {
            chars.push(d);
            spans.push(span);
        } else if is_invisible(c) {
            continue;
        } else if is_nfkc_quick(std::iter::once(c)) == IsNormalized::Yes {
            chars.push(c);
            spans.push(span);
        } else {
            for d in std::iter::once(c).nfkc() {
                chars.push(d);
                spans.push(span);
            }
        }
    }
    chinese_digit_runs(chars);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_ascii_bytes_are_the_invisible_characters() {
        for b in 0..=0x7f_u8 {
            assert_eq!(is_invisible_ascii(b), is_invisible(char::from(b)), "{b:#x}");
        }
    }

    #[test]
    fn full_width_digits_and_letters_become_ascii() {
        assert_eq!(fold("１３８１２３４５６７８"), "13812345678");
        assert_eq!(fold("ＡＢＣ＠ＱＱ．ｃｏｍ"), "ABC@QQ.com");
        assert_eq!(fold("（＋８６）"), "(+86)");
        assert_eq!(fold("￥１２，０００"), "¥12,000");
    }

    #[test]
    fn chinese_digit_strings_become_digits() {
        assert_eq!(fold("一三八一二三四五六七八"), "13812345678");
        assert_eq!(fold("幺三八 幺二三四 五六七八"), "138 1234 5678");
        assert_eq!(fold("〇三七〇-六一二三四五六"), "0370-6123456");
        assert_eq!(fold("二〇二六年"), "2026年");
        assert_eq!(fold("尾号五六七八"), "尾号5678");
        assert_eq!(fold("138一二三四5678"), "13812345678");
        // One Chinese digit in a long run is still a phone number.
        assert_eq!(fold("1381234567八"), "13812345678");
        // …but not one that starts the word after it (B55-004, B55-007).
        for text in [
            "6228480938815530274、6222021207009384436三个账号",
            "杨某宇手机13974182605一直处于无法接通状态",
        ] {
            assert_eq!(fold(text), text);
        }
    }

    #[test]
    fn chinese_words_with_digits_stay_words() {
        for word in [
            "一个",
            "一万",
            "三五成群",
            "一五一十",
            "一万二千",
            "第一",
            "十一月",
            "12一个人",
        ] {
            assert_eq!(fold(word), word, "{word}");
        }
        assert_eq!(fold("损失三千元"), "损失三千元");
    }

    #[test]
    fn fold_is_idempotent_on_mixed_text() {
        for s in [
            "一三八 一个 一五一十 ６２２２",
            "二〇二六年十一月二日",
            "abc",
        ] {
            let once = fold(s);
            assert_eq!(fold(&once), once);
        }
    }

    /// Every character `nfkc_known` answers for folds as the normaliser folds it, alone
    /// (as `fold_mapped` reads it) and between others (as `fold` reads a whole string).
    #[test]
    fn known_characters_fold_as_the_normaliser_does() {
        let mut known = Vec::new();
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let Some(d) = nfkc_known(c) else { continue };
            let by_tables: Vec<char> = if is_nfkc_quick(std::iter::once(c)) == IsNormalized::Yes {
                vec![c]
            } else {
                std::iter::once(c).nfkc().collect()
            };
            assert_eq!(by_tables, vec![d], "{c:?} U+{:04X}", u32::from(c));
            // Known characters are folded before the invisible ones are dropped.
            assert!(!is_invisible(c), "U+{:04X}", u32::from(c));
            known.push(c);
        }
        assert!(known.len() > 20_000);
        // Strung together, whole-string NFKC is the characters' own forms: each form is
        // a starter that composes with nothing, so none changes its neighbour.
        for pair in known.windows(2) {
            let s: String = pair.iter().collect();
            let want: Vec<char> = pair.iter().filter_map(|&c| nfkc_known(c)).collect();
            assert_eq!(s.nfkc().collect::<Vec<char>>(), want, "{s:?}");
            for &d in &want {
                assert_eq!(unicode_normalization::char::canonical_combining_class(d), 0);
            }
        }
    }

    /// `fold_mapped_into` as it was before its ASCII and known-character shortcuts.
    fn fold_mapped_by_tables(s: &str) -> (Vec<char>, Vec<(usize, usize)>) {
        let (mut chars, mut spans) = (Vec::new(), Vec::new());
        for (at, c) in s.char_indices() {
            if is_invisible(c) {
                continue;
            }
            let span = (at, at + c.len_utf8());
            if is_nfkc_quick(std::iter::once(c)) == IsNormalized::Yes {
                chars.push(c);
                spans.push(span);
            } else {
                for d in std::iter::once(c).nfkc() {
                    chars.push(d);
                    spans.push(span);
                }
            }
        }
        chinese_digit_runs(&mut chars);
        (chars, spans)
    }

    /// `fold` as it was before its known-character shortcut (ASCII was, and is, kept
    /// as it is, control characters and all).
    fn fold_by_tables(s: &str) -> String {
        if s.is_ascii() {
            return s.to_owned();
        }
        let mut chars = nfkc_by_tables(s);
        chars.retain(|&c| !is_invisible(c));
        chinese_digit_runs(&mut chars);
        chars.into_iter().collect()
    }

    proptest::proptest! {
        #[test]
        fn shortcuts_fold_as_the_normaliser_does(
            text in "[a-zA-Z0-9 \\-+()@.,:;\\t\\n\\r\\x00\\x07\\x1f\\x7f一二三幺〇十万中文号码：（）＋０-９Ａ-Ｚａ-ｚ。、“”¥￥×•●＊…\\u{200b}\\u{feff}\\u{ad}\\u{301}\\u{3000}㎏ﬁ①]{0,40}",
        ) {
            let mapped = fold_mapped(&text);
            let (chars, spans) = fold_mapped_by_tables(&text);
            proptest::prop_assert_eq!(&mapped.chars, &chars, "{:?}", text);
            proptest::prop_assert_eq!(&mapped.spans, &spans, "{:?}", text);
            proptest::prop_assert_eq!(fold(&text), fold_by_tables(&text), "{:?}", text);
        }
    }

    #[test]
    fn folding_into_a_used_buffer_is_folding_anew() {
        let mut reused =
            fold_mapped("６２２２ 一三八一二三四五六七八 and a much longer text after it");
        for src in ["电话１３８一二三四五六七八！", "", "ａ", "x\u{200b}y"] {
            fold_mapped_into(src, &mut reused);
            let fresh = fold_mapped(src);
            assert_eq!(reused.chars, fresh.chars, "{src}");
            assert_eq!(reused.spans, fresh.spans, "{src}");
        }
    }

    /// The runs read from the first character: the reference for the reading that
    /// starts before the first Chinese digit.
    fn chinese_digit_runs_from_the_start(chars: &mut [char]) {
        let n = chars.len();
        let mut i = 0;
        while i < n {
            if !is_digitish(chars[i]) {
                i += 1;
                continue;
            }
            let start = i;
            let mut end = i;
            let (mut total, mut chinese) = (0usize, 0usize);
            let mut j = i;
            loop {
                if j < n && is_digitish(chars[j]) {
                    total += 1;
                    if !chars[j].is_ascii_digit() {
                        chinese += 1;
                    }
                    j += 1;
                    end = j;
                    continue;
                }
                // One separator inside a run, only when a digit follows it.
                if j + 1 < n && matches!(chars[j], ' ' | '-') && is_digitish(chars[j + 1]) {
                    j += 1;
                    continue;
                }
                break;
            }
            if is_written_number(chars, start, end, total, chinese) {
                for c in &mut chars[start..end] {
                    if let Some(d) = chinese_digit(*c) {
                        *c = d;
                    }
                }
            }
            i = end.max(start + 1);
        }
    }

    proptest::proptest! {
        #[test]
        fn runs_read_from_the_first_chinese_digit_are_the_same(
            text in "[一二三幺〇12 \\-十万a中]{0,30}",
        ) {
            let mut got: Vec<char> = text.chars().collect();
            let mut want = got.clone();
            chinese_digit_runs(&mut got);
            chinese_digit_runs_from_the_start(&mut want);
            proptest::prop_assert_eq!(got, want, "{:?}", text);
        }
    }

    #[test]
    fn chinese_digits_are_found_by_their_slot() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let listed = CHINESE_DIGITS
                .iter()
                .find(|&&(k, _)| k == c)
                .map(|&(_, d)| d);
            assert_eq!(chinese_digit(c), listed, "U+{:04X}", u32::from(c));
        }
        assert_eq!(chinese_digit('幺'), Some('1'));
        assert_eq!(chinese_digit('〇'), Some('0'));
        assert_eq!(chinese_digit('\0'), None);
    }

    #[test]
    fn mapped_fold_points_back_to_the_source() {
        let src = "电话１３８一二三四五六七八！";
        let f = fold_mapped(src);
        let text: String = f.chars.iter().collect();
        assert_eq!(text, "电话13812345678!");
        assert_eq!(f.source(src, 2, 13), "１３８一二三四五六七八");
        assert_eq!(f.source(src, 0, 0), "");
    }
}
