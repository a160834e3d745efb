//! Masking of victims' personal data for the TUI and for exports (DESIGN: victim
//! names and phones are masked unless `--unmask` is given).
//!
//! The writers never mask: the commands decide which columns hold personal data and
//! call these helpers while building their listing.

/// Keeps the first character of a name and replaces every other character with `*`:
/// `张三丰` → `张**`, `王五` → `王*`, `Zhang San` → `Z********`. Surrounding
/// whitespace is dropped. A one-character value becomes that character and one `*`
/// so it still reads as masked. Empty stays empty.
pub fn mask_name(s: &str) -> String {
    let s = s.trim();
    let mut chars = s.chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    let rest = chars.count().max(1);
    let mut out = String::with_capacity(first.len_utf8() + rest);
    out.push(first);
    out.extend(std::iter::repeat_n('*', rest));
    out
}

/// Masks the digits of a phone number, keeping the country code (after `+` or `00`),
/// the first three national digits and the last four: `+8613812345678` →
/// `+86138****5678`, `13812345678` → `138****5678`. Shorter numbers keep less: 7–9
/// national digits keep two and two, 5–6 keep the last two, 4 or fewer are all
/// starred.
///
/// Works on raw text as well as on normalised numbers: only digits are replaced,
/// separators and words stay (`138-1234-5678（客服）` → `138-****-5678（客服）`), and
/// several numbers in one cell (split at `; ， , 、 /` or a line break) are masked
/// one by one.
pub fn mask_phone(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find(is_separator) {
        let sep_len = rest[i..].chars().next().map_or(1, char::len_utf8);
        mask_one(&rest[..i], &mut out);
        out.push_str(&rest[i..i + sep_len]);
        rest = &rest[i + sep_len..];
    }
    mask_one(rest, &mut out);
    out
}

/// Masks a victim's name and phone where they stand inside free text (a narrative, a
/// rejected row): the name as [`mask_name`] writes it, and every run of digits that
/// spells the phone's national number, however written (`138 1234 5678`,
/// `１３８…`, `幺三八…`) — its middle digits starred as [`mask_phone`] stars them.
/// A name of one character is too common to hunt for and is left.
pub fn mask_in_text(text: &str, name: &str, phone: &str) -> String {
    let name = name.trim();
    let mut out = if name.chars().count() >= 2 {
        text.replace(name, &mask_name(name))
    } else {
        text.to_string()
    };
    let national = national_digits(phone);
    if national.len() >= 7 {
        out = star_runs(&out, |digits| digits.ends_with(&national[..]));
    }
    out
}

/// Masks every mainland mobile number in free text, however its digits are written:
/// for text whose victim is not known (a rejected row).
pub fn mask_mobiles_in_text(text: &str) -> String {
    star_runs(text, |d| {
        d.len() >= 11 && {
            let n = &d[d.len() - 11..];
            n[0] == 1 && (3..=9).contains(&n[1])
        }
    })
}

/// The last eleven digits of a phone (its national number; fewer when shorter).
fn national_digits(phone: &str) -> Vec<u8> {
    let digits: Vec<u8> = phone
        .chars()
        .filter_map(crate::normalize::digit_of)
        .collect();
    digits[digits.len().saturating_sub(11)..].to_vec()
}

/// Stars the middle digits (all but the first three and the last four of the national
/// number) of each run of digits — single spaces, dashes and dots between them allowed —
/// for which `hit` says yes.
fn star_runs(text: &str, hit: impl Fn(&[u8]) -> bool) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if crate::normalize::digit_of(chars[i]).is_none() {
            i += 1;
            continue;
        }
        // The run: digits, and lone separators between digits.
        let mut at: Vec<usize> = Vec::new();
        let mut j = i;
        while j < chars.len() {
            if crate::normalize::digit_of(chars[j]).is_some() {
                at.push(j);
                j += 1;
            } else if matches!(chars[j], ' ' | '-' | '.' | '\u{3000}')
                && chars
                    .get(j + 1)
                    .is_some_and(|&c| crate::normalize::digit_of(c).is_some())
            {
                j += 1;
            } else {
                break;
            }
        }
        let digits: Vec<u8> = at
            .iter()
            .filter_map(|&k| crate::normalize::digit_of(chars[k]))
            .collect();
        if at.len() >= 7 && hit(&digits) {
            let national = at.len().min(11);
            let start = at.len() - national;
            for &k in &at[start + 3.min(national)..at.len().saturating_sub(4)] {
                chars[k] = '*';
            }
        }
        i = j;
    }
    chars.into_iter().collect()
}

fn is_separator(c: char) -> bool {
    matches!(c, ';' | '；' | ',' | '，' | '、' | '/' | '\n' | '\r')
}

/// ASCII and full-width digits (raw spreadsheet text has both).
fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

fn mask_one(s: &str, out: &mut String) {
    let digits: Vec<u32> = s.chars().filter_map(digit_value).collect();
    let total = digits.len();
    // Country code: after a leading `+`, or after `00` in an international number.
    let trimmed = s.trim_start();
    let prefix = if trimmed.starts_with('+') || trimmed.starts_with('＋') {
        country_code_len(&digits)
    } else if total >= 10 && digits.starts_with(&[0, 0]) {
        2 + country_code_len(&digits[2..])
    } else {
        0
    };
    let national = total - prefix.min(total);
    let (head, tail) = match national {
        10.. => (3, 4),
        7..=9 => (2, 2),
        5..=6 => (0, 2),
        _ => (0, 0),
    };
    let keep_until = prefix + head;
    let keep_from = total - tail;
    let mut n = 0;
    for c in s.chars() {
        if is_digit(c) {
            if n < keep_until || n >= keep_from {
                out.push(c);
            } else {
                out.push('*');
            }
            n += 1;
        } else {
            out.push(c);
        }
    }
}

fn digit_value(c: char) -> Option<u32> {
    if c.is_ascii_digit() {
        c.to_digit(10)
    } else if ('０'..='９').contains(&c) {
        Some(c as u32 - '０' as u32)
    } else {
        None
    }
}

/// Length of the E.164 country code at the start of `digits` (the codes are
/// prefix-free: 1 and 7 are one digit, the listed ones two, the rest three).
fn country_code_len(digits: &[u32]) -> usize {
    let len = match digits {
        [] => 0,
        [1 | 7, ..] => 1,
        [2, 0 | 7, ..]
        | [3, 0..=4 | 6 | 9, ..]
        | [4, 0 | 1 | 3..=9, ..]
        | [5, 1..=8, ..]
        | [6, 0..=6, ..]
        | [8, 1 | 2 | 4 | 6, ..]
        | [9, 0..=5 | 8, ..] => 2,
        _ => 3,
    };
    len.min(digits.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_keep_first_char() {
        assert_eq!(mask_name("张三丰"), "张**");
        assert_eq!(mask_name("王五"), "王*");
        assert_eq!(mask_name("Zhang San"), "Z********");
        assert_eq!(mask_name(" 欧阳娜娜 "), "欧***");
        assert_eq!(mask_name("买买提·艾力"), "买*****");
        assert_eq!(mask_name("李"), "李*");
        assert_eq!(mask_name(""), "");
        assert_eq!(mask_name("   "), "");
        // Idempotent on masked values.
        assert_eq!(mask_name("张**"), "张**");
    }

    #[test]
    fn e164_numbers() {
        assert_eq!(mask_phone("+8613812345678"), "+86138****5678");
        assert_eq!(mask_phone("+863706123456"), "+86370***3456");
        assert_eq!(mask_phone("+12025550123"), "+1202***0123");
        assert_eq!(mask_phone("+85512345678"), "+85512****78");
        assert_eq!(mask_phone("+60123456789"), "+6012*****89");
    }

    #[test]
    fn national_and_raw_text() {
        assert_eq!(mask_phone("13812345678"), "138****5678");
        assert_eq!(mask_phone("138 1234 5678"), "138 **** 5678");
        assert_eq!(mask_phone("138-1234-5678（客服）"), "138-****-5678（客服）");
        assert_eq!(mask_phone("0086 13812345678"), "0086 138****5678");
        assert_eq!(mask_phone("１３８１２３４５６７８"), "１３８****５６７８");
        assert_eq!(
            mask_phone("13812345678；13987654321"),
            "138****5678；139****4321"
        );
        assert_eq!(mask_phone("0370-6123456"), "037*-***3456");
    }

    #[test]
    fn short_values_mostly_starred() {
        assert_eq!(mask_phone("95118"), "***18");
        assert_eq!(mask_phone("1234"), "****");
        assert_eq!(mask_phone("12345678"), "12****78");
        assert_eq!(mask_phone("+86123"), "+86***");
        assert_eq!(mask_phone(""), "");
        assert_eq!(mask_phone("unknown"), "unknown");
    }

    #[test]
    fn a_victims_phone_and_name_are_masked_inside_prose_in_any_digits() {
        let text = "报警人张三丰（13812345678）称，其手机１３８１２３４５６７８、幺三八一二三四五六七八及138 1234 5678均被对方要走，对方号码13999998888";
        let masked = mask_in_text(text, "张三丰", "+86 138-1234-5678");
        assert!(
            !masked.contains("张三丰") && masked.contains("张**"),
            "{masked}"
        );
        assert!(masked.contains("138****5678"), "{masked}");
        assert!(masked.contains("１３８****５６７８"), "{masked}");
        assert!(masked.contains("幺三八****五六七八"), "{masked}");
        assert!(masked.contains("138 **** 5678"), "{masked}");
        assert!(
            masked.contains("13999998888"),
            "the other side's number stays: {masked}"
        );
        assert_eq!(mask_in_text("一个人", "", ""), "一个人");
        let rejected = mask_mobiles_in_text("R9,王五,１３８１２３４５６７８,对方13999998888,95118");
        assert!(rejected.contains("１３８****５６７８"), "{rejected}");
        assert!(rejected.contains("139****8888"), "{rejected}");
        assert!(rejected.contains("95118"), "{rejected}");
    }
}
