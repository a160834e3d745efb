//! Property tests of the normaliser: every way of writing an identifier gives the same
//! value, normalising a value again changes nothing, and no input makes it panic.

use casebench::model::{Field, IdKind, flags};
use casebench::normalize::{amount_fen, date, fold, identifiers_in_cell, parse_term, phone};
use proptest::prelude::*;

// ---------------------------------------------------------------- rendering helpers

const CHINESE: [&[char]; 10] = [
    &['〇', '零'],
    &['一', '幺'],
    &['二'],
    &['三'],
    &['四'],
    &['五'],
    &['六'],
    &['七'],
    &['八'],
    &['九'],
];

/// How the digits of one written number look.
#[derive(Debug, Clone, Copy)]
enum Script {
    Ascii,
    /// Each digit ASCII or full-width at random.
    Mixed,
    /// Each digit ASCII, full-width or Chinese at random.
    MixedChinese,
    /// Every digit Chinese.
    Chinese,
}

fn script() -> impl Strategy<Value = Script> {
    prop_oneof![
        Just(Script::Ascii),
        Just(Script::Mixed),
        Just(Script::MixedChinese),
        Just(Script::Chinese),
    ]
}

/// Random bytes that drive per-digit and per-group choices.
fn seeds() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(any::<u8>(), 48)
}

struct Pen<'a> {
    seeds: &'a [u8],
    at: usize,
}

impl Pen<'_> {
    fn next(&mut self) -> u8 {
        let s = self.seeds.get(self.at % self.seeds.len().max(1)).copied();
        self.at += 1;
        s.unwrap_or(0)
    }

    fn digit(&mut self, d: char, script: Script) -> char {
        let i = d.to_digit(10).unwrap_or(0) as usize;
        let full_width = char::from_u32(0xFF10 + i as u32).unwrap_or(d);
        let chinese = CHINESE[i][usize::from(self.next()) % CHINESE[i].len()];
        match script {
            Script::Ascii => d,
            Script::Mixed => [d, full_width][usize::from(self.next() % 2)],
            Script::MixedChinese => [d, full_width, chinese][usize::from(self.next() % 3)],
            Script::Chinese => chinese,
        }
    }

    fn digits(&mut self, digits: &str, script: Script) -> String {
        digits.chars().map(|d| self.digit(d, script)).collect()
    }

    /// Splits `digits` into groups of 1–4 joined by `sep`.
    fn grouped(&mut self, digits: &str, sep: &str, script: Script) -> String {
        let mut out = String::new();
        let chars: Vec<char> = digits.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let len = (usize::from(self.next()) % 4 + 1).min(chars.len() - i);
            if i > 0 {
                out.push_str(sep);
            }
            let group: String = chars[i..i + len].iter().collect();
            out.push_str(&self.digits(&group, script));
            i += len;
        }
        out
    }

    fn pick<'s>(&mut self, options: &[&'s str]) -> &'s str {
        options[usize::from(self.next()) % options.len()]
    }
}

fn values(cell: &str, field: Field) -> Vec<(IdKind, String)> {
    identifiers_in_cell(cell, field)
        .into_iter()
        .map(|i| (i.kind, i.value))
        .collect()
}

// ------------------------------------------------------------- generated identifiers

const MOBILE_PREFIXES: &[&str] = &[
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "147", "150", "151",
    "152", "153", "155", "156", "157", "158", "159", "162", "165", "166", "167", "170", "171",
    "172", "173", "175", "176", "177", "178", "180", "181", "182", "183", "184", "185", "186",
    "187", "188", "189", "191", "198", "199",
];

/// A mainland mobile: its 11 national digits.
fn mobile() -> impl Strategy<Value = String> {
    (prop::sample::select(MOBILE_PREFIXES), "[0-9]{8}").prop_map(|(p, rest)| format!("{p}{rest}"))
}

/// A mainland landline: area code (without trunk 0) and local number.
fn landline() -> impl Strategy<Value = (String, String)> {
    let areas: &[(&str, usize)] = &[
        ("10", 8),
        ("20", 8),
        ("21", 8),
        ("22", 8),
        ("23", 8),
        ("24", 8),
        ("25", 8),
        ("27", 8),
        ("28", 8),
        ("29", 8),
        ("370", 7),
        ("371", 8),
        ("571", 8),
        ("755", 8),
    ];
    (prop::sample::select(areas), "[2-8][0-9]{7}").prop_map(|((area, len), local)| {
        let local: String = local.chars().take(len).collect();
        (area.to_owned(), local)
    })
}

/// A foreign mobile: country code and national digits.
fn foreign() -> impl Strategy<Value = (String, String)> {
    let plans: &[(&str, &str, usize)] = &[
        ("855", "12", 6),
        ("855", "17", 6),
        ("60", "12", 7),
        ("60", "17", 7),
        ("95", "925", 7),
        ("63", "917", 7),
        ("63", "928", 7),
        ("886", "9", 8),
        ("852", "5", 7),
        ("852", "9", 7),
    ];
    (prop::sample::select(plans), "[0-9]{8}").prop_map(|((cc, prefix, len), rest)| {
        let rest: String = rest.chars().take(len).collect();
        (cc.to_owned(), format!("{prefix}{rest}"))
    })
}

fn luhn_ok(d: &str) -> bool {
    let sum: u32 = d
        .chars()
        .rev()
        .filter_map(|c| c.to_digit(10))
        .enumerate()
        .map(|(i, v)| match (i % 2, v * 2) {
            (1, w) if w > 9 => w - 9,
            (1, w) => w,
            _ => v,
        })
        .sum();
    sum.is_multiple_of(10)
}

/// A UnionPay-like card of 16–19 digits. Its digits 7–8 are `00`, so it can never
/// read as a resident ID's birth year.
fn card() -> impl Strategy<Value = String> {
    ("[0-9]{4}", "[0-9]{12}", 0usize..=3).prop_map(|(a, b, extra)| {
        let tail: String = b.chars().take(8 + extra).collect();
        format!("62{a}00{tail}")
    })
}

/// A resident ID number with a valid area, birth date and check character.
fn resident_id() -> impl Strategy<Value = String> {
    (
        prop::sample::select(&["110105", "440524", "320102", "510104"][..]),
        1950i32..2005,
        1u32..=12,
        1u32..=28,
        "[0-9]{3}",
    )
        .prop_map(|(area, y, m, d, seq)| {
            let body = format!("{area}{y:04}{m:02}{d:02}{seq}");
            const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
            let sum: u32 = body
                .chars()
                .filter_map(|c| c.to_digit(10))
                .zip(W)
                .map(|(a, w)| a * w)
                .sum();
            let check = b"10X98765432"[(sum % 11) as usize] as char;
            format!("{body}{check}")
        })
}

// ------------------------------------------------ (1) every surface form, one value

proptest! {
    #[test]
    fn mobile_surface_forms_agree(d in mobile(), sc in script(), s in seeds()) {
        let mut pen = Pen { seeds: &s, at: 0 };
        let want = format!("+86{d}");
        let prefix = pen.pick(&["", "+86 ", "+86-", "+86", "0086 ", "0086", "86-", "86 ", "86",
                                "(+86)", "(+86) ", "＋８６ ", "００８６-"]);
        let sep = pen.pick(&["", " ", "-"]);
        let national = match pen.next() % 3 {
            0 => pen.digits(&d, sc),
            1 => format!("{}{sep}{}{sep}{}", pen.digits(&d[..3], sc), pen.digits(&d[3..7], sc),
                         pen.digits(&d[7..], sc)),
            _ => pen.grouped(&d, sep, sc),
        };
        let form = format!("{prefix}{national}");
        let virtual_range = ["162", "165", "167", "170", "171"].iter().any(|p| d.starts_with(p));

        let id = phone(&form);
        prop_assert_eq!(id.as_ref().map(|i| i.value.as_str()), Some(want.as_str()), "{}", form);
        prop_assert_eq!(id.as_ref().map(|i| i.has(flags::VIRTUAL)), Some(virtual_range));
        prop_assert_eq!(parse_term(&form).map(|i| i.value), Some(want.clone()), "{}", form);
        // In a caller cell, with the free text analysts write around it.
        let before = pen.pick(&["", "来电：", "诈骗电话 ", "号码"]);
        let after = pen.pick(&["", "（自称京东客服）", " 自称客服", "；"]);
        let cell = format!("{before}{form}{after}");
        prop_assert_eq!(values(&cell, Field::Caller), vec![(IdKind::Phone, want.clone())], "{}", cell);
        // A wallet registered to the number links with the caller.
        prop_assert_eq!(values(&form, Field::Account), vec![(IdKind::Phone, want.clone())], "{}", form);
        prop_assert_eq!(values(&form, Field::VictimPhone), vec![(IdKind::Phone, want)], "{}", form);
    }

    #[test]
    fn landline_surface_forms_agree((area, local) in landline(), sc in script(), s in seeds()) {
        let mut pen = Pen { seeds: &s, at: 0 };
        let want = format!("+86{area}{local}");
        // A short area code in parentheses is its own run of digits: all Chinese or
        // none (a lone `二` in `(0二1)` is a word, not a digit).
        let area_script = if matches!(sc, Script::MixedChinese) { Script::Mixed } else { sc };
        let a = pen.digits(&format!("0{area}"), area_script);
        let a_no_trunk = pen.digits(&area, sc);
        let l = if pen.next().is_multiple_of(2) || local.len() < 8 {
            pen.digits(&local, sc)
        } else {
            format!("{} {}", pen.digits(&local[..4], sc), pen.digits(&local[4..], sc))
        };
        let form = match pen.next() % 9 {
            0 => format!("{a}-{l}"),
            1 => format!("{a}{l}"),
            2 => format!("{a} {l}"),
            3 => format!("({a}){l}"),
            4 => format!("({a}) {l}"),
            5 => format!("+86 {a_no_trunk} {l}"),
            6 => format!("+86-{a_no_trunk}-{l}"),
            7 => format!("0086 {a_no_trunk} {l}"),
            _ => format!("+86 (0){a_no_trunk} {l}"),
        };
        prop_assert_eq!(phone(&form).map(|i| i.value), Some(want.clone()), "{}", form);
        prop_assert_eq!(parse_term(&form).map(|i| i.value), Some(want.clone()), "{}", form);
        let cell = format!("座机{form}（自称公安局）");
        prop_assert_eq!(values(&cell, Field::Caller), vec![(IdKind::Phone, want)], "{}", cell);
    }

    #[test]
    fn foreign_surface_forms_agree((cc, national) in foreign(), sc in script(), s in seeds()) {
        let mut pen = Pen { seeds: &s, at: 0 };
        let want = format!("+{cc}{national}");
        let cc_text = pen.digits(&cc, Script::Mixed);
        let head = match pen.next() % 5 {
            0 => format!("+{cc_text} "),
            1 => format!("+{cc_text}-"),
            2 => format!("00{cc_text} "),
            3 => format!("(+{cc_text})"),
            _ => format!("＋{cc_text}"),
        };
        let sep = pen.pick(&["", " ", "-"]);
        let form = format!("{head}{}", pen.grouped(&national, sep, sc));
        // The digit-loss bug this guards against: +855 12 345 678 → +855678.
        prop_assert_eq!(phone(&form).map(|i| i.value), Some(want.clone()), "{}", form);
        prop_assert_eq!(parse_term(&form).map(|i| i.value), Some(want.clone()), "{}", form);
        let cell = format!("境外来电 {form}");
        prop_assert_eq!(values(&cell, Field::Caller), vec![(IdKind::Phone, want)], "{}", cell);
    }

    #[test]
    fn card_surface_forms_agree(d in card(), sc in script(), s in seeds()) {
        let mut pen = Pen { seeds: &s, at: 0 };
        let sep = pen.pick(&[" ", "-"]);
        let form = match pen.next() % 3 {
            0 => pen.digits(&d, sc),
            1 => {
                let groups: Vec<String> = d.as_bytes().chunks(4)
                    .map(|g| pen.digits(&String::from_utf8_lossy(g), sc)).collect();
                groups.join(sep)
            }
            _ => pen.grouped(&d, sep, sc),
        };
        let before = pen.pick(&["", "工商银行 ", "卡号：", "中国银行", "收款卡"]);
        let after = pen.pick(&["", "（户名：李四）", " 张三", "，"]);
        let cell = format!("{before}{form}{after}");
        let found = identifiers_in_cell(&cell, Field::Account);
        prop_assert_eq!(found.len(), 1, "{}", cell);
        prop_assert_eq!(found[0].kind, IdKind::Card);
        prop_assert_eq!(&found[0].value, &d);
        prop_assert_eq!(found[0].has(flags::LUHN_OK), luhn_ok(&d));
        prop_assert_eq!(parse_term(&form).map(|i| (i.kind, i.value)), Some((IdKind::Card, d)), "{}", form);
    }

    #[test]
    fn resident_ids_are_never_cards(id in resident_id(), lower in any::<bool>()) {
        let written = if lower { id.to_lowercase() } else { id.clone() };
        prop_assert_eq!(values(&written, Field::Account), vec![(IdKind::IdNumber, id.clone())]);
        prop_assert_eq!(parse_term(&written).map(|i| i.value), Some(id));
    }
}

// ------------------------------------------------------- (2) normalising twice is a no-op

/// Canonical values with the column they come from.
fn canonical() -> impl Strategy<Value = (IdKind, String, Field)> {
    prop_oneof![
        mobile().prop_map(|d| (IdKind::Phone, format!("+86{d}"), Field::Caller)),
        landline().prop_map(|(a, l)| (IdKind::Phone, format!("+86{a}{l}"), Field::Caller)),
        foreign().prop_map(|(cc, n)| (IdKind::Phone, format!("+{cc}{n}"), Field::Caller)),
        prop::sample::select(
            &[
                "95118",
                "95588",
                "10086",
                "12315",
                "4006065500",
                "8008208820"
            ][..]
        )
        .prop_map(|s| (IdKind::Service, s.to_owned(), Field::Caller)),
        card().prop_map(|d| (IdKind::Card, d, Field::Account)),
        "2088[0-9]{12}".prop_map(|d| (IdKind::Alipay, d, Field::Account)),
        resident_id().prop_map(|d| (IdKind::IdNumber, d, Field::Account)),
        "[a-z0-9][a-z0-9._]{0,10}@[a-z]{2,8}\\.(com|cn|net)".prop_map(|d| (
            IdKind::Wallet,
            d,
            Field::Account
        )),
        "[1-9][0-9]{4,10}".prop_map(|d| (IdKind::Qq, d, Field::Contact)),
        "wxid_[a-z0-9]{6,14}".prop_map(|d| (IdKind::Wechat, d, Field::Contact)),
        "[0-9]{0,6}\\*[0-9]{3,6}".prop_map(|d| (IdKind::Partial, d, Field::Account)),
    ]
}

proptest! {
    #[test]
    fn normalising_a_value_again_changes_nothing((kind, value, field) in canonical()) {
        // Only values that are what they were made to be (a Qq id that is a mobile
        // number in a contact column reads as the phone, by design).
        prop_assume!(!(kind == IdKind::Qq && value.len() == 11 && value.starts_with('1')));
        let found = identifiers_in_cell(&value, field);
        prop_assert_eq!(found.len(), 1, "{}", value);
        prop_assert_eq!(found[0].kind, kind);
        prop_assert_eq!(&found[0].value, &value);
        prop_assert_eq!(&found[0].display, &value);
        if matches!(kind, IdKind::Phone | IdKind::Service) {
            prop_assert_eq!(phone(&value).map(|i| i.value), Some(value.clone()));
        }
        if !matches!(kind, IdKind::Qq | IdKind::Wechat) {
            prop_assert_eq!(parse_term(&value).map(|i| (i.kind, i.value)), Some((kind, value)));
        }
    }

    /// Whatever a cell yields, the value read again as a query term is the same
    /// identifier (QQ and WeChat ids need their column or cue, so they are left out).
    #[test]
    fn found_values_are_fixed_points(cell in cellish(), field in field()) {
        for id in identifiers_in_cell(&cell, field) {
            if matches!(id.kind, IdKind::Qq | IdKind::Wechat) {
                continue;
            }
            let again = parse_term(&id.value).map(|i| (i.kind, i.value));
            prop_assert_eq!(again, Some((id.kind, id.value.clone())), "{} in {}", id.value, cell);
        }
    }

    #[test]
    fn fold_is_idempotent(s in "\\PC{0,40}") {
        let once = fold(&s);
        prop_assert_eq!(fold(&once), once);
    }

    /// Every written digit survives into the E.164 value, except one trunk `0` after
    /// the country code.
    #[test]
    fn phones_never_lose_digits(d in "[1-9][0-9]{6,14}", sep in prop::sample::select(&["", " ", "-"][..])) {
        let spaced: String = d.chars().enumerate()
            .flat_map(|(i, c)| if i > 0 && i % 3 == 0 { format!("{sep}{c}") } else { c.to_string() }.chars().collect::<Vec<_>>())
            .collect();
        if let Some(id) = phone(&format!("+{spaced}")) && id.kind == IdKind::Phone {
            let got = id.value.trim_start_matches('+');
            if got != d {
                let k = got.bytes().zip(d.bytes()).take_while(|(a, b)| a == b).count();
                let without_zero = format!("{}{}", &d[..k], &d[k + 1..]);
                prop_assert!(d.as_bytes()[k] == b'0' && without_zero == got, "{} → {}", d, got);
            }
        }
    }
}

// -------------------------------------------------------------------- (3) no panics

fn field() -> impl Strategy<Value = Field> {
    prop_oneof![
        Just(Field::Caller),
        Just(Field::Account),
        Just(Field::VictimPhone),
        Just(Field::Contact),
    ]
}

/// Strings made of what cells are made of: digits in every script, masks, separators,
/// cue words, prefixes — dense in the cases the scanner has to decide.
fn cellish() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(
        &[
            "0",
            "1",
            "3",
            "5",
            "8",
            "9",
            "13",
            "86",
            "138",
            "6222",
            "2088",
            "1234",
            "00",
            "+",
            "(",
            ")",
            "（",
            "）",
            " ",
            "-",
            "--",
            "*",
            "**",
            "x",
            "X",
            "×",
            "•",
            "…",
            ".",
            "@",
            "qq.com",
            "abc",
            "wxid_",
            "QQ",
            "微信",
            "wx",
            "尾号",
            "ending ",
            "支付宝:",
            "，",
            ";",
            "、",
            "/",
            "|",
            "\n",
            "一",
            "幺",
            "〇",
            "三",
            "十",
            "万",
            "１",
            "８",
            "６",
            "：",
            "号",
            "为",
            "李四",
            "年",
            "月",
            "日",
            "元",
        ][..],
    );
    prop::collection::vec(pieces, 0..24).prop_map(|v| v.concat())
}

proptest! {
    #[test]
    fn no_panic_on_arbitrary_text(s in "\\PC{0,60}", f in field()) {
        let _ = fold(&s);
        let _ = identifiers_in_cell(&s, f);
        let _ = parse_term(&s);
        let _ = phone(&s);
        let _ = amount_fen(&s);
        let _ = date(&s);
    }

    #[test]
    fn no_panic_on_cell_like_text(s in cellish(), f in field()) {
        let _ = fold(&s);
        let found = identifiers_in_cell(&s, f);
        // Reported once each.
        for (i, a) in found.iter().enumerate() {
            for b in &found[i + 1..] {
                prop_assert!(a.kind != b.kind || a.value != b.value, "{:?} twice in {}", a, s);
            }
        }
        let _ = parse_term(&s);
        let _ = phone(&s);
        let _ = amount_fen(&s);
        let _ = date(&s);
    }

    #[test]
    fn amounts_are_exact(yuan in 0i64..10_000_000, fen in 0i64..100) {
        let total = yuan * 100 + fen;
        prop_assert_eq!(amount_fen(&format!("{yuan}.{fen:02}")), Some(total));
        prop_assert_eq!(amount_fen(&format!("¥{yuan}.{fen:02}元")), Some(total));
        // Ten thousands: 4 more places.
        let wan = format!("{}.{:04}{:02}万", yuan / 10_000, yuan % 10_000, fen);
        prop_assert_eq!(amount_fen(&wan), Some(total), "{}", wan);
    }

    #[test]
    fn dates_round_trip(y in 1950i32..2100, ord in 1u32..=365, h in 0u32..24, m in 0u32..60) {
        let Some(d) = chrono::NaiveDate::from_yo_opt(y, ord) else { return Ok(()); };
        let iso = d.format("%Y-%m-%d").to_string();
        prop_assert_eq!(date(&iso), Some(iso.clone()));
        prop_assert_eq!(date(&d.format("%Y/%-m/%-d").to_string()), Some(iso.clone()));
        prop_assert_eq!(date(&d.format("%Y年%-m月%-d日").to_string()), Some(iso.clone()));
        prop_assert_eq!(date(&d.format("%Y%m%d").to_string()), Some(iso.clone()));
        let want = format!("{iso} {h:02}:{m:02}");
        prop_assert_eq!(date(&format!("{iso} {h}:{m:02}:07")), Some(want.clone()));
        prop_assert_eq!(date(&format!("{}{h}时{m}分", d.format("%Y年%-m月%-d日"))), Some(want));
    }
}
