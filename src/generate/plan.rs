//! The plan of a run, decided before any byte is written: gangs and their
//! identifiers, victims, reports (when, how much, which identifiers each carries),
//! file layouts, planted problem rows and the linked-case groups the truth expects.
//! Rendering (`write.rs`) only reads the plan, with a per-report RNG, so a row can be
//! written again identically (the duplicate planted in the next week's file).

use chrono::{Datelike, Days, NaiveDate};
use fastrand::Rng;

use super::GenOptions;
use super::ids::{Account, Phone, PhoneClass, Registry};
use super::words::{Col, EXTRAS, FIELDS, GIVEN, SCAM_TYPES, SURNAMES, aliases};
use crate::link::UnionFind;

pub const WEEK_MINUTES: u32 = 7 * 1440;
/// The Monday of the last week generated.
const LAST_MONDAY: (i32, u32, u32) = (2026, 11, 23);
/// Days before the first week kept in the calendar (occurred_at may fall there).
pub const LEAD_DAYS: u32 = 14;

pub struct Gang {
    pub kind: usize,
    pub callers: Vec<Phone>,
    pub accounts: Vec<Account>,
    /// Account holder per account (written as `（户名：…）` now and then).
    pub mules: Vec<String>,
    /// QQ ids (digits) and WeChat ids (lower case) the gang talks to victims from.
    pub contacts: Vec<String>,
}

pub struct Victim {
    pub name: String,
    /// 11 digits.
    pub phone: String,
    pub gang: u32,
    /// The victim's own bank card and QQ id: named in narratives, never linking.
    pub card: Option<Account>,
    pub qq: Option<String>,
}

/// One report. Identifier choices are bit masks over the gang's callers / accounts.
#[derive(Clone)]
pub struct Report {
    pub gang: u32,
    pub victim: u32,
    /// Minutes since the first week's Monday 00:00.
    pub minute: u32,
    /// How long before the report the fraud happened, in minutes.
    pub occ_back: u32,
    pub fen: u64,
    pub callers: u8,
    pub accounts: u8,
    /// 1 + index into `OFFICIAL`, or 0.
    pub official: u8,
    /// 1 + caller slot written masked (`138****5678`), or 0.
    pub partial_phone: u8,
    /// 1 + account slot (a card) written as a partial (`尾号1234`), or 0.
    pub partial_card: u8,
    /// Bit mask over the gang's contact ids (QQ / WeChat).
    pub contacts: u8,
    /// The callers and accounts are written only in the narrative.
    pub narrative: bool,
    /// The narrative names the victim's own card and QQ id too.
    pub own: bool,
    /// The day's serial number in `JJyyyymmddNNNNNN`.
    pub serial: u32,
    /// Seeds the rendering of this row.
    pub seed: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Planted {
    NoReportNo,
    Conflict,
    Duplicate,
    Ragged,
}

impl Planted {
    pub fn as_str(self) -> &'static str {
        match self {
            Planted::NoReportNo => "no_report_no",
            Planted::Conflict => "conflict",
            Planted::Duplicate => "duplicate",
            Planted::Ragged => "ragged",
        }
    }
}

/// A row of a file: a report, or a planted problem row derived from one.
#[derive(Clone, Copy)]
pub enum Row {
    Report(u32),
    Planted(u32),
}

/// An extra row: `report` is the copy written (the source report, changed as the kind says).
pub struct Extra {
    pub kind: Planted,
    pub report: Report,
    pub source: u32,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Style {
    English,
    Chinese,
    Codes,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Gb18030,
}

#[derive(Clone)]
pub struct Layout {
    pub cols: Vec<Col>,
    pub headers: Vec<&'static str>,
    pub style: Style,
    pub english_labels: bool,
    /// Percent of rows whose narrative is in English.
    pub english_scripts: u8,
    /// The date form most rows use (see `forms::date`).
    pub date_style: u8,
    pub encoding: Encoding,
    pub crlf: bool,
}

pub struct Plan {
    pub gangs: Vec<Gang>,
    pub victims: Vec<Victim>,
    pub reports: Vec<Report>,
    pub extras: Vec<Extra>,
    /// Rows of each week's file, in order.
    pub rows: Vec<Vec<Row>>,
    pub layouts: Vec<Layout>,
    /// Calendar: (year, month, day) of day `i - LEAD_DAYS` from the first Monday.
    pub days: Vec<(i32, u32, u32)>,
    /// Per report, the report it is grouped under (the group's earliest case).
    pub group_of: Vec<u32>,
}

fn pick_weighted(rng: &mut Rng, weights: &[u32]) -> usize {
    let total: u32 = weights.iter().sum();
    let mut r = rng.u32(..total);
    for (i, w) in weights.iter().enumerate() {
        if r < *w {
            return i;
        }
        r -= w;
    }
    weights.len() - 1
}

pub fn chinese_name(rng: &mut Rng) -> String {
    let mut s = String::with_capacity(9);
    // Bias towards the common surnames at the front of the list.
    let i = rng.usize(..SURNAMES.len()).min(rng.usize(..SURNAMES.len()));
    s.push_str(SURNAMES[i]);
    s.push_str(GIVEN[rng.usize(..GIVEN.len())]);
    if rng.u8(..10) < 7 {
        s.push_str(GIVEN[rng.usize(..GIVEN.len())]);
    }
    s
}

fn new_gang(rng: &mut Rng, reg: &mut Registry, size: usize) -> Gang {
    let weights: Vec<u32> = SCAM_TYPES.iter().map(|t| t.weight).collect();
    let kind = pick_weighted(rng, &weights);
    let key = SCAM_TYPES[kind].key;
    let (nc, na) = if size <= 3 {
        (rng.usize(1..=2), rng.usize(1..=2))
    } else if size < 20 {
        (rng.usize(1..=3), rng.usize(1..=4))
    } else {
        (rng.usize(2..=4), rng.usize(3..=5))
    };
    // Weights: mobile, virtual mobile, landline, foreign.
    let phone_w: [u32; 4] = match key {
        "fake_police" | "fake_investment" => [25, 15, 15, 45],
        "order_brushing" => [45, 35, 5, 15],
        _ => [40, 22, 15, 23],
    };
    let callers = (0..nc)
        .map(|_| match pick_weighted(rng, &phone_w) {
            0 => reg.mobile(rng, false),
            1 => reg.mobile(rng, true),
            2 => reg.landline(rng),
            _ => reg.foreign(rng),
        })
        .collect();
    // Weights: card, Alipay id, Alipay e-mail.
    let acct_w: [u32; 3] = if key == "order_brushing" {
        [60, 20, 20]
    } else {
        [80, 10, 10]
    };
    let accounts: Vec<Account> = (0..na)
        .map(|_| match pick_weighted(rng, &acct_w) {
            0 => reg.card(rng),
            1 => reg.alipay(rng),
            _ => reg.wallet(rng),
        })
        .collect();
    let mules = accounts.iter().map(|_| chinese_name(rng)).collect();
    let contacts = (0..[0, 0, 1, 1, 2][rng.usize(..5)])
        .map(|_| {
            if rng.bool() {
                reg.qq(rng)
            } else {
                reg.wechat(rng)
            }
        })
        .collect();
    Gang {
        kind,
        callers,
        accounts,
        mules,
        contacts,
    }
}

fn gang_size(rng: &mut Rng) -> usize {
    let r = rng.u32(..100);
    if r < 70 {
        [1, 1, 1, 1, 1, 2, 2, 2, 3, 3][rng.usize(..10)]
    } else if r < 97 {
        rng.usize(4..=15)
    } else {
        rng.usize(20..=60)
    }
}

fn bits(mask: u8) -> impl Iterator<Item = usize> {
    (0..8).filter(move |i| mask & (1 << i) != 0)
}

/// A random subset of `n` slots with `k` members (k clipped to n).
fn subset(rng: &mut Rng, n: usize, k: usize) -> u8 {
    let mut mask = 0u8;
    let k = k.min(n);
    while (mask.count_ones() as usize) < k {
        mask |= 1 << rng.usize(..n);
    }
    mask
}

fn loss_fen(rng: &mut Rng, lo: u32, hi: u32) -> u64 {
    let (l, h) = (f64::from(lo).ln(), f64::from(hi).ln());
    let yuan = (l + rng.f64() * (h - l)).exp() as u64;
    let yuan = yuan.max(1);
    match rng.u8(..100) {
        0..=44 => (yuan.div_ceil(1000) * 1000) * 100,
        45..=69 => (yuan.div_ceil(100) * 100) * 100,
        70..=89 => yuan * 100,
        _ => yuan * 100 + rng.u64(1..100),
    }
}

/// When in the week a report comes in: weekdays and daytime more often.
fn report_minute(rng: &mut Rng, week: usize) -> u32 {
    let day = pick_weighted(rng, &[16, 16, 16, 16, 15, 11, 10]) as u32;
    let hour = 8 + pick_weighted(rng, &[5, 8, 9, 8, 6, 7, 8, 8, 7, 6, 6, 5, 4, 3, 2]) as u32;
    week as u32 * WEEK_MINUTES + day * 1440 + hour * 60 + rng.u32(..60)
}

fn occ_back(rng: &mut Rng) -> u32 {
    match rng.u8(..100) {
        0..=69 => rng.u32(20..720),
        70..=94 => rng.u32(720..4320),
        _ => rng.u32(4320..14400),
    }
}

fn splitmix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

impl Plan {
    pub fn new(opts: &GenOptions) -> Plan {
        let weeks = opts.weeks;
        let mut rng = Rng::with_seed(splitmix(opts.seed));
        let mut reg = Registry::default();
        let mut gangs: Vec<Gang> = Vec::new();
        let mut victims: Vec<Victim> = Vec::with_capacity(opts.reports);
        let mut reports: Vec<Report> = Vec::with_capacity(opts.reports);

        while reports.len() < opts.reports {
            let size = gang_size(&mut rng).min(opts.reports - reports.len());
            let g = gangs.len() as u32;
            let gang = new_gang(&mut rng, &mut reg, size);
            let span = if size <= 3 {
                1 + usize::from(rng.u8(..10) < 3)
            } else if size < 20 {
                rng.usize(1..=3)
            } else {
                rng.usize(2..=4)
            };
            let start = rng.usize(..weeks);
            let span = span.min(weeks - start);
            let (mut seen_c, mut seen_a) = (0u8, 0u8);
            let st = &SCAM_TYPES[gang.kind];
            let cards: Vec<usize> = (0..gang.accounts.len())
                .filter(|&i| matches!(gang.accounts[i], Account::Card(..)))
                .collect();
            let mobiles: Vec<usize> = (0..gang.callers.len())
                .filter(|&i| gang.callers[i].class == PhoneClass::Mobile)
                .collect();
            let officials: &[u8] = match st.key {
                k if k.starts_with("jd_") => &[1, 1, 1, 2],
                "online_loan" => &[3, 4, 5, 6, 7, 8],
                "fake_investment" => &[3],
                _ => &[],
            };
            for _ in 0..size {
                let week = start + rng.usize(..span);
                let nc = gang.callers.len();
                let na = gang.accounts.len();
                let k =
                    [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 3][rng.usize(..20)];
                let mut callers = subset(&mut rng, nc, k);
                let mut official = 0;
                let mut partial_phone = 0;
                match rng.u8(..100) {
                    0..=3 => callers = 0,
                    4..=10 if !officials.is_empty() => {
                        callers = 0;
                        official = officials[rng.usize(..officials.len())];
                    }
                    11..=15 if !officials.is_empty() => {
                        official = officials[rng.usize(..officials.len())];
                    }
                    16..=18 if !mobiles.is_empty() => {
                        let slot = mobiles[rng.usize(..mobiles.len())];
                        partial_phone = slot as u8 + 1;
                        callers &= !(1 << slot);
                    }
                    _ => {}
                }
                let k =
                    [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3][rng.usize(..20)];
                let mut accounts = subset(&mut rng, na, k);
                let mut partial_card = 0;
                match rng.u8(..100) {
                    0..=2 => accounts = 0,
                    3..=9 if !cards.is_empty() => {
                        let slot = cards[rng.usize(..cards.len())];
                        partial_card = slot as u8 + 1;
                        accounts = 0;
                    }
                    10..=12 if !cards.is_empty() => {
                        let slot = cards[rng.usize(..cards.len())];
                        partial_card = slot as u8 + 1;
                        accounts &= !(1 << slot);
                    }
                    _ => {}
                }
                // Keep the gang's reports connected: a report that links at all shares
                // at least one identifier with the gang's earlier reports.
                let links = callers != 0 || accounts != 0;
                let seen = seen_c != 0 || seen_a != 0;
                if links && seen && callers & seen_c == 0 && accounts & seen_a == 0 {
                    if seen_c != 0 && (seen_a == 0 || rng.bool()) {
                        let b: Vec<usize> = bits(seen_c).collect();
                        callers |= 1 << b[rng.usize(..b.len())];
                    } else {
                        let b: Vec<usize> = bits(seen_a).collect();
                        accounts |= 1 << b[rng.usize(..b.len())];
                    }
                }
                seen_c |= callers;
                seen_a |= accounts;
                // Contact ids only on reports that link anyway, so that a gang's
                // reports still form one group.
                let contacts = if (callers != 0 || accounts != 0)
                    && !gang.contacts.is_empty()
                    && rng.u8(..100) < 40
                {
                    subset(&mut rng, gang.contacts.len(), 1)
                } else {
                    0
                };
                let narrative = rng.u8(..100) < opts.narrative;
                let own = rng.u8(..100) < if narrative { 60 } else { 15 };

                let victim = if !victims.is_empty() && rng.u8(..100) < 3 {
                    let v = rng.usize(..victims.len());
                    if victims[v].gang != g {
                        v
                    } else {
                        victims.len()
                    }
                } else {
                    victims.len()
                };
                if victim == victims.len() {
                    let phone = reg.mobile(&mut rng, false).canon[3..].to_string();
                    let card = (rng.u8(..100) < 60).then(|| reg.card(&mut rng));
                    let qq = (rng.u8(..100) < 40).then(|| reg.qq(&mut rng));
                    victims.push(Victim {
                        name: chinese_name(&mut rng),
                        phone,
                        gang: g,
                        card,
                        qq,
                    });
                }
                reports.push(Report {
                    gang: g,
                    victim: victim as u32,
                    minute: report_minute(&mut rng, week),
                    occ_back: occ_back(&mut rng),
                    fen: loss_fen(&mut rng, st.loss.0, st.loss.1),
                    callers,
                    accounts,
                    official,
                    partial_phone,
                    partial_card,
                    contacts,
                    narrative,
                    own,
                    serial: 0,
                    seed: rng.u64(..),
                });
            }
            gangs.push(gang);
        }

        // Files list reports in time order; the day's serial follows that order.
        let mut order: Vec<u32> = (0..reports.len() as u32).collect();
        order.sort_unstable_by_key(|&i| (reports[i as usize].minute, i));
        let ndays = weeks * 7;
        let mut serials = vec![0u32; ndays];
        let mut rows: Vec<Vec<Row>> = vec![Vec::new(); weeks];
        for &i in &order {
            let r = &mut reports[i as usize];
            let day = (r.minute / 1440) as usize;
            serials[day] += 1;
            r.serial = serials[day];
            rows[(r.minute / WEEK_MINUTES) as usize].push(Row::Report(i));
        }

        let group_of = groups(&gangs, &reports, &order);
        // The week whose rows are repeated at the top of the next week's file.
        let dup_weeks: Vec<usize> = (0..weeks.saturating_sub(1))
            .filter(|&w| !rows[w].is_empty())
            .collect();
        let dup_week = (!dup_weeks.is_empty()).then(|| dup_weeks[rng.usize(..dup_weeks.len())]);
        let layouts = layouts(&mut rng, weeks, dup_week);
        let mut plan = Plan {
            gangs,
            victims,
            reports,
            extras: Vec::new(),
            rows,
            layouts,
            days: calendar(weeks),
            group_of,
        };
        plan.plant(&mut rng, opts.reports, &mut serials, dup_week);
        plan
    }

    /// Adds the planted problem rows (a few per run, more for big runs).
    fn plant(&mut self, rng: &mut Rng, n: usize, serials: &mut [u32], dup_week: Option<usize>) {
        let weeks = self.rows.len();
        let each = 1 + n / 250_000;
        let nonempty: Vec<usize> = (0..weeks).filter(|&w| !self.rows[w].is_empty()).collect();
        if nonempty.is_empty() {
            return;
        }
        let mut add = |plan: &mut Plan, rng: &mut Rng, kind: Planted, src: u32, week: usize| {
            let mut report = plan.reports[src as usize].clone();
            match kind {
                Planted::NoReportNo => report.seed = rng.u64(..),
                Planted::Ragged => {
                    report.seed = rng.u64(..);
                    let day = (report.minute / 1440) as usize;
                    serials[day] += 1;
                    report.serial = serials[day];
                }
                Planted::Conflict => {
                    report.fen +=
                        100 * rng.u64(1..50) * if report.fen > 1_000_000 { 100 } else { 1 };
                }
                Planted::Duplicate => {}
            }
            let id = plan.extras.len() as u32;
            plan.extras.push(Extra {
                kind,
                report,
                source: src,
            });
            let rows = &mut plan.rows[week];
            let at = if kind == Planted::Duplicate {
                // Overlapping exports: the repeat comes at the top of the next file.
                rng.usize(..=rows.len().min(20))
            } else {
                rng.usize(..=rows.len())
            };
            rows.insert(at, Row::Planted(id));
        };
        let pick_report = |plan: &Plan, rng: &mut Rng, week: usize| -> Option<u32> {
            let rows = &plan.rows[week];
            (0..8).find_map(|_| match rows.get(rng.usize(..rows.len().max(1))) {
                Some(Row::Report(i)) => Some(*i),
                _ => None,
            })
        };
        for kind in [Planted::NoReportNo, Planted::Ragged] {
            for _ in 0..each {
                let w = nonempty[rng.usize(..nonempty.len())];
                if let Some(src) = pick_report(self, rng, w) {
                    add(self, rng, kind, src, w);
                }
            }
        }
        let earlier: Vec<usize> = nonempty
            .iter()
            .copied()
            .filter(|&w| w + 1 < weeks)
            .collect();
        if earlier.is_empty() {
            return;
        }
        for _ in 0..each {
            let w = earlier[rng.usize(..earlier.len())];
            let target = rng.usize(w + 1..weeks);
            if let Some(src) = pick_report(self, rng, w) {
                add(self, rng, Planted::Conflict, src, target);
            }
        }
        // The exact duplicates all come from one week and go to the next, whose file
        // is exported by the same system (same columns, see `layouts`).
        let Some(w) = dup_week else { return };
        for _ in 0..each {
            if let Some(src) = pick_report(self, rng, w) {
                add(self, rng, Planted::Duplicate, src, w + 1);
            }
        }
    }

    /// The report written by a row.
    pub fn row_report(&self, row: Row) -> &Report {
        match row {
            Row::Report(i) => &self.reports[i as usize],
            Row::Planted(i) => &self.extras[i as usize].report,
        }
    }

    /// `JJyyyymmddNNNNNN`, or empty for the planted row without one.
    pub fn report_no(&self, out: &mut String, r: &Report) {
        use std::fmt::Write;
        let (y, m, d) = self.day(r.minute);
        let _ = write!(out, "JJ{y}{m:02}{d:02}{:06}", r.serial);
    }

    /// The date of a minute offset (which may be negative, before the first Monday).
    pub fn day(&self, minute: u32) -> (i32, u32, u32) {
        self.days[(minute / 1440 + LEAD_DAYS) as usize]
    }

    /// The date of a minute offset that may fall before the first Monday.
    pub fn day_signed(&self, minute: i64) -> (i32, u32, u32) {
        let i = minute.div_euclid(1440) + i64::from(LEAD_DAYS);
        self.days[i.clamp(0, self.days.len() as i64 - 1) as usize]
    }
}

/// Groups: union of a gang's reports over shared callers / accounts / contact ids. Gangs never share
/// identifiers, so the union runs per gang. Each report maps to its group's earliest.
fn groups(gangs: &[Gang], reports: &[Report], order: &[u32]) -> Vec<u32> {
    let mut dsu = UnionFind::new(reports.len());
    let mut start = 0;
    while start < reports.len() {
        let g = reports[start].gang;
        let mut end = start;
        let mut first_c = [u32::MAX; 8];
        let mut first_a = [u32::MAX; 8];
        let mut first_q = [u32::MAX; 8];
        while end < reports.len() && reports[end].gang == g {
            let r = &reports[end];
            for (mask, first) in [
                (r.callers, &mut first_c),
                (r.accounts, &mut first_a),
                (r.contacts, &mut first_q),
            ] {
                for b in bits(mask) {
                    if first[b] == u32::MAX {
                        first[b] = end as u32;
                    } else {
                        dsu.union(first[b], end as u32);
                    }
                }
            }
            end += 1;
        }
        debug_assert!(gangs.len() > g as usize);
        start = end;
    }
    let mut rank = vec![0u32; reports.len()];
    for (k, &i) in order.iter().enumerate() {
        rank[i as usize] = k as u32;
    }
    let mut earliest = vec![u32::MAX; reports.len()];
    for i in 0..reports.len() as u32 {
        let root = dsu.find(i) as usize;
        if earliest[root] == u32::MAX || rank[i as usize] < rank[earliest[root] as usize] {
            earliest[root] = i;
        }
    }
    (0..reports.len() as u32)
        .map(|i| earliest[dsu.find(i) as usize])
        .collect()
}

fn calendar(weeks: usize) -> Vec<(i32, u32, u32)> {
    let last =
        NaiveDate::from_ymd_opt(LAST_MONDAY.0, LAST_MONDAY.1, LAST_MONDAY.2).unwrap_or_default();
    let first = last
        .checked_sub_days(Days::new(7 * (weeks as u64 - 1) + u64::from(LEAD_DAYS)))
        .unwrap_or(last);
    (0..weeks as u64 * 7 + u64::from(LEAD_DAYS) + 1)
        .map(|i| {
            let d = first.checked_add_days(Days::new(i)).unwrap_or(first);
            (d.year(), d.month(), d.day())
        })
        .collect()
}

/// One layout per week. `copy` is the week whose layout the next week repeats (the
/// planted exact duplicate comes from one export system twice); the styles rotate
/// over the distinct layouts so that every style appears from three of them on.
fn layouts(rng: &mut Rng, weeks: usize, copy: Option<usize>) -> Vec<Layout> {
    let mut styles = [Style::English, Style::Chinese, Style::Codes];
    rng.shuffle(&mut styles);
    let gb = if weeks >= 2 {
        Some(rng.usize(..weeks))
    } else {
        None
    };
    let bom = if weeks >= 3 {
        let mut b = rng.usize(..weeks);
        while Some(b) == gb {
            b = rng.usize(..weeks);
        }
        Some(b)
    } else {
        None
    };
    let mut english_labels_done = false;
    let mut distinct = 0;
    let mut out: Vec<Layout> = Vec::with_capacity(weeks);
    for w in 0..weeks {
        let encoding = if Some(w) == gb {
            Encoding::Gb18030
        } else if Some(w) == bom {
            Encoding::Utf8Bom
        } else if rng.u8(..100) < 15 {
            Encoding::Gb18030
        } else {
            Encoding::Utf8
        };
        // Spreadsheet exports on Windows: the designated GB18030 file is always CRLF.
        let crlf_share = if encoding == Encoding::Gb18030 {
            70
        } else {
            35
        };
        let crlf = Some(w) == gb || rng.u8(..100) < crlf_share;
        if w > 0 && copy == Some(w - 1) {
            let mut l = out[w - 1].clone();
            l.encoding = encoding;
            l.crlf = crlf;
            out.push(l);
            continue;
        }
        let style = styles[distinct % 3];
        distinct += 1;
        let mut cols: Vec<Col> = FIELDS
            .iter()
            .copied()
            .filter(|&c| match c {
                Col::OccurredAt => rng.u8(..4) != 0,
                Col::Contact => rng.bool(),
                _ => true,
            })
            .collect();
        let extras = [0, 0, 0, 0, 0, 1, 1, 1, 2, 2][rng.usize(..10)];
        for e in 0..extras {
            cols.push(Col::Extra(e));
        }
        if rng.bool() {
            rng.shuffle(&mut cols[1..]);
        } else {
            rng.shuffle(&mut cols);
        }
        let upper = style == Style::English && rng.u8(..5) == 0;
        let headers = cols.iter().map(|&c| header(rng, c, style, upper)).collect();
        let english_labels = style == Style::English && (!english_labels_done || rng.bool());
        english_labels_done |= english_labels;
        out.push(Layout {
            cols,
            headers,
            style,
            english_labels,
            english_scripts: if style == Style::English { 30 } else { 2 },
            date_style: rng.u8(..5),
            encoding,
            crlf,
        });
    }
    out
}

const UPPER_EN: &[(&str, &str)] = &[
    ("report_no", "REPORT_NO"),
    ("case_no", "Case_No"),
    ("case_id", "CASE_ID"),
    ("reported_at", "Reported_At"),
    ("report_date", "REPORT_DATE"),
    ("date", "Date"),
    ("occurred_at", "Occurred_At"),
    ("victim_name", "Victim_Name"),
    ("victim", "Victim"),
    ("victim_phone", "Victim_Phone"),
    ("caller_number", "Caller_Number"),
    ("caller", "Caller"),
    ("scam_phone", "SCAM_PHONE"),
    ("receiving_account", "Receiving_Account"),
    ("account", "Account"),
    ("amount", "Amount"),
    ("loss", "LOSS"),
    ("amount_yuan", "Amount_Yuan"),
    ("scam_type", "Scam_Type"),
    ("category", "Category"),
    ("script", "Script"),
    ("narrative", "Narrative"),
    ("description", "Description"),
];

fn header(rng: &mut Rng, col: Col, style: Style, upper: bool) -> &'static str {
    if let Col::Extra(e) = col {
        let (zh, en) = EXTRAS[usize::from(e) % EXTRAS.len()];
        return if style == Style::English { en } else { zh };
    }
    let (en, zh, codes) = aliases(col);
    let pool = match style {
        Style::English => en,
        Style::Chinese => zh,
        Style::Codes if !codes.is_empty() => codes,
        Style::Codes => zh,
    };
    let h = pool[rng.usize(..pool.len())];
    if upper {
        UPPER_EN.iter().find(|(l, _)| *l == h).map_or(h, |(_, u)| u)
    } else {
        h
    }
}
