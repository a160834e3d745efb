//! Text for people, shared by the listings, the CLI and the TUI: counts and money in
//! words, victims' data masked, data made safe for a terminal ([`sanitize`]), and the
//! one display-width rule ([`display_width`], [`fit`]).

mod mask;
mod sanitize;
mod width;

pub use mask::{mask_in_text, mask_mobiles_in_text, mask_name, mask_phone};
pub use sanitize::sanitize;
pub use width::{TRUNCATION_MARK, char_width, display_width, fit};

/// Fen as yuan with exactly two decimals: `1200050` → `"12000.50"`, `-5` → `"-0.05"`.
/// Integer arithmetic only, so every amount is exact (including `i64::MIN`).
pub fn format_yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

/// Thousands separators for counts (`2,500`).
pub fn count(n: impl Into<i128>) -> String {
    let n: i128 = n.into();
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `1 case`, `2,500 cases`.
pub fn plural(n: impl Into<i128>, one: &str, many: &str) -> String {
    let n: i128 = n.into();
    format!("{} {}", count(n), if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_as_people_write_them() {
        assert_eq!(count(0), "0");
        assert_eq!(count(2500), "2,500");
        assert_eq!(count(-1234567), "-1,234,567");
        assert_eq!(plural(1, "group", "groups"), "1 group");
        assert_eq!(plural(0, "group", "groups"), "0 groups");
        assert_eq!(plural(2500, "case", "cases"), "2,500 cases");
    }
}
