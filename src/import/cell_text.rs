//! A workbook cell as the analyst sees it, as text for the CSV pipeline: an integral
//! number as its digits (a phone or card stored as a number: never `1.38E+10`, never a
//! trailing `.0`), a date cell as `2026-11-02` (`2026-11-02 14:35` with a time), an
//! amount to the fen without binary-float noise, booleans and errors as Excel prints
//! them, strings as they are.
//!
//! A number of more than 15 digits is where Excel loses data: it keeps 15 significant
//! digits, so a 19-digit card typed as a number is stored as `622202123456789` and four
//! zeros. Such a number is written with its lost digits masked (`622202123456789****`),
//! which the normaliser reads as a partial identifier (searchable, a possible link,
//! never a hard link), and the cell carries a warning. A 16-digit number is trusted as
//! it is only when it cannot have been rounded: below 2^53 (where a double holds every
//! integer exactly) and not ending in 0 (Excel's rounding always leaves a 0 there) —
//! a file written by a program rather than typed into Excel.

use calamine::{Data, ExcelDateTime};

/// The digits Excel keeps of a number.
const EXCEL_DIGITS: usize = 15;

/// 2^53: below it a double holds every integer exactly.
const EXACT_INTEGERS: f64 = 9_007_199_254_740_992.0;

/// A cell's text, and how many of its digits were lost (a number Excel rounded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct CellText {
    pub text: String,
    pub lost_digits: usize,
}

impl CellText {
    fn exact(text: String) -> CellText {
        CellText {
            text,
            lost_digits: 0,
        }
    }
}

/// The cell's text; `amount` when its column is the amount (read to the fen).
pub(super) fn cell_text(cell: &Data, amount: bool) -> CellText {
    match cell {
        Data::Empty => CellText::exact(String::new()),
        Data::String(s) => CellText::exact(s.clone()),
        Data::Int(i) => CellText::exact(i.to_string()),
        Data::Float(f) => number_text(*f, amount),
        Data::Bool(b) => CellText::exact(if *b { "TRUE" } else { "FALSE" }.to_string()),
        Data::Error(e) => CellText::exact(e.to_string()),
        Data::DateTime(dt) => CellText::exact(datetime_text(dt)),
        Data::DateTimeIso(s) => CellText::exact(iso_datetime_text(s)),
        Data::DurationIso(s) => CellText::exact(s.clone()),
    }
}

/// A number as Excel shows it in a wide enough General cell (see the module doc).
fn number_text(v: f64, amount: bool) -> CellText {
    if !v.is_finite() {
        return CellText::exact(v.to_string());
    }
    if v.fract() == 0.0 {
        return integer_text(v);
    }
    if amount && let Some(fen) = whole_fen(v) {
        return CellText::exact(yuan_text(fen));
    }
    // 15 significant digits, as Excel: 0.1 + 0.2 shows 0.3, not 0.30000000000000004.
    let shown = format!("{v:.14e}").parse::<f64>().unwrap_or(v);
    CellText::exact(shown.to_string())
}

fn integer_text(v: f64) -> CellText {
    let magnitude = v.abs();
    // Integral and below 2^63 here, so the cast is exact.
    if magnitude < 1e15 || (magnitude < EXACT_INTEGERS && (magnitude as i64) % 10 != 0) {
        return CellText::exact(format!("{}", v as i64));
    }
    // `6.22202123456789e18`: the 15 digits Excel kept, and the power of ten.
    let scientific = format!("{magnitude:.14e}");
    let Some((mantissa, exponent)) = scientific.split_once('e') else {
        return CellText::exact(v.to_string());
    };
    let kept: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let digits = exponent.parse::<usize>().unwrap_or(0) + 1;
    let lost_digits = digits.saturating_sub(EXCEL_DIGITS);
    let sign = if v < 0.0 { "-" } else { "" };
    CellText {
        text: format!("{sign}{kept}{}", "*".repeat(lost_digits)),
        lost_digits,
    }
}

/// The amount in whole fen when it is one up to binary-float noise (1234.5600000001).
fn whole_fen(yuan: f64) -> Option<i64> {
    let fen = yuan * 100.0;
    let whole = fen.round();
    ((fen - whole).abs() < 1e-4 && whole.abs() < 9e15).then_some(whole as i64)
}

/// Fen as yuan, trailing zero decimals dropped: `1234.56`, `1234.5`, `-0.05`.
fn yuan_text(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let (yuan, cents) = (fen.unsigned_abs() / 100, fen.unsigned_abs() % 100);
    match cents {
        0 => format!("{sign}{yuan}"),
        c if c % 10 == 0 => format!("{sign}{yuan}.{}", c / 10),
        c => format!("{sign}{yuan}.{c:02}"),
    }
}

/// A date cell: `2026-11-02`, `2026-11-02 14:35`, with `:SS` when the seconds are not
/// zero; a time alone (a serial below one day) as `14:35`; a duration as `H:MM:SS`.
fn datetime_text(dt: &ExcelDateTime) -> String {
    let serial = dt.as_f64();
    if dt.is_duration() {
        return clock_text((serial * 86_400.0).round() as i64, true);
    }
    let (year, month, day, hour, minute, second, milli) = dt.to_ymd_hms_milli();
    // To the nearest second: 14:35 is stored as 0.607638…, which can read 14:34:59.999.
    let mut seconds = i64::from(hour) * 3600
        + i64::from(minute) * 60
        + i64::from(second)
        + i64::from(milli >= 500);
    let mut date = chrono::NaiveDate::from_ymd_opt(year.into(), month.into(), day.into());
    if seconds == 86_400 {
        seconds = 0;
        date = date.and_then(|d| d.succ_opt());
    }
    let date = match date {
        Some(d) => d.format("%Y-%m-%d").to_string(),
        // Excel's 1900-02-29, a day that never was: shown as Excel shows it.
        None => format!("{year:04}-{month:02}-{day:02}"),
    };
    if (0.0..1.0).contains(&serial) {
        return clock_text(seconds, false);
    }
    match seconds {
        0 => date,
        s => format!("{date} {}", clock_text(s, false)),
    }
}

/// `14:35`, or `14:35:20` when the seconds are not zero (or always, for a duration).
fn clock_text(seconds: i64, with_seconds: bool) -> String {
    let sign = if seconds < 0 { "-" } else { "" };
    let s = seconds.unsigned_abs();
    let (h, m, sec) = (s / 3600, s / 60 % 60, s % 60);
    if sec == 0 && !with_seconds {
        format!("{sign}{h:02}:{m:02}")
    } else {
        format!("{sign}{h:02}:{m:02}:{sec:02}")
    }
}

/// An OpenDocument date (`2026-11-02T14:35:00`, `2026-11-02`, `PT14H35M`-free): the
/// same forms as an Excel date cell.
fn iso_datetime_text(iso: &str) -> String {
    let (date, time) = match iso.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (iso, None),
    };
    let Some(time) = time else {
        return date.to_string();
    };
    // Fractions of a second and a zone are not shown.
    let time = time
        .split(['.', 'Z', '+'])
        .next()
        .unwrap_or(time)
        .trim_end_matches(":00");
    let time = if time.len() == 2 {
        format!("{time}:00")
    } else {
        time.to_string()
    };
    if time == "00:00" {
        date.to_string()
    } else {
        format!("{date} {time}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::ExcelDateTimeType;

    fn text(cell: Data) -> String {
        cell_text(&cell, false).text
    }

    #[test]
    fn integral_numbers_are_their_digits() {
        assert_eq!(text(Data::Float(13812345678.0)), "13812345678");
        assert_eq!(text(Data::Float(95118.0)), "95118");
        assert_eq!(text(Data::Float(-3.0)), "-3");
        assert_eq!(text(Data::Float(622202123456789.0)), "622202123456789");
        assert_eq!(text(Data::Int(771234567)), "771234567");
        // 16 digits that Excel cannot have rounded: exact.
        let exact = cell_text(&Data::Float(6222021234567891.0), false);
        assert_eq!(
            exact,
            CellText {
                text: "6222021234567891".into(),
                lost_digits: 0
            }
        );
    }

    /// What Excel stores for a 19-digit card typed as a number, and for a 16-digit one
    /// (its last digit turned to 0): the kept digits, the lost ones masked.
    #[test]
    fn numbers_excel_rounded_show_their_lost_digits_masked() {
        let card = cell_text(&Data::Float(6222021234567890000.0), false);
        assert_eq!(
            card,
            CellText {
                text: "622202123456789****".into(),
                lost_digits: 4
            }
        );
        // The double nearest the true card (what a program would store) reads the same.
        let nearest = 6222021234567890123_u64 as f64;
        assert_eq!(text(Data::Float(nearest)), "622202123456789****");
        let sixteen = cell_text(&Data::Float(6222021234567890.0), false);
        assert_eq!(
            (sixteen.text.as_str(), sixteen.lost_digits),
            ("622202123456789*", 1)
        );
        // Past 2^53 a double cannot hold every 16-digit integer.
        assert_eq!(
            text(Data::Float(9_107_199_254_740_993.0)),
            "910719925474099*"
        );
    }

    #[test]
    fn amounts_are_exact_to_the_fen() {
        let amount = |v: f64| cell_text(&Data::Float(v), true).text;
        assert_eq!(amount(1234.56), "1234.56");
        assert_eq!(amount(1234.5600000001), "1234.56");
        assert_eq!(amount(1000.1 + 234.46), "1234.56");
        assert_eq!(amount(0.1 + 0.2), "0.3");
        assert_eq!(amount(1234.5), "1234.5");
        assert_eq!(amount(-0.05), "-0.05");
        assert_eq!(amount(12000.0), "12000");
        // A fraction of a fen is not rounded away: the amount parser warns about it.
        assert_eq!(amount(1.005), "1.005");
        // Outside the amount column: 15 significant digits, as Excel shows them.
        assert_eq!(text(Data::Float(0.1 + 0.2)), "0.3");
        assert_eq!(text(Data::Float(2.5)), "2.5");
    }

    #[test]
    fn date_cells_are_dates() {
        let date = |serial: f64| {
            text(Data::DateTime(ExcelDateTime::new(
                serial,
                ExcelDateTimeType::DateTime,
                false,
            )))
        };
        // 2026-11-02 is serial 46328.
        assert_eq!(date(46328.0), "2026-11-02");
        assert_eq!(
            date(46328.0 + (14.0 * 60.0 + 35.0) / 1440.0),
            "2026-11-02 14:35"
        );
        assert_eq!(
            date(46328.0 + (14.0 * 3600.0 + 35.0 * 60.0 + 20.0) / 86400.0),
            "2026-11-02 14:35:20"
        );
        // Just short of midnight by float noise: the next day.
        assert_eq!(date(46_328.999_999_999), "2026-11-03");
        assert_eq!(date(0.5), "12:00");
        let duration = Data::DateTime(ExcelDateTime::new(1.5, ExcelDateTimeType::TimeDelta, false));
        assert_eq!(text(duration), "36:00:00");
        // The 1904 date system (old Mac Excel) counts from 1904-01-01.
        let mac = Data::DateTime(ExcelDateTime::new(
            46328.0 - 1462.0,
            ExcelDateTimeType::DateTime,
            true,
        ));
        assert_eq!(text(mac), "2026-11-02");
    }

    #[test]
    fn opendocument_dates_read_like_excel_ones() {
        let iso = |s: &str| text(Data::DateTimeIso(s.into()));
        assert_eq!(iso("2026-11-02"), "2026-11-02");
        assert_eq!(iso("2026-11-02T00:00:00"), "2026-11-02");
        assert_eq!(iso("2026-11-02T14:35:00"), "2026-11-02 14:35");
        assert_eq!(iso("2026-11-02T14:35:20.5"), "2026-11-02 14:35:20");
    }

    #[test]
    fn booleans_errors_and_strings_read_as_shown() {
        assert_eq!(text(Data::Bool(true)), "TRUE");
        assert_eq!(text(Data::Error(calamine::CellErrorType::NA)), "#N/A");
        assert_eq!(
            text(Data::String(" 138 1234 5678 ".into())),
            " 138 1234 5678 "
        );
        assert_eq!(text(Data::Empty), "");
    }
}
