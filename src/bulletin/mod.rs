//! The weekly bulletin (警情通报) as data: a period's reports and loss against the
//! periods before it, by canonical scam type; its largest losses (victims masked);
//! the groups its batches made new, grew or merged, each with its evidence on one
//! line; the accounts and numbers first seen in it that several cases hold (to
//! freeze or block); and its scripts (phrases its narratives use more than earlier
//! ones did). The writers (`markdown`, `html`, `xlsx`) and the workbench's Bulletin
//! view draw this one value; nothing here formats for a terminal.
//!
//! Above `link` and `export`: it reads through its own SQL (`read`), the link
//! module's group changes and evidence, and writes files through `export::file`.

pub mod html;
pub mod markdown;
mod period;
pub mod phrases;
mod read;
mod tables;
pub mod xlsx;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rusqlite::Connection;

pub use period::Period;
pub use phrases::Phrase;
pub use read::NewHub;

use crate::link::report::{GroupFilter, members};
use crate::link::{ChangeKind, batch_changes};
use crate::scamtype::Code;
use crate::text::{mask_name, mask_phone};
use crate::{Error, Result};

/// Periods compared in the tables: this one and the four before it.
pub const COMPARED: usize = 5;
/// Periods in the weekly-loss chart.
pub const CHARTED: usize = 12;
/// Rows of the largest losses.
pub const LARGEST: usize = 10;
/// Group changes listed (merged first, then grown, then new; the counts say all).
pub const GROUP_LINES: usize = 40;
/// Identifiers listed to freeze or block.
pub const HUB_LINES: usize = 50;
/// A new identifier is listed when this many cases hold it.
pub const HUB_MIN_CASES: i64 = 2;
/// Scripts of the week listed.
pub const PHRASES: usize = 10;

/// Reports and loss of one period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Figures {
    pub reports: i64,
    pub loss_fen: i64,
}

/// A period of the chart with its figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodFigures {
    pub period: Period,
    pub figures: Figures,
}

/// One scam type's figures in this period and each earlier one compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeFigures {
    pub code: Code,
    /// This period first, then each earlier one ([`COMPARED`] in all).
    pub periods: Vec<Figures>,
}

/// One of the period's largest losses; the victim is masked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LargeLoss {
    pub report_no: String,
    pub day: String,
    pub code: Code,
    pub amount_fen: i64,
    pub victim_name: String,
    pub victim_phone: String,
    pub group_id: Option<String>,
}

/// A group the period's batches made, grew or merged, with its evidence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupLine {
    pub kind: ChangeKind,
    pub group_id: String,
    /// For a merge: the groups that became this one.
    pub old_ids: Vec<String>,
    pub size_before: usize,
    pub size_after: usize,
    /// The group's loss now (0 when it is no longer a group under this id).
    pub loss_fen: i64,
    /// The identifiers most of its cases share, `value (n cases)`, on one line;
    /// empty when the group has since merged into another.
    pub evidence: String,
}

/// How many groups of each kind the period's batches changed (all, not only those
/// listed).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GroupCounts {
    pub new: usize,
    pub grew: usize,
    pub merged: usize,
}

/// The bulletin of one period.
#[derive(Debug, Clone, PartialEq)]
pub struct Bulletin {
    pub period: Period,
    /// Why this period: given, or the latest complete week in the data.
    pub chosen: String,
    /// This period and the ones before it, oldest first ([`CHARTED`], this one last).
    pub history: Vec<PeriodFigures>,
    /// Every scam type with reports in the periods compared, by this period's
    /// reports, then loss.
    pub types: Vec<TypeFigures>,
    pub largest: Vec<LargeLoss>,
    pub group_counts: GroupCounts,
    pub groups: Vec<GroupLine>,
    /// The batches whose group changes are told (most of their cases are of the
    /// period).
    pub batches: Vec<i64>,
    /// The first [`HUB_LINES`] of them.
    pub hubs: Vec<NewHub>,
    /// How many there are in all.
    pub hubs_total: usize,
    pub phrases: Vec<Phrase>,
}

impl Bulletin {
    /// This period's figures.
    pub fn now(&self) -> Figures {
        self.history.last().map(|p| p.figures).unwrap_or_default()
    }

    /// The period `back` periods before this one (1: the last one), if charted.
    pub fn before(&self, back: usize) -> Option<&PeriodFigures> {
        self.history
            .len()
            .checked_sub(1 + back)
            .and_then(|i| self.history.get(i))
    }
}

/// Which period a bulletin covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    /// The latest complete week in the data, as of `today`.
    Latest {
        today: NaiveDate,
    },
    Given(Period),
}

impl Which {
    /// From the command line's `--week` or `--since`/`--until` (both or neither).
    pub fn from_args(
        week: Option<&str>,
        since: Option<&str>,
        until: Option<&str>,
        today: NaiveDate,
    ) -> Result<Which> {
        match (week, since, until) {
            (Some(w), None, None) => Ok(Which::Given(Period::parse_week(w)?)),
            (None, Some(s), Some(u)) => Ok(Which::Given(Period::between(s, u)?)),
            (None, None, None) => Ok(Which::Latest { today }),
            (Some(_), _, _) => Err(Error::Refused(
                "give --week, or --since and --until, not both".into(),
            )),
            _ => Err(Error::Refused(
                "--since and --until go together (the days of the bulletin)".into(),
            )),
        }
    }
}

/// Reads the bulletin of the period `which` names.
pub fn build(conn: &Connection, which: Which) -> Result<Bulletin> {
    let (period, chosen) = match which {
        Which::Given(p) => (p, "as asked".to_string()),
        Which::Latest { today } => {
            let newest = read::newest_day(conn)?
                .and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok())
                .ok_or_else(|| {
                    Error::Refused("no dated case in the database: nothing to report".into())
                })?;
            (
                Period::latest_complete(newest, today),
                "the latest complete week in the data".to_string(),
            )
        }
    };
    let (from, to) = period.sql_bounds();

    let (history, types) = figures(conn, &period)?;
    let largest = read::largest(conn, &from, &to, LARGEST)?
        .into_iter()
        .map(|l| LargeLoss {
            report_no: l.report_no,
            day: l.day,
            code: Code::from_id(l.code),
            amount_fen: l.amount_fen,
            victim_name: mask_name(&l.victim_name),
            victim_phone: mask_phone(&l.victim_phone),
            group_id: l.group_id,
        })
        .collect();
    let batches = read::batches(conn, &from, &to)?;
    let (group_counts, groups) = group_lines(conn, &batches)?;
    let mut hubs = still_to_request(conn, read::new_hubs(conn, &from, &to, HUB_MIN_CASES)?)?;
    let hubs_total = hubs.len();
    hubs.truncate(HUB_LINES);
    let now = read::narratives(conn, &from, &to)?;
    let earlier_from = period.shifted(-(COMPARED as i64 - 1)).sql_bounds().0;
    let earlier = read::narratives(conn, &earlier_from, &from)?;
    let phrases = phrases::distinctive(&now, &earlier, PHRASES);
    Ok(Bulletin {
        period,
        chosen,
        history,
        types,
        largest,
        group_counts,
        groups,
        batches,
        hubs,
        hubs_total,
        phrases,
    })
}

/// The identifiers to freeze or block that are still to request: the new ones not
/// yet tagged as requested (`已止付`, `已冻结`: `casework::freeze::REQUESTED`).
fn still_to_request(conn: &Connection, hubs: Vec<NewHub>) -> Result<Vec<NewHub>> {
    let ids: Vec<i64> = hubs.iter().map(|h| h.id).collect();
    let open =
        crate::casework::freeze::carrying_none(conn, &ids, &crate::casework::freeze::REQUESTED)?;
    Ok(hubs.into_iter().filter(|h| open.contains(&h.id)).collect())
}

/// The chart's periods (oldest first) and the compared periods' figures by type.
fn figures(conn: &Connection, period: &Period) -> Result<(Vec<PeriodFigures>, Vec<TypeFigures>)> {
    let first = period.shifted(-(CHARTED as i64 - 1));
    let (from, _) = first.sql_bounds();
    let (_, to) = period.sql_bounds();
    let len = period.days() as i64;
    let mut history: Vec<PeriodFigures> = (0..CHARTED)
        .map(|i| PeriodFigures {
            period: first.shifted(i as i64),
            figures: Figures::default(),
        })
        .collect();
    let mut by_type: BTreeMap<Code, Vec<Figures>> = BTreeMap::new();
    for row in read::day_types(conn, &from, &to)? {
        let Ok(day) = NaiveDate::parse_from_str(&row.day, "%Y-%m-%d") else {
            continue;
        };
        let index = (day - first.start).num_days() / len;
        let Some(slot) = usize::try_from(index).ok().filter(|&i| i < CHARTED) else {
            continue;
        };
        let f = &mut history[slot].figures;
        f.reports += row.reports;
        f.loss_fen += row.loss_fen;
        // Compared: this period is 0, the one before 1, ...
        let back = CHARTED - 1 - slot;
        if back < COMPARED {
            let t = by_type
                .entry(Code::from_id(row.code))
                .or_insert_with(|| vec![Figures::default(); COMPARED]);
            t[back].reports += row.reports;
            t[back].loss_fen += row.loss_fen;
        }
    }
    let mut types: Vec<TypeFigures> = by_type
        .into_iter()
        .map(|(code, periods)| TypeFigures { code, periods })
        .collect();
    types.sort_by(|a, b| {
        (b.periods[0].reports, b.periods[0].loss_fen)
            .cmp(&(a.periods[0].reports, a.periods[0].loss_fen))
            .then(a.code.cmp(&b.code))
    });
    Ok((history, types))
}

/// The new, grown and merged groups of the batches, with the counts of each.
fn group_lines(conn: &Connection, batches: &[i64]) -> Result<(GroupCounts, Vec<GroupLine>)> {
    let mut counts = GroupCounts::default();
    let mut changes = Vec::new();
    for &batch in batches {
        for c in batch_changes(conn, batch)? {
            match c.kind {
                ChangeKind::New => counts.new += 1,
                ChangeKind::Grew => counts.grew += 1,
                ChangeKind::Merged => counts.merged += 1,
                _ => continue,
            }
            changes.push(c);
        }
    }
    // Merges first (two gangs' cases are one), then growth, then new; larger first.
    let rank = |k: ChangeKind| match k {
        ChangeKind::Merged => 0,
        ChangeKind::Grew => 1,
        _ => 2,
    };
    changes.sort_by(|a, b| {
        (rank(a.kind), std::cmp::Reverse(a.size_after), &a.group_id).cmp(&(
            rank(b.kind),
            std::cmp::Reverse(b.size_after),
            &b.group_id,
        ))
    });
    changes.truncate(GROUP_LINES);
    let mut lines = Vec::with_capacity(changes.len());
    for c in changes {
        let (loss_fen, evidence) = evidence(conn, &c.group_id)?;
        lines.push(GroupLine {
            kind: c.kind,
            group_id: c.group_id,
            old_ids: c.old_ids,
            size_before: c.size_before,
            size_after: c.size_after,
            loss_fen,
            evidence,
        });
    }
    Ok((counts, lines))
}

/// A group's loss and the identifiers its cases share, most shared first (three at
/// most): `+8617184531820 (5 cases), 6216…798 (3 cases)`.
fn evidence(conn: &Connection, group_id: &str) -> Result<(i64, String)> {
    let filter = GroupFilter {
        min_size: 2,
        since: None,
        group_id: Some(group_id.to_string()),
    };
    let members = members(conn, &filter)?;
    let loss = members.first().map_or(0, |m| m.group_loss_fen);
    let mut shared: BTreeMap<&str, i64> = BTreeMap::new();
    for s in members.iter().flat_map(|m| &m.shared) {
        shared.insert(&s.value, s.cases);
    }
    let mut shared: Vec<(&str, i64)> = shared.into_iter().collect();
    shared.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let line = shared
        .iter()
        .take(3)
        .map(|(v, n)| format!("{v} ({})", crate::text::plural(*n, "case", "cases")))
        .collect::<Vec<_>>()
        .join(", ");
    Ok((loss, line))
}

/// Writes the bulletin to `path` (temporary name, then renamed; readable by its
/// owner only), as Markdown (`.md`), HTML (`.html`, `.htm`) or a workbook (`.xlsx`).
pub fn write(b: &Bulletin, path: &std::path::Path) -> Result<()> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let bytes = match ext.as_deref() {
        Some("md" | "markdown" | "txt") => markdown::render(b).into_bytes(),
        Some("html" | "htm") => html::render(b).into_bytes(),
        Some("xlsx") => xlsx::render(b)?,
        _ => {
            return Err(Error::file(
                path,
                "a bulletin is written as .md, .html or .xlsx: name the file so",
            ));
        }
    };
    crate::export::write_private_file(path, &bytes)
}

/// `+12%`, `-3%`, or `from 0` when there was nothing before: this period against
/// an earlier one.
pub fn change(now: i64, before: i64) -> String {
    if before == 0 {
        return if now == 0 {
            "–".into()
        } else {
            "from 0".into()
        };
    }
    let pct = ((now - before) as f64 / before as f64 * 100.0).round() as i64;
    if pct > 0 {
        format!("+{pct}%")
    } else {
        format!("{pct}%")
    }
}

/// Fen as yuan with thousands separators, as a bulletin prints money:
/// `401246412411` → `4,012,464,124.11`.
pub fn yuan(fen: i64) -> String {
    let plain = crate::text::format_yuan(fen);
    let (sign, rest) = match plain.strip_prefix('-') {
        Some(r) => ("-", r),
        None => ("", plain.as_str()),
    };
    let (int, frac) = rest.split_once('.').unwrap_or((rest, "00"));
    let digits: i128 = int.parse().unwrap_or(0);
    format!("{sign}{}.{frac}", crate::text::count(digits))
}

/// What kind of request an identifier calls for: a freeze for an account, a block
/// for a phone number or a chat id.
pub fn request(kind: &str) -> &'static str {
    match kind {
        "card" | "alipay" | "wallet" => "freeze",
        _ => "block",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_read_as_a_supervisor_reads_them() {
        assert_eq!(change(120, 100), "+20%");
        assert_eq!(change(90, 100), "-10%");
        assert_eq!(change(5, 0), "from 0");
        assert_eq!(change(0, 0), "–");
        assert_eq!(yuan(401_246_412_411), "4,012,464,124.11");
        assert_eq!(yuan(-5), "-0.05");
        assert_eq!(request("card"), "freeze");
        assert_eq!(request("phone"), "block");
    }
}
