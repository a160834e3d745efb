//! The bulletin's reads: its few SQL statements, each over the cases of a span of
//! report dates (`reported_at`, which the `cases_reported_at` index serves).

use rusqlite::{Connection, params};

use crate::Result;
use crate::link::{LINKING_ROLES, LINKS};

/// Reports and loss of one day and scam-type code.
pub struct DayType {
    pub day: String,
    pub code: i64,
    pub reports: i64,
    pub loss_fen: i64,
}

/// The newest report date in the data (`YYYY-MM-DD`), if any case is dated.
pub fn newest_day(conn: &Connection) -> Result<Option<String>> {
    Ok(conn.query_row(
        "SELECT substr(MAX(reported_at), 1, 10) FROM cases WHERE reported_at IS NOT NULL",
        [],
        |r| r.get(0),
    )?)
}

/// Reports and loss per day and scam type, for `from <= reported_at < to`.
pub fn day_types(conn: &Connection, from: &str, to: &str) -> Result<Vec<DayType>> {
    let mut stmt = conn.prepare_cached(
        "SELECT substr(reported_at, 1, 10) AS day, scam_type_code, COUNT(*),
                COALESCE(SUM(amount_fen), 0)
           FROM cases WHERE reported_at >= ?1 AND reported_at < ?2
          GROUP BY day, scam_type_code",
    )?;
    let rows = stmt.query_map(params![from, to], |r| {
        Ok(DayType {
            day: r.get(0)?,
            code: r.get(1)?,
            reports: r.get(2)?,
            loss_fen: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One of the largest losses, victim as stored (the caller masks).
pub struct Loss {
    pub report_no: String,
    pub day: String,
    pub code: i64,
    pub amount_fen: i64,
    pub victim_name: String,
    pub victim_phone: String,
    pub group_id: Option<String>,
}

/// The `limit` largest losses reported in `from..to`.
pub fn largest(conn: &Connection, from: &str, to: &str, limit: usize) -> Result<Vec<Loss>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.report_no, substr(c.reported_at, 1, 10), c.scam_type_code, c.amount_fen,
                c.victim_name, c.victim_phone, g.group_id
           FROM cases c LEFT JOIN case_groups g ON g.case_id = c.id
          WHERE c.reported_at >= ?1 AND c.reported_at < ?2 AND c.amount_fen IS NOT NULL
          ORDER BY c.amount_fen DESC, c.report_no LIMIT ?3",
    )?;
    let rows = stmt.query_map(params![from, to, limit as i64], |r| {
        Ok(Loss {
            report_no: r.get(0)?,
            day: r.get(1)?,
            code: r.get(2)?,
            amount_fen: r.get(3)?,
            victim_name: r.get(4)?,
            victim_phone: r.get(5)?,
            group_id: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The batches of a period: those most of whose cases were reported in it (a weekly
/// file brings its week's reports, and now and then a correction of an older one).
pub fn batches(conn: &Connection, from: &str, to: &str) -> Result<Vec<i64>> {
    // Each batch's cases by its range of ids (store::batch_cases): one pass over the
    // cases in id order, no sort of a million batch ids.
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT b.id FROM batches b
          WHERE (SELECT 2 * SUM(c.reported_at >= ?1 AND c.reported_at < ?2) > COUNT(*)
                   FROM cases c WHERE {})
          ORDER BY b.id",
        crate::store::batch_cases::of_batch("c", "b.id")
    ))?;
    let rows = stmt.query_map(params![from, to], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A scammer-side identifier first reported in a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewHub {
    /// The identifier's row (what tags and notes name).
    pub id: i64,
    pub kind: String,
    pub value: String,
    /// Cases holding it, reported up to the period's end.
    pub cases: i64,
    pub groups: i64,
    pub loss_fen: i64,
    pub first_seen: String,
    pub last_seen: String,
}

/// The linking identifiers (phones, accounts, QQ and WeChat ids) that no case
/// reported before `from` holds and at least `min_cases` cases reported before `to`
/// do: by cases, then loss. All of them: a week's new identifiers held twice are a
/// few per cent of its cases.
pub fn new_hubs(conn: &Connection, from: &str, to: &str, min_cases: i64) -> Result<Vec<NewHub>> {
    let mut stmt = conn.prepare_cached(&format!(
        "WITH now AS (
             SELECT DISTINCT ci.identifier_id AS id
               FROM cases c
               JOIN case_identifiers ci ON ci.case_id = c.id
               JOIN identifiers i ON i.id = ci.identifier_id
              WHERE c.reported_at >= ?1 AND c.reported_at < ?2 AND {LINKS}
                AND i.kind IN ('phone', 'service', 'card', 'alipay', 'wallet', 'qq', 'wechat')),
         held AS (
             SELECT DISTINCT ci.identifier_id AS id, ci.case_id
               FROM now JOIN case_identifiers ci ON ci.identifier_id = now.id
              WHERE ci.role IN {LINKING_ROLES})
         SELECT held.id, i.kind, i.value, COUNT(*), COUNT(DISTINCT cg.group_case),
                COALESCE(SUM(c.amount_fen), 0),
                substr(MIN(c.reported_at), 1, 10), substr(MAX(c.reported_at), 1, 10)
           FROM held
           JOIN identifiers i ON i.id = held.id
           JOIN cases c ON c.id = held.case_id
           LEFT JOIN case_group_of cg ON cg.case_id = c.id
          WHERE c.reported_at < ?2
          GROUP BY held.id
         HAVING MIN(c.reported_at) >= ?1 AND COUNT(*) >= ?3
          ORDER BY 4 DESC, 6 DESC, i.value"
    ))?;
    let rows = stmt.query_map(params![from, to, min_cases], |r| {
        Ok(NewHub {
            id: r.get(0)?,
            kind: r.get(1)?,
            value: r.get(2)?,
            cases: r.get(3)?,
            groups: r.get(4)?,
            loss_fen: r.get(5)?,
            first_seen: r.get(6)?,
            last_seen: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The narratives reported in `from..to`, each with its victim's name and phone
/// masked in it.
pub fn narratives(conn: &Connection, from: &str, to: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT script, victim_name, victim_phone FROM cases
          WHERE reported_at >= ?1 AND reported_at < ?2",
    )?;
    let mut rows = stmt.query(params![from, to])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let (script, name, phone): (String, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
        out.push(crate::text::mask_in_text(&script, &name, &phone));
    }
    Ok(out)
}
