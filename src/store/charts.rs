//! The reads behind the Stats screen's supervisor charts: loss by amount band, and
//! when first contact happened (day of week; hour of day for the cases whose
//! `occurred_at` has a time). The weekly and per-type figures are in `views`.

use rusqlite::Connection;

use crate::Result;

/// The amount bands, in fen: a case falls in the first band whose bound is above its
/// loss. Labels are in yuan (千 = 1,000, 万 = 10,000), each band from its label's
/// amount up to the next one's.
pub const BANDS: [(i64, &str); 7] = [
    (100_000, "<1千"),
    (1_000_000, "1千+"),
    (5_000_000, "1万+"),
    (10_000_000, "5万+"),
    (50_000_000, "10万+"),
    (100_000_000, "50万+"),
    (i64::MAX, "100万+"),
];

/// Cases and loss of one amount band.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Band {
    pub label: &'static str,
    pub cases: i64,
    pub loss_fen: i64,
}

/// Every band, smallest first (empty ones included); cases with no amount left out.
pub fn amount_bands(conn: &Connection) -> Result<Vec<Band>> {
    // The band's number from the bounds, written into the statement as constants.
    let mut case = String::from("CASE");
    for (i, (bound, _)) in BANDS.iter().enumerate().take(BANDS.len() - 1) {
        case.push_str(&format!(" WHEN amount_fen < {bound} THEN {i}"));
    }
    case.push_str(&format!(" ELSE {} END", BANDS.len() - 1));
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {case} AS band, COUNT(*), COALESCE(SUM(amount_fen), 0)
           FROM cases WHERE amount_fen IS NOT NULL GROUP BY band"
    ))?;
    let mut out: Vec<Band> = BANDS
        .iter()
        .map(|&(_, label)| Band {
            label,
            cases: 0,
            loss_fen: 0,
        })
        .collect();
    let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get(1)?, r.get(2)?)))?;
    for row in rows {
        let (band, cases, loss) = row?;
        if let Some(b) = usize::try_from(band).ok().and_then(|i| out.get_mut(i)) {
            b.cases = cases;
            b.loss_fen = loss;
        }
    }
    Ok(out)
}

/// When first contact happened: cases by day of week (Monday first) of the dated
/// `occurred_at`, and by hour of day of those that carry a time.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Contact {
    pub weekdays: [i64; 7],
    pub hours: [i64; 24],
    /// Cases whose `occurred_at` has a time (the hours' total).
    pub timed: i64,
}

pub fn first_contact(conn: &Connection) -> Result<Contact> {
    let mut out = Contact::default();
    // strftime's %w counts from Sunday (0); Monday first here.
    let mut stmt = conn.prepare_cached(
        "SELECT (CAST(strftime('%w', substr(occurred_at, 1, 10)) AS INTEGER) + 6) % 7 AS d,
                COUNT(*)
           FROM cases WHERE occurred_at IS NOT NULL GROUP BY d HAVING d IS NOT NULL",
    )?;
    for row in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))? {
        let (d, n) = row?;
        if let Some(slot) = usize::try_from(d)
            .ok()
            .and_then(|i| out.weekdays.get_mut(i))
        {
            *slot += n;
        }
    }
    let mut stmt = conn.prepare_cached(
        "SELECT CAST(substr(occurred_at, 12, 2) AS INTEGER) AS h, COUNT(*)
           FROM cases WHERE length(occurred_at) >= 16 AND substr(occurred_at, 11, 1) = ' '
          GROUP BY h",
    )?;
    for row in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))? {
        let (h, n) = row?;
        if let Some(slot) = usize::try_from(h).ok().and_then(|i| out.hours.get_mut(i)) {
            *slot += n;
            out.timed += n;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conn() -> Connection {
        let c = Connection::open_in_memory().unwrap();
        c.execute_batch(
            "CREATE TABLE cases (amount_fen INTEGER, occurred_at TEXT);
             INSERT INTO cases VALUES
               (50000, '2026-11-23 09:15'),       -- Monday, 500 yuan, 9h
               (100000, '2026-11-23 21:00:00'),   -- Monday, 1,000 yuan, 21h
               (200000000, '2026-11-29'),         -- Sunday, 2,000,000 yuan, no time
               (NULL, NULL);",
        )
        .unwrap();
        c
    }

    #[test]
    fn losses_fall_in_their_bands() {
        let bands = amount_bands(&conn()).unwrap();
        assert_eq!(bands.len(), BANDS.len());
        let counts: Vec<i64> = bands.iter().map(|b| b.cases).collect();
        assert_eq!(counts, [1, 1, 0, 0, 0, 0, 1]);
        assert_eq!(bands[6].loss_fen, 200_000_000);
    }

    #[test]
    fn first_contact_by_weekday_and_by_hour_when_timed() {
        let c = first_contact(&conn()).unwrap();
        assert_eq!(c.weekdays, [2, 0, 0, 0, 0, 0, 1]);
        assert_eq!(c.timed, 2);
        assert_eq!((c.hours[9], c.hours[21]), (1, 1));
    }
}
