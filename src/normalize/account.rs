//! Receiving accounts: bank cards, Alipay user ids, resident ID numbers and e-wallet /
//! e-mail accounts — the rules that tell them apart.
//!
//! An 18-digit string is decided by the resident-ID rules (area, birth date, check
//! character), not by its length: real 18-digit bank cards exist.

use chrono::{Datelike, NaiveDate, Utc};

use super::phone::{self, NumParts, Reading};
use crate::model::{IdKind, flags};

/// Luhn check over ASCII digits. Recorded as a flag only: some banks' cards fail it.
pub(crate) fn luhn_ok(d: &str) -> bool {
    let mut sum = 0u32;
    for (i, b) in d.bytes().rev().enumerate() {
        let mut v = u32::from(b.wrapping_sub(b'0'));
        if v > 9 {
            return false;
        }
        if i % 2 == 1 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    !d.is_empty() && sum.is_multiple_of(10)
}

/// Province-level codes a resident ID number can start with (GB/T 2260, plus 83 for
/// residence permits of Taiwan residents).
const PROVINCES: [u8; 35] = [
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
    53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83,
];

/// A resident ID number per GB 11643: 6-digit area, birth date `YYYYMMDD` from 1900 to
/// today, 3-digit sequence, and a check character (`X` for ten). `id` is upper-case.
pub(crate) fn is_resident_id(id: &str) -> bool {
    let b = id.as_bytes();
    if b.len() != 18 || !b[..17].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let num = |r: std::ops::Range<usize>| -> u32 {
        b[r].iter()
            .fold(0u32, |acc, &c| acc * 10 + u32::from(c - b'0'))
    };
    let province = num(0..2);
    if !PROVINCES.iter().any(|&p| u32::from(p) == province) {
        return false;
    }
    let (year, month, day) = (num(6..10), num(10..12), num(12..14));
    let Some(birth) = NaiveDate::from_ymd_opt(year as i32, month, day) else {
        return false;
    };
    let today = Utc::now().date_naive();
    if year < 1900 || birth > today || today.year() - birth.year() > 130 {
        return false;
    }
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = b[..17]
        .iter()
        .zip(WEIGHTS)
        .map(|(&c, w)| u32::from(c - b'0') * w)
        .sum();
    let check = b"10X98765432"[(sum % 11) as usize];
    b[17] == check
}

/// A run of digits in a receiving-account cell (or a query term): a mobile number a
/// wallet is registered to, a resident ID, an Alipay user id or a bank card.
pub(crate) fn account_number(p: &NumParts) -> Option<Reading> {
    if p.masked {
        return None;
    }
    let d = p.digits.as_str();
    if p.tail_x {
        let id = format!("{d}X");
        return is_resident_id(&id).then_some((IdKind::IdNumber, id, 0));
    }
    // A wallet registered to a phone number: the same value as the caller form, so the
    // linker joins the two.
    let phone_like = p.plus
        || d.starts_with("00")
        || phone::is_cn_mobile(d)
        || (d.len() == 13 && d.starts_with("861"));
    if phone_like && let Some(r) = phone::from_parts(p) {
        return Some(r);
    }
    if p.plus {
        return None;
    }
    if d.len() == 18 && is_resident_id(d) {
        return Some((IdKind::IdNumber, d.to_owned(), 0));
    }
    if d.len() == 16 && d.starts_with("2088") {
        return Some((IdKind::Alipay, d.to_owned(), 0));
    }
    if (13..=19).contains(&d.len()) {
        let f = if luhn_ok(d) { flags::LUHN_OK } else { 0 };
        return Some((IdKind::Card, d.to_owned(), f));
    }
    None
}

/// A bank account where words name it as one (`銀行賬戶（012875004561）`):
/// 10 to 20 digits, from 0 too — accounts abroad and companies' accounts are not cards'
/// 13 to 19 — but not a mainland mobile, which stays the phone a wallet is registered to.
pub(crate) fn named_account(p: &NumParts) -> Option<Reading> {
    let d = p.digits.as_str();
    // What a number of a card's length reads as it stays (a card, an Alipay user id, a
    // wallet registered to a mobile), but `00` opens an account here, not a call abroad.
    if !d.starts_with("00")
        && let Some(r) = account_number(p)
    {
        return Some(r);
    }
    let phone_like = phone::is_cn_mobile(d) || (d.len() == 13 && d.starts_with("861"));
    // Singapore's and Hong Kong's accounts run to 9 digits, written in three or more
    // groups (`503-48821-7`); a date in groups has 8.
    let long_enough = d.len() >= 10 || (d.len() == 9 && p.groups.len() >= 3);
    if p.plus || p.masked || p.tail_x || phone_like || !long_enough || d.len() > 20 {
        return None;
    }
    let f = if luhn_ok(d) { flags::LUHN_OK } else { 0 };
    Some((IdKind::Card, d.to_owned(), f))
}

/// Whether a number after `账号`/`帳戶` alone has a bank account's shape abroad that no
/// game's or platform's id has: from 0 (Taiwan's post office `0031…`, `0081…`), or in
/// dash-separated groups (`582-771930-838`), or led by a bank's code. Not a Taiwan
/// mobile (`09` and 8 digits) nor a service line.
pub(crate) fn bank_shaped(p: &NumParts) -> bool {
    let d = p.digits.as_str();
    let taiwan_mobile = d.len() == 10 && d.starts_with("09");
    // Service lines in dashed groups (`400-820-8820`, `0800-700-365`).
    let service = d.len() == 10 && ["400", "800", "0800"].iter().any(|s| d.starts_with(s));
    !taiwan_mobile && !service && (d.starts_with('0') || p.groups.len() >= 3 || bank_code_led(p))
}

/// A bank's 3-digit code, a dash's worth of gap, then the account's 10 to 14 digits, as
/// Taiwan writes a transfer's payee (`812-00381175402936`, `013-177500284431`): no
/// phone number is grouped so.
pub(crate) fn bank_code_led(p: &NumParts) -> bool {
    !p.plus && matches!(p.groups.as_slice(), [3, n] if (10..=14).contains(n))
}

/// Characters of an e-mail local part.
pub(crate) fn is_email_local(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-')
}

/// Characters of an e-mail domain.
pub(crate) fn is_email_domain(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '-')
}

/// Finds the e-mail address around the `@` at `at`: `(start, end)` in `chars`, or None
/// when the text there is not an address. Leading/trailing dots are left out.
pub(crate) fn email_around(chars: &[char], at: usize) -> Option<(usize, usize)> {
    let mut start = at;
    while start > 0 && is_email_local(chars[start - 1]) {
        start -= 1;
    }
    while start < at && matches!(chars[start], '.' | '-' | '+') {
        start += 1;
    }
    let mut end = at + 1;
    while end < chars.len() && is_email_domain(chars[end]) {
        end += 1;
    }
    while end > at + 1 && matches!(chars[end - 1], '.' | '-') {
        end -= 1;
    }
    if start == at || end <= at + 1 {
        return None;
    }
    let domain = &chars[at + 1..end];
    let last_dot = domain.iter().rposition(|&c| c == '.')?;
    let tld = &domain[last_dot + 1..];
    let labels_ok = domain
        .split(|&c| c == '.')
        .all(|label| !label.is_empty() && label[0] != '-');
    if tld.len() < 2 || !tld.iter().all(char::is_ascii_alphabetic) || !labels_ok {
        return None;
    }
    Some((start, end))
}

/// The canonical form of an e-wallet / e-mail account: lower-case.
pub(crate) fn wallet_value(chars: &[char]) -> String {
    chars.iter().map(char::to_ascii_lowercase).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Field;
    use crate::normalize::identifiers_in_cell;

    fn parts(s: &str) -> NumParts {
        let chars: Vec<char> = s.chars().collect();
        NumParts::from_chars(&chars).unwrap_or_default()
    }

    fn read(s: &str) -> Option<(IdKind, String, u32)> {
        account_number(&parts(s))
    }

    #[test]
    fn luhn() {
        assert!(luhn_ok("4111111111111111"));
        assert!(luhn_ok("6222021234567890128"));
        assert!(!luhn_ok("6222021234567890123"));
        assert!(!luhn_ok(""));
        assert!(!luhn_ok("12a4"));
    }

    #[test]
    fn bank_cards_with_or_without_luhn() {
        assert_eq!(
            read("6222 0212 3456 7890 128"),
            Some((IdKind::Card, "6222021234567890128".into(), flags::LUHN_OK))
        );
        assert_eq!(
            read("6222-0212-3456-7890-123"),
            Some((IdKind::Card, "6222021234567890123".into(), 0))
        );
        assert_eq!(
            read("4111111111111"),
            Some((IdKind::Card, "4111111111111".into(), 0))
        );
        assert_eq!(read("411111111111"), None, "12 digits is no card");
        assert_eq!(read("41111111111111111111"), None, "20 digits is no card");
    }

    #[test]
    fn resident_id_numbers() {
        // GB 11643's own example, and one ending in X.
        assert!(is_resident_id("11010519491231002X"));
        assert!(is_resident_id("440524198001010013"));
        assert!(
            !is_resident_id("11010519491231002x"),
            "upper-cased by the caller"
        );
        assert!(!is_resident_id("110105194912310021"), "wrong check digit");
        assert!(!is_resident_id("110105194902300020"), "30 February");
        assert!(!is_resident_id("990105194912310021"), "no such province");
        assert!(!is_resident_id("110105299912310021"), "born in the future");
        assert_eq!(
            read("11010519491231002X"),
            Some((IdKind::IdNumber, "11010519491231002X".into(), 0))
        );
        assert_eq!(
            read("11010519491231002x"),
            Some((IdKind::IdNumber, "11010519491231002X".into(), 0))
        );
        assert_eq!(
            read("440524198001010013"),
            Some((IdKind::IdNumber, "440524198001010013".into(), 0))
        );
    }

    #[test]
    fn an_eighteen_digit_card_is_decided_by_the_id_rules() {
        assert_eq!(read("621799123456789012").map(|r| r.0), Some(IdKind::Card));
        // A valid-looking area and date but a wrong check digit: a card.
        assert_eq!(read("110105194912310021").map(|r| r.0), Some(IdKind::Card));
        // 17 digits and an X that fails the check is neither.
        assert_eq!(read("11010519491231003X"), None);
    }

    #[test]
    fn alipay_user_ids() {
        assert_eq!(
            read("2088102123456789"),
            Some((IdKind::Alipay, "2088102123456789".into(), 0))
        );
        assert_eq!(
            read("2088 1021 2345 6789").map(|r| r.0),
            Some(IdKind::Alipay)
        );
        // 2088 but not 16 digits: an ordinary card.
        assert_eq!(read("20881021234567890").map(|r| r.0), Some(IdKind::Card));
    }

    #[test]
    fn a_mobile_in_an_account_cell_is_the_callers_phone() {
        let acc = read("13812345678");
        assert_eq!(acc.as_ref().map(|r| r.0), Some(IdKind::Phone));
        let caller = identifiers_in_cell("138-1234-5678", Field::Caller);
        assert_eq!(acc.map(|r| r.1), caller.first().map(|i| i.value.clone()));
        assert_eq!(
            read("+86 138 1234 5678").map(|r| r.1).as_deref(),
            Some("+8613812345678")
        );
    }

    #[test]
    fn short_digit_runs_are_not_accounts() {
        for s in ["12345", "123456789", "0370-6123456", "4006065500", "95588"] {
            assert_eq!(read(s), None, "{s}");
        }
    }

    #[test]
    fn e_mail_spans() {
        let chars: Vec<char> = "支付宝:ABC.x@QQ.com。".chars().collect();
        let at = chars.iter().position(|&c| c == '@').unwrap_or(0);
        let (s, e) = email_around(&chars, at).unwrap_or((0, 0));
        assert_eq!(wallet_value(&chars[s..e]), "abc.x@qq.com");
        for bad in [
            "@qq.com", "abc@", "abc@qq", "abc@qq.c", "abc@.com", "a@b.c0m",
        ] {
            let chars: Vec<char> = bad.chars().collect();
            let at = chars.iter().position(|&c| c == '@').unwrap_or(0);
            assert_eq!(email_around(&chars, at), None, "{bad}");
        }
    }
}
