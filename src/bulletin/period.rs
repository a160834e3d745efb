//! The period a bulletin covers: an ISO week (`2026-W48`), a span of dates given with
//! `--since`/`--until`, or by default the latest complete week in the data. Earlier
//! periods of the same length are what the bulletin compares against.

use chrono::{Datelike, Days, IsoWeek, NaiveDate, Weekday};

use crate::{Error, Result};

/// Days `start..=end`, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// An ISO week (Monday to Sunday), named `2026-W48`.
    pub iso_week: bool,
}

impl Period {
    /// The ISO week `2026-W48` (also `2026W48`, `2026-w48`).
    pub fn parse_week(text: &str) -> Result<Period> {
        let bad = || {
            Error::Refused(format!(
                "--week {text:?}: write an ISO week as YEAR-Wnn, e.g. 2026-W48"
            ))
        };
        let t = text.trim().to_ascii_uppercase();
        let (year, week) = t.split_once('W').ok_or_else(bad)?;
        let year: i32 = year.trim_end_matches('-').parse().map_err(|_| bad())?;
        let week: u32 = week.parse().map_err(|_| bad())?;
        let start = NaiveDate::from_isoywd_opt(year, week, Weekday::Mon).ok_or_else(bad)?;
        Ok(Period::week_of(start))
    }

    /// `--since D --until D`: the days from one to the other, both included.
    pub fn between(since: &str, until: &str) -> Result<Period> {
        let day = |flag: &str, s: &str| {
            NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
                .map_err(|_| Error::Refused(format!("{flag} {s:?}: write a date as YYYY-MM-DD")))
        };
        let (start, end) = (day("--since", since)?, day("--until", until)?);
        if end < start {
            return Err(Error::Refused(format!(
                "--until {end} is before --since {start}"
            )));
        }
        Ok(Period {
            start,
            end,
            iso_week: false,
        })
    }

    /// The ISO week (Monday to Sunday) holding `day`.
    pub fn week_of(day: NaiveDate) -> Period {
        let start = day - Days::new(u64::from(day.weekday().num_days_from_monday()));
        Period {
            start,
            end: start + Days::new(6),
            iso_week: true,
        }
    }

    /// The latest complete week in the data: the week of its newest report, unless
    /// that week has not ended by `today` (a batch of a week still running), then the
    /// week before it.
    pub fn latest_complete(newest: NaiveDate, today: NaiveDate) -> Period {
        let week = Period::week_of(newest);
        if week.end >= today {
            week.shifted(-1)
        } else {
            week
        }
    }

    pub fn days(&self) -> u64 {
        (self.end - self.start).num_days().unsigned_abs() + 1
    }

    /// The period `n` lengths later (negative: earlier).
    pub fn shifted(&self, n: i64) -> Period {
        let by = self.days() * n.unsigned_abs();
        let (start, end) = if n < 0 {
            (self.start - Days::new(by), self.end - Days::new(by))
        } else {
            (self.start + Days::new(by), self.end + Days::new(by))
        };
        Period {
            start,
            end,
            ..*self
        }
    }

    /// The bounds as SQL compares them against `reported_at` (`YYYY-MM-DD…`):
    /// `start <= reported_at < after_end`.
    pub fn sql_bounds(&self) -> (String, String) {
        (
            self.start.format("%Y-%m-%d").to_string(),
            (self.end + Days::new(1)).format("%Y-%m-%d").to_string(),
        )
    }

    /// `2026-W48`, or `2026-11-01..2026-11-14`.
    pub fn name(&self) -> String {
        if self.iso_week {
            let w: IsoWeek = self.start.iso_week();
            format!("{}-W{:02}", w.year(), w.week())
        } else {
            format!("{}..{}", self.start, self.end)
        }
    }

    /// A short label for a chart's axis: `W48`, or the first day `11-01`.
    pub fn short(&self) -> String {
        if self.iso_week {
            format!("W{:02}", self.start.iso_week().week())
        } else {
            self.start.format("%m-%d").to_string()
        }
    }

    /// `2026-W48 (2026-11-23 – 2026-11-29)`.
    pub fn describe(&self) -> String {
        if self.iso_week {
            format!("{} ({} – {})", self.name(), self.start, self.end)
        } else {
            format!("{} – {}", self.start, self.end)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn iso_weeks_read_and_name_their_monday_to_sunday() {
        let w = Period::parse_week("2026-W48").unwrap();
        assert_eq!((w.start, w.end), (day("2026-11-23"), day("2026-11-29")));
        assert_eq!(w.name(), "2026-W48");
        assert_eq!(Period::parse_week("2026w48").unwrap(), w);
        // Week 1 of 2026 starts in 2025 (ISO: the week holding the first Thursday).
        assert_eq!(
            Period::parse_week("2026-W01").unwrap().start,
            day("2025-12-29")
        );
        assert!(Period::parse_week("2026-W54").is_err());
        assert!(Period::parse_week("48").is_err());
        assert_eq!(w.shifted(-1).name(), "2026-W47");
    }

    #[test]
    fn the_default_week_is_the_latest_that_has_ended() {
        let newest = day("2026-11-25");
        // The week of the newest report is over: that week.
        let done = Period::latest_complete(newest, day("2026-12-05"));
        assert_eq!(done.name(), "2026-W48");
        // Still running (today is its Sunday): the week before.
        let running = Period::latest_complete(newest, day("2026-11-29"));
        assert_eq!(running.name(), "2026-W47");
    }

    #[test]
    fn a_span_of_dates_compares_with_spans_as_long_before_it() {
        let p = Period::between("2026-11-01", "2026-11-14").unwrap();
        assert_eq!(p.days(), 14);
        let before = p.shifted(-1);
        assert_eq!(
            (before.start, before.end),
            (day("2026-10-18"), day("2026-10-31"))
        );
        assert_eq!(
            p.sql_bounds(),
            ("2026-11-01".to_string(), "2026-11-15".to_string())
        );
        assert!(Period::between("2026-11-14", "2026-11-01").is_err());
        assert!(Period::between("2026/11/01", "2026-11-14").is_err());
    }
}
