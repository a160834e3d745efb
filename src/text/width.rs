//! Terminal display width: the one place casebench measures and cuts text for
//! columns. A Chinese character takes two cells, a combining mark none; counting
//! `char`s instead cuts Chinese values short or overflows the column.
//!
//! Widths follow `unicode-width` in its default (non-CJK) context: East-Asian
//! ambiguous characters count as one cell. casebench's own chrome avoids such
//! glyphs (the truncation mark is ASCII `~`, not `…`) so its layout does not depend
//! on that choice; data may still hold them.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// The truncation mark: plain ASCII, one cell on every terminal.
pub const TRUNCATION_MARK: char = '~';

/// Terminal cells `s` takes. Meant for sanitised text (see
/// [`crate::text::sanitize`]); control characters are not measured meaningfully.
pub fn display_width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Terminal cells one character takes (0 for a control or combining character),
/// for wrapping and filling cell by cell.
pub fn char_width(c: char) -> usize {
    UnicodeWidthChar::width(c).unwrap_or(0)
}

/// `s` cut to `width` terminal cells and padded with spaces to exactly `width`.
/// A cut never splits a wide character and is marked with a trailing `~` (so a
/// shortened value keeps at most `width - 1` cells of text); when a two-cell
/// character does not fit before the mark, the freed cell becomes padding.
pub fn fit(s: &str, width: usize) -> String {
    let w = display_width(s);
    if w <= width {
        let mut out = String::with_capacity(s.len() + (width - w));
        out.push_str(s);
        push_spaces(&mut out, width - w);
        return out;
    }
    if width == 0 {
        return String::new();
    }
    let budget = width - 1;
    let mut end = 0;
    let mut acc = 0;
    for (i, c) in s.char_indices() {
        let cw = UnicodeWidthChar::width(c).unwrap_or(0);
        if acc + cw > budget {
            break;
        }
        acc += cw;
        end = i + c.len_utf8();
    }
    let mut head = &s[..end];
    // The sum of character widths can differ from the string's width (emoji and
    // script ligatures); the string measure is the one that must fit.
    let mut head_width = display_width(head);
    while head_width > budget {
        let Some((i, _)) = head.char_indices().next_back() else {
            break;
        };
        head = &head[..i];
        head_width = display_width(head);
    }
    let mut out = String::with_capacity(head.len() + 1 + (budget - head_width));
    out.push_str(head);
    out.push(TRUNCATION_MARK);
    push_spaces(&mut out, budget.saturating_sub(head_width));
    out
}

fn push_spaces(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n(' ', n));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_is_two_cells() {
        assert_eq!(display_width("abc"), 3);
        assert_eq!(display_width("京东金条"), 8);
        assert_eq!(display_width("张三 138"), 8);
        assert_eq!(display_width("e\u{301}"), 1);
        assert_eq!(display_width("１２"), 4); // full-width digits
    }

    #[test]
    fn pads_short_text() {
        assert_eq!(fit("ab", 4), "ab  ");
        assert_eq!(fit("金条", 5), "金条 ");
        assert_eq!(fit("金条", 4), "金条");
        assert_eq!(fit("", 3), "   ");
    }

    #[test]
    fn truncates_without_splitting_wide_chars() {
        // 4 cells: 1 char (2 cells) + room for 1 more cell, which a wide char can't
        // use → mark then pad.
        assert_eq!(fit("京东金条", 4), "京~ ");
        assert_eq!(fit("京东金条", 5), "京东~");
        assert_eq!(fit("京东金条", 6), "京东~ ");
        assert_eq!(fit("abcdef", 4), "abc~");
        assert_eq!(fit("a京东", 4), "a京~");
        assert_eq!(fit("京东", 1), "~");
        assert_eq!(fit("京东", 0), "");
        for width in 0..12 {
            for s in [
                "京东金条白条网贷",
                "a京b东c金",
                "mixed 中文 text",
                "e\u{301}e\u{301}e\u{301}",
            ] {
                let out = fit(s, width);
                assert_eq!(display_width(&out), width, "{s:?} at {width}: {out:?}");
                let kept = out.trim_end_matches(' ').trim_end_matches(TRUNCATION_MARK);
                assert!(s.starts_with(kept), "{s:?} at {width}: {out:?}");
            }
        }
    }

    #[test]
    fn keeps_combining_marks_with_their_base() {
        assert_eq!(fit("e\u{301}e\u{301}xyz", 3), "e\u{301}e\u{301}~");
    }
}
