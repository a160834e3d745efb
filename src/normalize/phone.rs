//! Phone numbers: the digits of a written number (`NumParts`), and their reading as an
//! E.164 phone number or a short service number.
//!
//! Parsing and validation are rlibphonenumber's (region CN), through its global
//! `PHONE_NUMBER_UTIL`, so no regex is compiled per call. Its answer is checked for lost
//! digits: the `phonenumber` crate once turned `+855 12 345 678` into `+855678`, and a
//! lost digit silently links unrelated cases.

use rlibphonenumber::{PHONE_NUMBER_UTIL, enums::Region};

use crate::model::{IdKind, flags};

/// The shape of a written number: what the cell scanner and [`super::phone`] both read
/// a span of text into, so import and queries agree.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct NumParts {
    /// Written with a leading `+` (possibly inside a parenthesis: `(+86)`).
    pub plus: bool,
    /// The known digits, in order.
    pub digits: String,
    /// Digits and masks with separators removed and each masked run collapsed to `*`.
    pub shape: String,
    /// Length of the digits-and-masks text before collapsing (how long the number was).
    pub written_len: usize,
    /// Some digits are masked (`138****5678`).
    pub masked: bool,
    /// Digit counts of the groups the separators make (`138 1234 5678` → 3, 4, 4).
    pub groups: Vec<usize>,
    /// Ends with the check character `X` of a resident ID after 17 digits.
    pub tail_x: bool,
}

/// A mask character standing for a hidden digit. `x`/`X` are masks too, but only the
/// cell scanner can tell them from letters, so here they count when it passes them.
pub(crate) fn is_mask_symbol(c: char) -> bool {
    matches!(c, '*' | '×' | '•' | '●' | '＊')
}

/// Separators allowed inside a written number. Not `.`: dots between digits are an
/// ellipsis (`6217…1234`, which NFKC makes `...`), so they mask digits.
pub(crate) fn is_number_gap(c: char) -> bool {
    matches!(c, ' ' | '-' | '(' | ')' | '\t') || (c > '~' && is_other_hyphen(c))
}

/// Hyphens other than ASCII's as word processors and judgments type them (`009─521…`,
/// `0912‐638‐472`); not en or em dashes, which join ranges (`5000—10000元`). Out of line
/// and cold: they hardly ever match, and the scanner's loops compile tighter so (fewer
/// instructions under callgrind than the same test inline).
#[cold]
#[inline(never)]
fn is_other_hyphen(c: char) -> bool {
    matches!(c, '\u{2010}' | '\u{2012}' | '\u{2212}' | '\u{2500}')
}

impl NumParts {
    /// Reads folded characters that make up one number. None when something other than
    /// digits, masks, separators and a leading `+` is there.
    pub fn from_chars(chars: &[char]) -> Option<NumParts> {
        let mut p = NumParts::default();
        p.read(chars).then_some(p)
    }

    /// As [`NumParts::from_chars`], into `self` (its old content dropped, its room
    /// kept): false where that gives None. The cell scanner reads every number into
    /// one `NumParts`.
    pub fn read(&mut self, chars: &[char]) -> bool {
        // Every field named, so that a new one cannot be left over from the last read.
        let NumParts {
            plus,
            digits,
            shape,
            written_len,
            masked,
            groups,
            tail_x,
        } = &mut *self;
        *plus = false;
        digits.clear();
        shape.clear();
        *written_len = 0;
        *masked = false;
        groups.clear();
        *tail_x = false;
        // Room for every character up front: no growing a character at a time.
        digits.reserve(chars.len());
        shape.reserve(chars.len());
        let p = self;
        let mut in_group = false;
        let mut group_digits = 0usize;
        let mut last_was_mask = false;
        let n = chars.len();
        for (i, &c) in chars.iter().enumerate() {
            let is_x = matches!(c, 'x' | 'X');
            if c.is_ascii_digit() {
                p.digits.push(c);
                p.shape.push(c);
                p.written_len += 1;
                group_digits += 1;
                in_group = true;
                last_was_mask = false;
            } else if is_x && i + 1 == n && p.digits.len() == 17 && !p.masked {
                // The check character of a resident ID, not a mask.
                p.tail_x = true;
            } else if is_mask_symbol(c) || is_x || c == '.' {
                p.masked = true;
                p.written_len += 1;
                if !last_was_mask {
                    p.shape.push('*');
                }
                in_group = true;
                last_was_mask = true;
            } else if c == '+' {
                // Only before any digit: `+86`, `(+86)`.
                if p.plus || !p.shape.is_empty() {
                    return false;
                }
                p.plus = true;
            } else if is_number_gap(c) || matches!(c, '—' | '–') {
                // Em and en dashes join groups once a number stands alone (the scanner
                // lets one into a number only after an area code: `5000—10000元` is a
                // range).
                if in_group {
                    p.groups.push(group_digits);
                    group_digits = 0;
                    in_group = false;
                }
            } else {
                return false;
            }
        }
        if in_group {
            p.groups.push(group_digits);
        }
        !p.shape.is_empty()
    }

    /// Digits in the first group.
    pub fn first_group(&self) -> usize {
        self.groups.first().copied().unwrap_or(0)
    }
}

/// An 11-digit mainland mobile number (`1` then `3`–`9`).
pub(crate) fn is_cn_mobile(d: &str) -> bool {
    let b = d.as_bytes();
    b.len() == 11
        && b[0] == b'1'
        && (b'3'..=b'9').contains(&b[1])
        && b.iter().all(u8::is_ascii_digit)
}

/// Platform lines of six digits (`95` and four more) read as service numbers: JD's.
const SIX_DIGIT_LINES: &[&str] = &["950618"];

/// Short service numbers kept as dialled: bank and platform hotlines (`95xxx`, `96xxx`),
/// carriers (`10086`, `10000`), government lines (`12315`, `12110`), and the national
/// 10-digit `400`/`800` numbers.
pub(crate) fn is_service(d: &str) -> bool {
    if !d.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    match d.len() {
        // `18222`: Hong Kong's Anti-Scam Helpline, told in victims' stories as 96110 is.
        5 => {
            ["95", "96", "100", "121", "123"]
                .iter()
                .any(|p| d.starts_with(p))
                || d == "18222"
        }
        // Six-digit platform lines by name only: a six-digit `95…` is as often a one-time
        // code (`验证码951234`), which must never link two cases.
        6 => SIX_DIGIT_LINES.contains(&d),
        10 => d.starts_with("400") || d.starts_with("800"),
        _ => false,
    }
}

/// Mainland virtual-operator ranges: a known fraud signal.
fn is_virtual_range(national: &str) -> bool {
    national.len() == 11
        && ["162", "165", "167", "170", "171"]
            .iter()
            .any(|p| national.starts_with(p))
}

/// A phone reading: kind, canonical value, flags.
pub(crate) type Reading = (IdKind, String, u32);

fn phone_reading(cc: &str, national: &str) -> Reading {
    let mut f = 0;
    if cc == "86" && is_virtual_range(national) {
        f |= flags::VIRTUAL;
    }
    let mut value = String::with_capacity(1 + cc.len() + national.len());
    value.push('+');
    value.push_str(cc);
    value.push_str(national);
    (IdKind::Phone, value, f)
}

/// Reads the digits of a written number as a phone or service number.
pub(crate) fn from_parts(p: &NumParts) -> Option<Reading> {
    if p.masked || p.tail_x {
        return None;
    }
    let d = p.digits.as_str();
    if d.len() < 5 || d.len() > 17 {
        return None;
    }
    let international = if p.plus {
        Some(d)
    } else if let Some(rest) = d.strip_prefix("00") {
        Some(rest)
    } else if d.starts_with("86")
        && ((d.len() == 13 && d.as_bytes()[2] == b'1') || (p.first_group() == 2 && d.len() >= 11))
    {
        // `8613812345678`, `86-370-6123456`: the country code written without `+`.
        Some(d)
    } else {
        None
    };
    match international {
        Some(intl) => international_number(intl),
        None if is_service(d) => Some((IdKind::Service, d.to_owned(), 0)),
        None => national_number(d),
    }
}

/// The national digits to keep, given what was written after the country code and
/// what the library made of it. The library may drop a trunk `0` (`+86 (0)370…`,
/// `+44 (0)20…`); any other difference is a lost or changed digit, and then the written
/// digits win. The second value says whether the library's reading was kept.
fn guard_national<'a>(written: &'a str, library: &'a str) -> (&'a str, bool) {
    if library == written || written.strip_prefix('0') == Some(library) {
        (library, true)
    } else {
        (written.strip_prefix('0').unwrap_or(written), false)
    }
}

/// A number written with its country code (the digits after `+` or `00`).
fn international_number(intl: &str) -> Option<Reading> {
    if let Some(national) = intl.strip_prefix("86") {
        if is_service(national) {
            return Some((IdKind::Service, national.to_owned(), 0));
        }
        if is_cn_mobile(national) {
            return Some(phone_reading("86", national));
        }
    }
    let mut text = String::with_capacity(intl.len() + 1);
    text.push('+');
    text.push_str(intl);
    let number = PHONE_NUMBER_UTIL.parse(&text, None).ok()?;
    let cc = number.country_code.to_string();
    let written = intl.strip_prefix(cc.as_str())?;
    let nsn = number.get_national_significant_number();
    let (national, trusted) = guard_national(written, &nsn);
    // A national part starting with 0 stays only where the country keeps its 0 in
    // E.164 (`+39 06…`). Elsewhere (`+86 00…`) the library strips one 0 per reading,
    // so the value would read back as another number and a query for it would miss
    // its own case: such a number is read as none. Rare, so the second parse is too.
    if national.starts_with('0') {
        let again = PHONE_NUMBER_UTIL
            .parse(format!("+{cc}{national}"), None)
            .ok()?;
        if again.get_national_significant_number() != national {
            return None;
        }
    }
    if !trusted {
        // The library's verdict is about another number; judge the written one by
        // length alone (E.164 allows up to 15 digits with the country code).
        let ok = national.len() >= 4 && cc.len() + national.len() <= 15;
        return ok.then(|| phone_reading(&cc, national));
    }
    if cc == "86" && is_cn_mobile(national) {
        return Some(phone_reading(&cc, national));
    }
    // The length check first: it is cheap and answers for most numbers, and both are
    // questions about the same parsed number, so their order changes no answer.
    if !(is_possible_dialable(&number) || number.is_valid()) {
        return None;
    }
    // E.164 is `+`, the country code and the national significant number: built from
    // the guarded digits rather than formatted, so nothing the guard checked can change.
    Some(phone_reading(&cc, national))
}

/// A length a whole number can have (not one only dialled locally within an area).
fn is_possible_dialable(number: &rlibphonenumber::PhoneNumber) -> bool {
    matches!(
        number.is_possible_with_reason(),
        Ok(rlibphonenumber::NumberLengthType::IsPossible)
    )
}

/// A mainland number written nationally: a mobile, or a landline with its area code.
fn national_number(d: &str) -> Option<Reading> {
    if is_cn_mobile(d) {
        // E.164 of a mainland mobile is `+86` and its 11 digits; asking the library
        // would cost a parse per cell (a quarter of the import budget) to learn nothing,
        // and a range its metadata does not know yet is still a number to link on.
        return Some(phone_reading("86", d));
    }
    // A landline written nationally carries its trunk 0 (`0370-…`). Without it a run of
    // digits is more often a date or a count than a phone (`2026110214` is a valid
    // Guangzhou number and a date-time).
    if !d.starts_with('0') {
        return None;
    }
    let number = PHONE_NUMBER_UTIL.parse(d, Some(Region::CN)).ok()?;
    if number.country_code != 86 {
        return None;
    }
    let nsn = number.get_national_significant_number();
    let (national, trusted) = guard_national(d, &nsn);
    if !trusted {
        // An area code of 2–3 digits and a local number of 7–8.
        return (9..=11)
            .contains(&national.len())
            .then(|| phone_reading("86", national));
    }
    // The length check first: it is cheap and answers for most numbers, and both are
    // questions about the same parsed number, so their order changes no answer.
    if !(is_possible_dialable(&number) || number.is_valid()) {
        return None;
    }
    Some(phone_reading("86", national))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::phone as parse;

    fn value(s: &str) -> Option<String> {
        parse(s).map(|id| id.value)
    }

    fn kind(s: &str) -> Option<IdKind> {
        parse(s).map(|id| id.kind)
    }

    /// A value read from a cell reads back as itself: a national part with a 0 the
    /// library would strip on the next reading is no phone (found by the property
    /// test `found_values_are_fixed_points`); a country that keeps its 0 keeps it.
    #[test]
    fn a_kept_trunk_zero_must_read_back_as_itself() {
        assert_eq!(value("86 0013862220"), None);
        assert_eq!(value("+86 0013862220"), None);
        let rome = value("+39 06 6982 1234").expect("a Rome number");
        assert_eq!(rome, "+390669821234");
        assert_eq!(value(&rome), Some(rome));
    }

    #[test]
    fn mainland_mobile_in_every_written_form() {
        for s in [
            "13812345678",
            "138 1234 5678",
            "138-1234-5678",
            "+86 138 1234 5678",
            "+8613812345678",
            "+86-138-1234-5678",
            "0086 138 1234 5678",
            "008613812345678",
            "86-138-1234-5678",
            "8613812345678",
            "(+86)138 1234 5678",
            "(+86) 13812345678",
            "１３８１２３４５６７８",
            "＋８６ １３８ １２３４ ５６７８",
            "一三八一二三四五六七八",
            "幺三八 幺二三四 五六七八",
            "  13812345678  ",
        ] {
            assert_eq!(value(s).as_deref(), Some("+8613812345678"), "{s}");
            assert_eq!(kind(s), Some(IdKind::Phone), "{s}");
        }
    }

    #[test]
    fn mainland_landline_in_every_written_form() {
        for s in [
            "0370-6123456",
            "(0370)6123456",
            "(0370) 612 3456",
            "03706123456",
            "+86 370 6123456",
            "+86-370-6123456",
            "0086 370 6123456",
            "86-370-6123456",
            "+86 (0)370 6123456",
            "０３７０－６１２３４５６",
            "〇三七〇-六一二三四五六",
        ] {
            assert_eq!(value(s).as_deref(), Some("+863706123456"), "{s}");
        }
        for s in ["010-12345678", "(010)12345678", "+86 10 1234 5678"] {
            assert_eq!(value(s).as_deref(), Some("+861012345678"), "{s}");
        }
        for s in ["021-61234567", "+86 21 6123 4567"] {
            assert_eq!(value(s).as_deref(), Some("+862161234567"), "{s}");
        }
    }

    #[test]
    fn foreign_numbers_keep_every_digit() {
        let cases: &[(&[&str], &str)] = &[
            (
                &[
                    "+855 12 345 678",
                    "+85512345678",
                    "00855 12 345 678",
                    "+855-12-345-678",
                ],
                "+85512345678",
            ),
            (
                &["+60 12 345 6789", "+60123456789", "0060 12-345 6789"],
                "+60123456789",
            ),
            (
                &["+95 9 250 123 456", "+959250123456", "0095 9250123456"],
                "+959250123456",
            ),
            (
                &["+63 917 123 4567", "+639171234567", "0063 917-123-4567"],
                "+639171234567",
            ),
            (
                &["+886 912 345 678", "+886912345678", "00886-912-345-678"],
                "+886912345678",
            ),
            (
                &[
                    "+852 5123 4567",
                    "+85251234567",
                    "00852 5123 4567",
                    "(+852)51234567",
                ],
                "+85251234567",
            ),
        ];
        for (forms, want) in cases {
            for s in *forms {
                assert_eq!(value(s).as_deref(), Some(*want), "{s}");
            }
        }
    }

    #[test]
    fn a_trunk_zero_written_after_the_country_code_is_dropped() {
        assert_eq!(value("+855 012 345 678").as_deref(), Some("+85512345678"));
        assert_eq!(
            value("+44 (0)20 7183 8750").as_deref(),
            Some("+442071838750")
        );
    }

    #[test]
    fn the_guard_keeps_the_written_digits_when_the_library_loses_some() {
        // What `phonenumber` 0.3.10 returned for these: the guard must not accept it.
        assert_eq!(guard_national("12345678", "678"), ("12345678", false));
        assert_eq!(guard_national("123456789", "6789"), ("123456789", false));
        assert_eq!(guard_national("012345678", "2345678"), ("12345678", false));
        // A trunk 0 dropped by the library is legitimate; so is nothing dropped.
        assert_eq!(guard_national("012345678", "12345678"), ("12345678", true));
        assert_eq!(guard_national("12345678", "12345678"), ("12345678", true));
    }

    #[test]
    fn the_digit_loss_guard_falls_back_to_the_written_digits() {
        // Exercised directly: whatever the library returns, every written digit stays.
        for s in ["+855 12 345 678", "+60 12 345 6789", "+95 9 250 123 456"] {
            let v = value(s).unwrap_or_default();
            let written: String = s.chars().filter(char::is_ascii_digit).collect();
            assert_eq!(v.trim_start_matches('+'), written, "{s}");
        }
    }

    #[test]
    fn service_numbers_are_kept_as_dialled() {
        for (s, want) in [
            ("95118", "95118"),
            ("950618", "950618"),
            ("18222", "18222"),
            ("95588", "95588"),
            ("96110", "96110"),
            ("10086", "10086"),
            ("12315", "12315"),
            ("4006065500", "4006065500"),
            ("400-606-5500", "4006065500"),
            ("400 606 5500", "4006065500"),
            ("800-820-8820", "8008208820"),
            ("９５５８８", "95588"),
            ("+86 400 606 5500", "4006065500"),
            ("+86 95588", "95588"),
        ] {
            let id = parse(s);
            assert_eq!(id.as_ref().map(|i| i.kind), Some(IdKind::Service), "{s}");
            assert_eq!(id.map(|i| i.value).as_deref(), Some(want), "{s}");
        }
    }

    #[test]
    fn virtual_operator_ranges_are_flagged() {
        for s in [
            "16212345678",
            "16512345678",
            "167 1234 5678",
            "+86 170 1234 5678",
            "17112345678",
        ] {
            let id = parse(s);
            assert!(
                id.as_ref().is_some_and(|i| i.has(flags::VIRTUAL)),
                "{s}: {id:?}"
            );
        }
        for s in ["13812345678", "17212345678", "+85512345678"] {
            let id = parse(s);
            assert!(
                id.as_ref().is_some_and(|i| !i.has(flags::VIRTUAL)),
                "{s}: {id:?}"
            );
        }
    }

    #[test]
    fn display_is_the_trimmed_input() {
        let id = parse("  138-1234-5678 ");
        assert_eq!(id.map(|i| i.display).as_deref(), Some("138-1234-5678"));
    }

    proptest::proptest! {
        #[test]
        fn reading_into_used_parts_is_reading_anew(
            first in "[0-9*xX+ ()\\-.a]{0,24}",
            second in "[0-9*xX+ ()\\-.a]{0,24}",
        ) {
            let chars = |s: &str| s.chars().collect::<Vec<char>>();
            let mut used = NumParts::default();
            used.read(&chars(&first));
            let ok = used.read(&chars(&second));
            let fresh = NumParts::from_chars(&chars(&second));
            proptest::prop_assert_eq!(ok.then_some(used), fresh);
        }
    }

    #[test]
    fn not_phone_numbers() {
        for s in [
            "",
            "abc",
            "1234",
            "12345678",
            "1381234567",
            "138123456789",
            "2026110214",
            "3706123456",
            "138****5678",
            "6222021234567890123",
            "+",
            "+86",
            "13812345678（自称京东客服）",
            "1-3-8",
            "+86+13812345678",
        ] {
            assert_eq!(parse(s), None, "{s}");
        }
    }
}
