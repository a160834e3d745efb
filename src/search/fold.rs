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

/// Appends the folded form of `s` to `out`.
pub fn fold_into(s: &str, out: &mut String) {
    out.reserve(s.len());
    out.extend(s.chars().map(fold_char));
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
    fn char_index_counts_characters() {
        let s = "金条abc";
        assert_eq!(char_index(s, 6), 2);
        assert_eq!(char_index(s, 0), 0);
    }
}
