//! Text folding for matching: one character in, one character out, so that a match
//! position in folded text is the same character position in the text as stored
//! (what the TUI highlights). NFKC turns full-width letters, digits and punctuation
//! into ASCII; letters are lower-cased. A character whose NFKC form is longer than
//! one character (`㎏`, `①`) is kept as it is rather than shift every position after it.

use unicode_normalization::UnicodeNormalization;

/// Folds one character (see the module doc).
pub fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    // CJK ideographs are NFKC-stable and caseless: the common case, kept fast.
    if ('\u{4e00}'..='\u{9fff}').contains(&c) {
        return c;
    }
    let mut nfkc = std::iter::once(c).nfkc();
    let folded = match (nfkc.next(), nfkc.next()) {
        (Some(one), None) => one,
        _ => c,
    };
    let mut lower = folded.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(one), None) => one,
        _ => folded,
    }
}

/// Characters whose folded form is kept in a table: punctuation and symbols, which
/// Chinese text uses between nearly every clause (`，` `。` `“` `：`).
const TABLED: [std::ops::RangeInclusive<u32>; 2] = [0x2000..=0x33ff, 0xfe30..=0xffef];

/// The folded form of the characters in [`TABLED`], computed once.
fn table() -> &'static [Vec<char>; 2] {
    static TABLE: std::sync::OnceLock<[Vec<char>; 2]> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        TABLED.map(|range| {
            range
                .map(|u| char::from_u32(u).map_or('\u{fffd}', fold_char))
                .collect()
        })
    })
}

/// [`fold_char`] with the table for punctuation.
fn fold_char_fast(c: char) -> char {
    let u = c as u32;
    for (range, folded) in TABLED.iter().zip(table()) {
        if range.contains(&u) {
            return folded
                .get((u - range.start()) as usize)
                .copied()
                .unwrap_or(c);
        }
    }
    fold_char(c)
}

/// What [`fold_into`] tells of the text it appended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Folded {
    /// The folded text has a character of four bytes in UTF-8 (none has, there are
    /// at least a third as many characters as bytes before any point: what bounds
    /// a match's place).
    pub wide: bool,
    /// Bytes into the appended text of its first ASCII letter, if any: where its
    /// Latin words begin (most Chinese fields have none, or only near their end).
    pub first_letter: Option<usize>,
}

/// Appends the folded form of `s` to `out`. Runs that fold to themselves (lower-case
/// ASCII, CJK ideographs: most of a narrative) are found on the bytes and copied
/// whole; other characters go through [`fold_char`]. Decoding and looking up every
/// character was most of an index build's folding. (Testing eight bytes at a time
/// took more instructions than this: most of the text is three-byte ideographs, and
/// Chinese punctuation stops a run every ten characters or so.)
pub fn fold_into(s: &str, out: &mut String) -> Folded {
    let mut wide = false;
    let mut first_letter = None;
    out.reserve(s.len());
    let base = out.len();
    let bytes = s.as_bytes();
    let mut run = 0;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b < 0x80 {
            if b.is_ascii_alphabetic() {
                if first_letter.is_none() {
                    first_letter = Some(out.len() - base + i - run);
                }
                if b.is_ascii_uppercase() {
                    out.push_str(s.get(run..i).unwrap_or(""));
                    out.push(char::from(b.to_ascii_lowercase()));
                    run = i + 1;
                }
            }
            i += 1;
            continue;
        }
        if crate::normalize::starts_ideograph(bytes, i) {
            i += 3;
            continue;
        }
        let Some(c) = s.get(i..).and_then(|t| t.chars().next()) else {
            break;
        };
        let folded = fold_char_fast(c);
        wide |= folded.len_utf8() == 4;
        if folded != c {
            if folded.is_ascii_alphabetic() && first_letter.is_none() {
                first_letter = Some(out.len() - base + i - run);
            }
            out.push_str(s.get(run..i).unwrap_or(""));
            out.push(folded);
            run = i + c.len_utf8();
        }
        i += c.len_utf8();
    }
    out.push_str(s.get(run..).unwrap_or(""));
    Folded { wide, first_letter }
}

/// The folded form of `s`.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

/// Character index of byte offset `byte` in `s` (which must be a char boundary).
pub fn char_index(s: &str, byte: usize) -> u32 {
    let prefix = s.get(..byte).unwrap_or(s);
    u32::try_from(prefix.chars().count()).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_width_and_case_one_char_for_one() {
        assert_eq!(fold("ＳＴＵＤＥＮＴ Loan １３８"), "student loan 138");
        assert_eq!(fold("京东金条，白条"), "京东金条,白条");
        for s in ["㎏①Ａ金", "ß İ x", "e\u{301}"] {
            assert_eq!(fold(s).chars().count(), s.chars().count(), "{s}");
        }
    }

    #[test]
    fn runs_fold_like_single_characters() {
        let tabled =
            "\u{2000}\u{2026}\u{3000}\u{3001}\u{3038}\u{33ff}\u{fe30}\u{ff01}\u{ff21}\u{ffef}";
        for s in [
            "",
            "abc",
            "ABC金条ＸＹ，。a",
            "É金Ａ",
            "①Ａ②",
            "京东金融客服Ｑｑ：12３",
            "\u{4dff}\u{4e00}\u{9fff}\u{a000}ä",
            tabled,
        ] {
            let mut out = String::from(">");
            fold_into(s, &mut out);
            let want: String = std::iter::once('>')
                .chain(s.chars().map(fold_char))
                .collect();
            assert_eq!(out, want, "{s}");
        }
    }

    proptest::proptest! {
        #[test]
        fn fold_into_is_fold_char_on_every_character(s in "\\PC*") {
            let mut out = String::new();
            let folded = fold_into(&s, &mut out);
            let want: String = s.chars().map(fold_char).collect();
            proptest::prop_assert_eq!(folded.wide, want.chars().any(|c| c.len_utf8() == 4));
            proptest::prop_assert_eq!(folded.first_letter, want.find(|c: char| c.is_ascii_alphabetic()));
            proptest::prop_assert_eq!(out, want);
        }

        /// Chinese text as a narrative holds it, after text already in `out`.
        #[test]
        fn runs_after_text_already_held_fold_as_every_character_does(
            s in "([京东客服金条额度丁一\u{4dff}\u{5000}\u{9fff}]|[a-z0-9 ]|[A-ZＡ-Ｚａ-ｚ，。“”：é①😀]){0,60}",
            prefix in "[a-zé京]{0,3}",
        ) {
            let mut out = prefix.clone();
            let folded = fold_into(&s, &mut out);
            let want: String = s.chars().map(fold_char).collect();
            proptest::prop_assert_eq!(&out[prefix.len()..], want.as_str());
            proptest::prop_assert_eq!(folded.wide, want.chars().any(|c| c.len_utf8() == 4));
            proptest::prop_assert_eq!(folded.first_letter, want.find(|c: char| c.is_ascii_alphabetic()));
        }
    }

    #[test]
    fn char_index_counts_characters() {
        let s = "金条abc";
        assert_eq!(char_index(s, 6), 2);
        assert_eq!(char_index(s, 0), 0);
    }
}
