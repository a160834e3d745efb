//! Dates and date-times to `YYYY-MM-DD` / `YYYY-MM-DD HH:MM`, from the forms spreadsheet
//! exports and case systems write. A date that does not exist (`2026-02-30`) is None:
//! the importer keeps the raw text and warns rather than storing a wrong day.

use chrono::{Datelike, NaiveDate};

use super::digits::fold_cow;

/// A cursor over the folded text.
struct Cursor<'a> {
    s: &'a [char],
    at: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<char> {
        self.s.get(self.at).copied()
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn eat_any(&mut self, set: &[char]) -> Option<char> {
        let c = self.peek()?;
        if set.contains(&c) {
            self.at += 1;
            Some(c)
        } else {
            None
        }
    }

    fn skip_spaces(&mut self) -> bool {
        let from = self.at;
        while self.peek().is_some_and(char::is_whitespace) {
            self.at += 1;
        }
        self.at > from
    }

    /// A number of `min..=max` ASCII digits.
    fn number(&mut self, min: usize, max: usize) -> Option<u32> {
        let from = self.at;
        let mut v = 0u32;
        while self.at - from < max
            && let Some(d) = self.peek().and_then(|c| c.to_digit(10))
        {
            v = v * 10 + d;
            self.at += 1;
        }
        (self.at - from >= min).then_some(v)
    }

    fn done(&self) -> bool {
        self.at == self.s.len()
    }
}

/// A date or date-time to `YYYY-MM-DD` or `YYYY-MM-DD HH:MM` (seconds are dropped).
pub fn date(s: &str) -> Option<String> {
    let folded = fold_cow(s);
    let text = folded.trim();
    // A date is short: its characters on the stack, a longer text in a vector.
    let mut short = ['\0'; 40];
    let long: Vec<char>;
    let chars: &[char] = if text.len() <= short.len() {
        let mut n = 0;
        for (slot, ch) in short.iter_mut().zip(text.chars()) {
            *slot = ch;
            n += 1;
        }
        &short[..n]
    } else {
        long = text.chars().collect();
        &long
    };
    let mut c = Cursor { s: chars, at: 0 };
    let (y, m, d) = ymd(&mut c)?;
    if !(1900..=2100).contains(&y) {
        return None;
    }
    let day = NaiveDate::from_ymd_opt(y as i32, m, d)?;
    let spaced = c.skip_spaces();
    if c.done() {
        return Some(iso_date(day));
    }
    if !spaced {
        // `2026-11-02T14:35`; Chinese dates may run straight into the time.
        c.eat('T');
    }
    let (h, min) = time(&mut c)?;
    c.skip_spaces();
    if !c.done() {
        return None;
    }
    let mut text = iso_date(day);
    text.push(' ');
    push_two_digits(&mut text, h);
    text.push(':');
    push_two_digits(&mut text, min);
    Some(text)
}

/// `YYYY-MM-DD`, as chrono's `%Y-%m-%d` writes a year of four digits (the caller
/// keeps years to 1900–2100), without going through a format string.
fn iso_date(day: NaiveDate) -> String {
    let mut text = String::with_capacity(16);
    let year = day.year().unsigned_abs();
    push_two_digits(&mut text, year / 100);
    push_two_digits(&mut text, year % 100);
    text.push('-');
    push_two_digits(&mut text, day.month());
    text.push('-');
    push_two_digits(&mut text, day.day());
    text
}

/// `n` (below 100) as two digits, zero-padded.
fn push_two_digits(text: &mut String, n: u32) {
    for d in [n / 10 % 10, n % 10] {
        text.push(char::from_digit(d, 10).unwrap_or('0'));
    }
}

fn ymd(c: &mut Cursor) -> Option<(u32, u32, u32)> {
    let start = c.at;
    let y = c.number(4, 8)?;
    if c.at - start == 8 {
        // `20261102`
        return Some((y / 10_000, y / 100 % 100, y % 100));
    }
    if c.at - start != 4 {
        return None;
    }
    let before_spaces = c.at;
    c.skip_spaces();
    if c.eat('年') {
        c.skip_spaces();
        let m = c.number(1, 2)?;
        c.skip_spaces();
        if !c.eat('月') {
            return None;
        }
        c.skip_spaces();
        let d = c.number(1, 2)?;
        c.skip_spaces();
        c.eat_any(&['日', '号'])?;
        return Some((y, m, d));
    }
    c.at = before_spaces;
    let sep = c.eat_any(&['-', '/', '.'])?;
    let m = c.number(1, 2)?;
    if !c.eat(sep) {
        return None;
    }
    let d = c.number(1, 2)?;
    Some((y, m, d))
}

/// `14:35`, `14:35:09`, `9:05`, `14时35分`, `14点35分`, `14时`.
fn time(c: &mut Cursor) -> Option<(u32, u32)> {
    let h = c.number(1, 2)?;
    let min = if c.eat(':') {
        let m = c.number(2, 2)?;
        if c.eat(':') {
            c.number(2, 2)?;
            // Fractions of a second from database exports.
            if c.eat('.') {
                c.number(1, 9)?;
            }
        }
        m
    } else if c.eat_any(&['时', '点']).is_some() {
        match c.number(1, 2) {
            Some(m) => {
                if !c.eat('分') {
                    return None;
                }
                if c.number(1, 2).is_some() && !c.eat('秒') {
                    return None;
                }
                m
            }
            None => 0,
        }
    } else {
        return None;
    };
    (h < 24 && min < 60).then_some((h, min))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        for s in [
            "2026-11-02",
            "2026/11/2",
            "2026/11/02",
            "2026.11.02",
            "2026.11.2",
            "2026年11月2日",
            "2026年11月02日",
            "2026年11月2号",
            "2026 年 11 月 2 日",
            "二〇二六年11月2日",
            "20261102",
            " 2026-11-02 ",
            "２０２６－１１－０２",
        ] {
            assert_eq!(date(s).as_deref(), Some("2026-11-02"), "{s}");
        }
    }

    #[test]
    fn date_times() {
        for (s, want) in [
            ("2026-11-02 14:35", "2026-11-02 14:35"),
            ("2026-11-02 14:35:09", "2026-11-02 14:35"),
            ("2026-11-02T14:35:09", "2026-11-02 14:35"),
            ("2026-11-02 14:35:09.123", "2026-11-02 14:35"),
            ("2026/11/2 9:05", "2026-11-02 09:05"),
            ("2026年11月2日 14:35", "2026-11-02 14:35"),
            ("2026年11月2日14时35分", "2026-11-02 14:35"),
            ("2026年11月2日 14时35分09秒", "2026-11-02 14:35"),
            ("2026年11月2日14点35分", "2026-11-02 14:35"),
            ("2026年11月2日14时", "2026-11-02 14:00"),
            ("2026-11-02 0:00", "2026-11-02 00:00"),
        ] {
            assert_eq!(date(s).as_deref(), Some(want), "{s}");
        }
    }

    #[test]
    fn iso_dates_are_written_as_chrono_writes_them() {
        let mut day = NaiveDate::from_ymd_opt(1900, 1, 1);
        while let Some(d) = day.filter(|d| d.year() <= 2100) {
            assert_eq!(iso_date(d), d.format("%Y-%m-%d").to_string());
            day = d.succ_opt();
        }
        let mut text = String::new();
        for n in 0..100 {
            text.clear();
            push_two_digits(&mut text, n);
            assert_eq!(text, format!("{n:02}"));
        }
    }

    #[test]
    fn a_date_longer_than_the_stack_buffer_reads_the_same() {
        let sp = " ".repeat(8);
        let long = format!("2026{sp}年{sp}11{sp}月{sp}2{sp}日{sp}14:35");
        assert!(long.len() > 40);
        assert_eq!(date(&long).as_deref(), Some("2026-11-02 14:35"));
    }

    #[test]
    fn not_real_dates() {
        for s in [
            "",
            "2026-02-30",
            "2026-13-01",
            "2026-00-10",
            "2025-02-29",
            "20260230",
            "2026-11",
            "2026-11-02 24:00",
            "2026-11-02 14:60",
            "2026-11-02 14",
            "2026-11/02",
            "26-11-02",
            "1899-12-31",
            "2026年11月2",
            "2026-11-02 下午",
            "yesterday",
            "2026-11-02x",
        ] {
            assert_eq!(date(s), None, "{s}");
        }
        assert_eq!(date("2024-02-29").as_deref(), Some("2024-02-29"));
    }
}
