//! Amounts: yuan text to integer fen, with exact decimal arithmetic (never floats, so
//! `0.1 + 0.2` problems cannot reach a loss total).

use super::digits::fold_cow;

/// Currency words written before the number.
const PREFIXES: [&str; 6] = ["人民币", "rmb", "cny", "¥", "约", "共"];
/// Currency words written after the number (and the unit, if any).
const SUFFIXES: [&str; 6] = ["元整", "元", "块钱", "块", "yuan", "rmb"];

/// Strips one of `words` from the front of `s`, ASCII case-insensitively.
fn strip_prefix_ci<'a>(s: &'a str, words: &[&str]) -> &'a str {
    for w in words {
        if let Some(head) = s.get(..w.len())
            && head.eq_ignore_ascii_case(w)
        {
            return s.get(w.len()..).unwrap_or("");
        }
    }
    s
}

fn strip_suffix_ci<'a>(s: &'a str, words: &[&str]) -> &'a str {
    for w in words {
        if let Some(cut) = s.len().checked_sub(w.len())
            && let (Some(head), Some(tail)) = (s.get(..cut), s.get(cut..))
            && tail.eq_ignore_ascii_case(w)
        {
            return head;
        }
    }
    s
}

/// Yuan text to integer fen. None when it does not parse, is negative, or would need
/// fractions of a fen.
pub fn amount_fen(s: &str) -> Option<i64> {
    let folded = fold_cow(s);
    let mut t = folded.trim();
    // Prefix words may stack: `约人民币 5000`, `RMB ¥500`.
    for _ in 0..3 {
        t = strip_prefix_ci(t, &PREFIXES).trim_start();
    }
    t = strip_suffix_ci(t, &SUFFIXES).trim_end();
    let (number, scale_zeros) = if let Some(n) = t.strip_suffix('万') {
        (n, 4)
    } else if let Some(n) = t.strip_suffix('千') {
        (n, 3)
    } else if let Some(n) = t.strip_suffix('百') {
        (n, 2)
    } else if let Some(n) = t.strip_suffix('亿') {
        (n, 8)
    } else {
        (t, 0)
    };
    let number = number.trim_end();
    let (int_part, frac_part) = match number.split_once('.') {
        Some((i, f)) => (i, f),
        None => (number, ""),
    };
    let int_digits = integer_digits(int_part)?;
    if number.contains('.') && frac_part.is_empty() {
        return None;
    }
    if !frac_part.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // value = int.frac × 10^scale yuan = int.frac × 10^(scale+2) fen: the fraction must
    // run out within those places, else it is a fraction of a fen.
    let places = scale_zeros + 2;
    let frac = frac_part.trim_end_matches('0');
    if frac.len() > places {
        return None;
    }
    let mut fen: i64 = 0;
    for b in int_digits.bytes().chain(frac.bytes()) {
        fen = fen.checked_mul(10)?.checked_add(i64::from(b - b'0'))?;
    }
    for _ in 0..places - frac.len() {
        fen = fen.checked_mul(10)?;
    }
    Some(fen)
}

/// The digits of the integer part, with thousands separators checked and removed:
/// `12,000` yes, `1,20,00` no. Borrowed when there is none to remove (nearly every
/// amount: a string a row saved).
fn integer_digits(s: &str) -> Option<std::borrow::Cow<'_, str>> {
    if s.is_empty() {
        return None;
    }
    if !s.contains(',') {
        return s
            .bytes()
            .all(|b| b.is_ascii_digit())
            .then_some(std::borrow::Cow::Borrowed(s));
    }
    let mut groups = s.split(',');
    let first = groups.next()?;
    let mut out = String::with_capacity(s.len());
    if first.is_empty() || (first.len() > 3 && s.contains(',')) {
        return None;
    }
    out.push_str(first);
    for g in groups {
        if g.len() != 3 {
            return None;
        }
        out.push_str(g);
    }
    out.bytes()
        .all(|b| b.is_ascii_digit())
        .then_some(std::borrow::Cow::Owned(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_and_grouped_yuan() {
        for (s, fen) in [
            ("12000", 1_200_000),
            ("12,000", 1_200_000),
            ("12,000.00", 1_200_000),
            ("1,234,567.89", 123_456_789),
            ("¥12,000", 1_200_000),
            ("￥12000", 1_200_000),
            ("￥１２，０００．５０", 1_200_050),
            ("12000元", 1_200_000),
            ("12000 元", 1_200_000),
            ("12000.5元", 1_200_050),
            ("12000.50元", 1_200_050),
            ("RMB 500", 50_000),
            ("rmb500", 50_000),
            ("人民币500元", 50_000),
            ("0", 0),
            ("0.01", 1),
            ("  800  ", 80_000),
            ("3000元整", 300_000),
        ] {
            assert_eq!(amount_fen(s), Some(fen), "{s}");
        }
    }

    #[test]
    fn ten_thousands_and_thousands() {
        for (s, fen) in [
            ("1.2万", 1_200_000),
            ("1.2万元", 1_200_000),
            ("3万", 3_000_000),
            ("3.5千", 350_000),
            ("3.5千元", 350_000),
            ("1.23456万", 1_234_560),
            ("1.234567万", 1_234_567),
            ("2亿", 20_000_000_000),
        ] {
            assert_eq!(amount_fen(s), Some(fen), "{s}");
        }
    }

    #[test]
    fn garbage_negatives_and_fractions_of_a_fen() {
        for s in [
            "",
            "元",
            "-500",
            "−500",
            "12.345",
            "1.2345678万",
            "12,00",
            "1,2000",
            "12.",
            ".5",
            "12a",
            "一万二",
            "1.2.3",
            "12000美元",
            "99999999999999999999",
        ] {
            assert_eq!(amount_fen(s), None, "{s}");
        }
    }
}
