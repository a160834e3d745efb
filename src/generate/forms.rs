//! Noisy renderings of identifiers, amounts and dates: every written form the
//! normalisation bullets of DESIGN.md list, chosen at random per occurrence. Each
//! function appends to a caller-owned buffer so rows are built without allocation.

use std::fmt::Write;

use fastrand::Rng;

use super::ids::{Account, Phone, PhoneClass};
use super::words::{BINS, FOREIGN};

const ZH_DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/// Digits as full-width characters (`１３８…`).
pub fn fullwidth(out: &mut String, digits: &str) {
    for b in digits.bytes() {
        match b {
            b'0'..=b'9' => out.push(char::from_u32(0xFF10 + u32::from(b - b'0')).unwrap_or('0')),
            b'-' => out.push('－'),
            b'+' => out.push('＋'),
            b' ' => out.push('　'),
            _ => out.push(char::from(b)),
        }
    }
}

/// Digits in Chinese (`一三八…`, `〇`), with the spoken `幺` for 1 when `yao`.
pub fn chinese(out: &mut String, digits: &str, yao: bool) {
    for b in digits.bytes() {
        if b.is_ascii_digit() {
            let d = usize::from(b - b'0');
            out.push(if yao && d == 1 { '幺' } else { ZH_DIGITS[d] });
        } else {
            out.push(char::from(b));
        }
    }
}

/// `digits` cut into groups of the given sizes, joined with `sep`.
fn grouped(out: &mut String, digits: &str, groups: &[usize], sep: char) {
    let mut at = 0;
    for (i, g) in groups.iter().enumerate() {
        if at >= digits.len() {
            break;
        }
        if i > 0 {
            out.push(sep);
        }
        let end = if i + 1 == groups.len() {
            digits.len()
        } else {
            (at + g).min(digits.len())
        };
        out.push_str(&digits[at..end]);
        at = end;
    }
}

/// A scammer's phone in one of its written forms.
pub fn phone(out: &mut String, rng: &mut Rng, p: &Phone) {
    let nat = p.national();
    match p.class {
        PhoneClass::Mobile => mobile(out, rng, nat, true),
        PhoneClass::Landline(alen) => {
            let (area, local) = nat.split_at(alen);
            match rng.u8(..10) {
                0..=2 => {
                    let _ = write!(out, "0{area}-{local}");
                }
                3 => {
                    let _ = write!(out, "(0{area}){local}");
                }
                4 => {
                    let _ = write!(out, "（0{area}）{local}");
                }
                5 => {
                    let _ = write!(out, "0{area} {local}");
                }
                6 => {
                    let _ = write!(out, "0{area}{local}");
                }
                7 => {
                    let _ = write!(out, "+86 {area} {local}");
                }
                8 => {
                    let _ = write!(out, "0086-{area}-{local}");
                }
                _ => {
                    out.push('0');
                    fullwidth(out, area);
                    out.push('－');
                    fullwidth(out, local);
                }
            }
        }
        PhoneClass::Foreign(i) => {
            let cc = FOREIGN[i].cc;
            match rng.u8(..8) {
                0..=2 => {
                    let _ = write!(out, "+{cc} ");
                    grouped(out, nat, FOREIGN[i].groups, ' ');
                }
                3 => {
                    let _ = write!(out, "+{cc}{nat}");
                }
                4 => {
                    let _ = write!(out, "00{cc}{nat}");
                }
                5 => {
                    let _ = write!(out, "00{cc} {nat}");
                }
                6 => {
                    let _ = write!(out, "(+{cc}){nat}");
                }
                _ => {
                    let _ = write!(out, "+{cc}-");
                    grouped(out, nat, FOREIGN[i].groups, '-');
                }
            }
        }
    }
}

/// A mainland mobile (11 digits); `wild` allows the rarer forms (Chinese digits…).
pub fn mobile(out: &mut String, rng: &mut Rng, d: &str, wild: bool) {
    let (a, b, c) = (&d[..3], &d[3..7], &d[7..]);
    let roll = if wild { rng.u8(..20) } else { rng.u8(..12) };
    match roll {
        0..=6 => out.push_str(d),
        7 => {
            let _ = write!(out, "{a} {b} {c}");
        }
        8 => {
            let _ = write!(out, "{a}-{b}-{c}");
        }
        9 => {
            let _ = write!(out, "+86 {d}");
        }
        10 => {
            let _ = write!(out, "+86{d}");
        }
        11 => {
            let _ = write!(out, "86-{d}");
        }
        12 => {
            let _ = write!(out, "0086{d}");
        }
        13 => {
            let _ = write!(out, "(+86){d}");
        }
        14 => {
            let _ = write!(out, "+86 {a} {b} {c}");
        }
        15 => {
            let _ = write!(out, "0086 {d}");
        }
        16 | 17 => fullwidth(out, d),
        18 => chinese(out, d, false),
        _ => chinese(out, d, true),
    }
}

/// A bank card, Alipay id or wallet in one of its written forms. `mule` is the
/// account holder's name for an optional `（户名：…）` note.
pub fn account(out: &mut String, rng: &mut Rng, a: &Account, mule: &str, english: bool) {
    match a {
        Account::Card(d, b) => {
            let bin = &BINS[*b];
            match rng.u8(..12) {
                0..=2 => {}
                3 => out.push_str(bin.bank),
                4 => {
                    out.push_str(bin.bank);
                    out.push(' ');
                }
                5 => out.push_str(bin.short),
                6 => {
                    out.push_str(bin.bank);
                    out.push_str("卡号：");
                }
                7 if matches!(bin.bank, "工商银行" | "建设银行" | "农业银行") => {
                    out.push_str("中国");
                    out.push_str(bin.bank);
                    out.push(' ');
                }
                8 if english => out.push_str("card "),
                _ => {}
            }
            match rng.u8(..10) {
                0..=4 => out.push_str(d),
                5 | 6 => grouped(out, d, &[4, 4, 4, 4, 4], ' '),
                7 => grouped(out, d, &[4, 4, 4, 4, 4], '-'),
                8 => grouped(out, d, &[6, 13], ' '),
                _ => fullwidth(out, d),
            }
            if !mule.is_empty() {
                match rng.u8(..12) {
                    0 => {
                        let _ = write!(out, "（户名：{mule}）");
                    }
                    1 => {
                        let _ = write!(out, "(户名:{mule})");
                    }
                    2 => {
                        let _ = write!(out, " 户名{mule}");
                    }
                    3 => {
                        let _ = write!(out, "（开户人：{mule}）");
                    }
                    _ => {}
                }
            }
        }
        Account::Alipay(d) => match rng.u8(..5) {
            0 => {
                let _ = write!(out, "支付宝ID:{d}");
            }
            1 => {
                let _ = write!(out, "支付宝（{d}）");
            }
            2 => {
                let _ = write!(out, "{d}（支付宝）");
            }
            3 => {
                let _ = write!(out, "支付宝{d}");
            }
            _ => out.push_str(d),
        },
        Account::Wallet(m) => {
            let prefix = match rng.u8(..7) {
                0 | 1 => "支付宝:",
                2 => "支付宝：",
                3 => "支付宝账号 ",
                4 => "支付宝 ",
                5 => "支付宝账户：",
                _ => {
                    if english {
                        "alipay: "
                    } else {
                        "支付宝:"
                    }
                }
            };
            out.push_str(prefix);
            if rng.u8(..5) == 0 {
                // Capitalised as typed on a phone; the canonical form is lower case.
                let mut cs = m.chars();
                if let Some(c) = cs.next() {
                    out.push(c.to_ascii_uppercase());
                    out.push_str(cs.as_str());
                }
            } else {
                out.push_str(m);
            }
        }
    }
}

/// A partial card number as a victim remembers it; writes the written form and
/// pushes the truth form (`*1234` or `6222*1234`) into `truth`.
pub fn partial_card(
    out: &mut String,
    truth: &mut String,
    rng: &mut Rng,
    d: &str,
    b: usize,
    english: bool,
) {
    let tail = &d[d.len() - 4..];
    let head = &d[..4];
    match rng.u8(..6) {
        0 | 1 => {
            let _ = write!(out, "尾号{tail}");
            let _ = write!(truth, "*{tail}");
        }
        2 => {
            out.push_str(head);
            for _ in 0..d.len() - 8 {
                out.push('*');
            }
            out.push_str(tail);
            let _ = write!(truth, "{head}*{tail}");
        }
        3 => {
            let _ = write!(out, "****{tail}");
            let _ = write!(truth, "*{tail}");
        }
        4 => {
            let _ = write!(out, "{}卡尾号{tail}", BINS[b].short);
            let _ = write!(truth, "*{tail}");
        }
        _ => {
            if english {
                let _ = write!(out, "ending {tail}");
            } else {
                let _ = write!(out, "{}尾号{tail}", BINS[b].bank);
            }
            let _ = write!(truth, "*{tail}");
        }
    }
}

/// A masked mobile (`138****5678`).
pub fn partial_mobile(out: &mut String, truth: &mut String, d: &str) {
    let _ = write!(out, "{}****{}", &d[..3], &d[7..]);
    let _ = write!(truth, "{}*{}", &d[..3], &d[7..]);
}

/// An official number spoofed as caller, as written.
pub fn official(out: &mut String, rng: &mut Rng, number: &str, owner: &str) {
    if number.len() == 10 {
        match rng.u8(..3) {
            0 => out.push_str(number),
            1 => {
                let _ = write!(out, "{}-{}-{}", &number[..3], &number[3..6], &number[6..]);
            }
            _ => {
                let _ = write!(out, "{} {} {}", &number[..3], &number[3..6], &number[6..]);
            }
        }
    } else {
        out.push_str(number);
    }
    match rng.u8(..5) {
        0 => {
            let _ = write!(out, "（显示为{owner}）");
        }
        1 => {
            let _ = write!(out, "（自称{owner}）");
        }
        _ => {}
    }
}

/// Separators between several values in one cell.
pub fn separator(rng: &mut Rng, english: bool) -> &'static str {
    if english {
        ["; ", ";", ", ", "/", "\n"][rng.usize(..5)]
    } else {
        [";", "；", ",", "，", "、", "/", "\n", " / "][rng.usize(..8)]
    }
}

/// An amount in fen, written in one of the forms of the contract.
pub fn amount(out: &mut String, rng: &mut Rng, fen: u64) {
    let yuan = fen / 100;
    let cents = fen % 100;
    if cents != 0 {
        match rng.u8(..3) {
            0 => {
                let _ = write!(out, "{yuan}.{cents:02}");
            }
            1 => {
                thousands(out, yuan);
                let _ = write!(out, ".{cents:02}");
            }
            _ => {
                out.push('¥');
                thousands(out, yuan);
                let _ = write!(out, ".{cents:02}");
            }
        }
        return;
    }
    let roll = if yuan.is_multiple_of(100) && yuan >= 10_000 {
        rng.u8(..10)
    } else {
        rng.u8(..7)
    };
    match roll {
        0 | 1 => {
            let _ = write!(out, "{yuan}");
        }
        2 => {
            thousands(out, yuan);
            out.push_str(".00");
        }
        3 => {
            out.push('¥');
            thousands(out, yuan);
        }
        4 => {
            out.push('￥');
            let _ = write!(out, "{yuan}");
        }
        5 => {
            let _ = write!(out, "{yuan}元");
        }
        6 => {
            let _ = write!(out, "{yuan}.00");
        }
        r => {
            let w = yuan / 10_000;
            let frac = yuan % 10_000;
            let _ = write!(out, "{w}");
            if frac != 0 {
                let mut f = format!("{frac:04}");
                while f.ends_with('0') {
                    f.pop();
                }
                out.push('.');
                out.push_str(&f);
            }
            out.push_str(if r == 7 { "万" } else { "万元" });
        }
    }
}

fn thousands(out: &mut String, n: u64) {
    let s = n.to_string();
    let first = s.len() % 3;
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (i + 3 - first).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
}

/// A date-time form: 0 `2026-11-02`, 1 `2026/11/2`, 2 `2026.11.02`,
/// 3 `2026-11-02 14:35`, 4 `2026年11月2日`. Returns whether the time was written.
pub fn date(out: &mut String, style: u8, y: i32, m: u32, d: u32, hh: u32, mm: u32) -> bool {
    match style {
        0 => {
            let _ = write!(out, "{y}-{m:02}-{d:02}");
            false
        }
        1 => {
            let _ = write!(out, "{y}/{m}/{d}");
            false
        }
        2 => {
            let _ = write!(out, "{y}.{m:02}.{d:02}");
            false
        }
        3 => {
            let _ = write!(out, "{y}-{m:02}-{d:02} {hh:02}:{mm:02}");
            true
        }
        _ => {
            let _ = write!(out, "{y}年{m}月{d}日");
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_groups() {
        let mut s = String::new();
        for n in [0u64, 12, 123, 1234, 12345, 123456, 1234567] {
            s.clear();
            thousands(&mut s, n);
            assert_eq!(s.replace(',', ""), n.to_string());
        }
        s.clear();
        thousands(&mut s, 1234567);
        assert_eq!(s, "1,234,567");
    }

    #[test]
    fn wan_forms_are_exact() {
        let mut rng = Rng::with_seed(1);
        let mut s = String::new();
        for _ in 0..200 {
            s.clear();
            amount(&mut s, &mut rng, 1_230_000);
            assert!(
                [
                    "12300",
                    "12,300.00",
                    "¥12,300",
                    "￥12300",
                    "12300元",
                    "12300.00",
                    "1.23万",
                    "1.23万元"
                ]
                .contains(&s.as_str()),
                "{s}"
            );
        }
    }

    #[test]
    fn chinese_digits_with_yao() {
        let mut s = String::new();
        chinese(&mut s, "13800", true);
        assert_eq!(s, "幺三八〇〇");
    }
}
