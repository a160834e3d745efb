//! The spreadsheet formula guard for CSV exports (CSV/formula injection).
//!
//! Exports are opened in Excel or WPS by investigators and bank staff. A cell that a
//! spreadsheet would read as a formula (`=HYPERLINK(...)`, `@SUM(...)`, `+cmd|...`,
//! `-1+1`) can run commands or leak data; DESIGN's rule prefixes such cells with `'`,
//! which makes the spreadsheet show them as text. Phone numbers in E.164
//! (`+8613812345678`) and negative amounts (`-12.50`) are plain numbers and are left
//! alone, so exported identifiers stay searchable.

use std::borrow::Cow;

/// Prefixes `s` with `'` when it starts (after spaces) with `=`, `@`, tab or CR, or
/// with `+` / `-` not followed by a plain number (digits with an optional `.digits`
/// part).
/// Borrowed when nothing changes.
pub fn neutralize(s: &str) -> Cow<'_, str> {
    // Leading spaces too: some spreadsheets trim them on import and then read the
    // formula (a tab, made a space by sanitising, is one of them).
    let rest = s.trim_start_matches(' ');
    let risky = match rest.as_bytes().first() {
        Some(b'=' | b'@' | b'\t' | b'\r') => true,
        Some(b'+' | b'-') => !is_plain_number(&rest[1..]),
        _ => false,
    };
    if risky {
        let mut out = String::with_capacity(s.len() + 1);
        out.push('\'');
        out.push_str(s);
        Cow::Owned(out)
    } else {
        Cow::Borrowed(s)
    }
}

/// `digits` or `digits.digits`, nothing else.
fn is_plain_number(s: &str) -> bool {
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    digits(int) && frac.is_none_or(digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_prefixed() {
        for s in [
            "=HYPERLINK(\"http://evil.example\",\"click\")",
            "=1+1",
            "@SUM(A1:A9)",
            "+cmd|' /C calc'!A0",
            "-cmd|' /C calc'!A0",
            "-1+1",
            "+1+2",
            "\t=1",
            "\r=1",
            " =1",
            "  @SUM(A1)",
            "-",
            "+",
            "-1.",
            "+.5",
            "-1e5",
        ] {
            assert_eq!(neutralize(s), format!("'{s}"), "{s:?}");
        }
    }

    #[test]
    fn plain_values_untouched() {
        for s in [
            "+8613812345678",
            "-12.50",
            "-12.5",
            "12000.50",
            "13812345678",
            "",
            "张三",
            "a=b",
            " 12.50",
            "'already",
        ] {
            let out = neutralize(s);
            assert_eq!(out, s);
            assert!(matches!(out, Cow::Borrowed(_)));
        }
    }
}
