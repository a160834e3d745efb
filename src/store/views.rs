//! Read queries shaped for a screen rather than a listing: one page of cases at any
//! position of a million, a case with everything known about it, groups and weekly
//! totals. The workbench (TUI) asks for only what it shows; everything here is read
//! only and bound-parameter SQL.

use rusqlite::{Connection, OptionalExtension, params};

use crate::Result;
use crate::store::queries::FLAGGED_VALUE;

/// The case list's order: newest first. `id` breaks ties so that the order is total
/// and `cases_reported_at` (which holds the rowid) serves it without a sort.
const NEWEST_FIRST: &str = "SELECT id FROM cases ORDER BY reported_at DESC, id DESC";
const OLDEST_FIRST: &str = "SELECT id FROM cases ORDER BY reported_at ASC, id ASC";

/// The case ids with their group's size (a case in no group counts 1), in the order
/// given: a `concat!` of literals, still a constant. The sizes are counted in each
/// tier's index by group, in its order (migration 022), then added: a `GROUP BY` over
/// both tiers at once would sort every row.
macro_rules! concat_order {
    ($order:literal) => {
        concat!(
            "SELECT c.id FROM cases c LEFT JOIN case_group_of g ON g.case_id = c.id
     LEFT JOIN (SELECT group_case, SUM(n) AS n
                  FROM (SELECT group_case, COUNT(*) AS n FROM case_group_of
                         WHERE tier = 0 GROUP BY group_case
                        UNION ALL
                        SELECT group_case, COUNT(*) AS n FROM case_group_of
                         WHERE tier = 1 GROUP BY group_case)
                 GROUP BY group_case) s
            ON s.group_case = g.group_case ",
            $order
        )
    };
}

/// A column the case list can be ordered by. Each order is one fixed SQL text (see
/// [`CaseOrder::sql`]): nothing of it comes from the user. Ties are broken by the
/// report number (unique), so that the order is total and pages do not overlap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CaseOrder {
    /// Reported date (the default, newest first; ties by id, served by the index).
    #[default]
    Reported,
    ReportNo,
    /// Amount lost; cases with no amount count as the smallest.
    Amount,
    /// Scam type, in the taxonomy's order.
    ScamType,
    /// Cases in the case's group.
    GroupSize,
}

impl CaseOrder {
    /// Read in this order by walking an index, without sorting: a page at any
    /// position costs little. The other orders sort every case for each query.
    pub fn indexed(self) -> bool {
        matches!(self, CaseOrder::Reported | CaseOrder::ReportNo)
    }

    /// The query of the case ids in this order, ascending or descending.
    fn sql(self, descending: bool) -> &'static str {
        use CaseOrder::*;
        match (self, descending) {
            (Reported, true) => NEWEST_FIRST,
            (Reported, false) => OLDEST_FIRST,
            (ReportNo, true) => "SELECT id FROM cases ORDER BY report_no DESC",
            (ReportNo, false) => "SELECT id FROM cases ORDER BY report_no ASC",
            (Amount, true) => "SELECT id FROM cases ORDER BY amount_fen DESC, report_no DESC",
            (Amount, false) => "SELECT id FROM cases ORDER BY amount_fen ASC, report_no ASC",
            (ScamType, true) => "SELECT id FROM cases ORDER BY scam_type_code DESC, report_no DESC",
            (ScamType, false) => "SELECT id FROM cases ORDER BY scam_type_code ASC, report_no ASC",
            (GroupSize, true) => {
                concat_order!("ORDER BY COALESCE(s.n, 1) DESC, c.report_no DESC")
            }
            (GroupSize, false) => concat_order!("ORDER BY COALESCE(s.n, 1) ASC, c.report_no ASC"),
        }
    }
}

/// The ids of `limit` cases starting at `offset` in newest-first order, out of `total`.
pub fn case_ids_page(conn: &Connection, offset: u64, limit: u64, total: u64) -> Result<Vec<i64>> {
    case_ids_page_ordered(conn, CaseOrder::Reported, true, offset, limit, total)
}

/// The ids of `limit` cases starting at `offset` in `order` (descending or not), out
/// of `total`.
///
/// SQLite's OFFSET walks the index (or keeps the sorted rows up to it), so a page
/// deep into a million cases is read from whichever end is nearer, in the reverse
/// order: the walk stays under half the table.
pub fn case_ids_page_ordered(
    conn: &Connection,
    order: CaseOrder,
    descending: bool,
    offset: u64,
    limit: u64,
    total: u64,
) -> Result<Vec<i64>> {
    if limit == 0 || offset >= total {
        return Ok(Vec::new());
    }
    let limit = limit.min(total - offset);
    let from_end = total - offset - limit;
    let read = |sql: &str, skip: u64| -> Result<Vec<i64>> {
        let mut stmt = conn.prepare_cached(&format!("{sql} LIMIT ?1 OFFSET ?2"))?;
        let ids = stmt
            .query_map(params![limit as i64, skip as i64], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(ids)
    };
    if from_end < offset {
        let mut ids = read(order.sql(!descending), from_end)?;
        ids.reverse();
        Ok(ids)
    } else {
        read(order.sql(descending), offset)
    }
}

/// Every case id in `order` (descending or not): for an order no index serves, read
/// once and paged in memory (8 bytes a case) rather than sorted again for each page.
pub fn case_ids_ordered(conn: &Connection, order: CaseOrder, descending: bool) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached(order.sql(descending))?;
    let ids = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

/// One row of the case table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseLine {
    pub id: i64,
    pub report_no: String,
    /// Normalised when it parsed, else as written.
    pub reported_at: String,
    pub amount_fen: Option<i64>,
    pub amount_raw: String,
    /// The scam-type column as written.
    pub scam_type: String,
    pub scam_type_code: crate::scamtype::Code,
    /// Canonical caller numbers (partial ones as stored).
    pub callers: Vec<String>,
    /// `callers` as the listings write them: marked where they are a fraud signal
    /// (a virtual-operator number, an official one spoofed).
    pub flagged_callers: Vec<String>,
    /// Canonical receiving accounts (partial ones as stored).
    pub accounts: Vec<String>,
    pub group_id: Option<String>,
    /// Cases in its group; 1 when it is in none.
    pub group_size: i64,
    pub script: String,
}

/// The rows of the cases with these ids, in the order given (ids not found are left out).
pub fn case_lines(conn: &Connection, ids: &[i64]) -> Result<Vec<CaseLine>> {
    let mut case = conn.prepare_cached(
        "SELECT c.report_no, COALESCE(c.reported_at, c.reported_at_raw), c.amount_fen,
                c.amount_raw, c.scam_type, g.group_id,
                CASE WHEN g.group_id IS NULL THEN 1
                     ELSE (SELECT COUNT(*) FROM case_group_of m
                            WHERE m.group_case = g.group_case AND (m.tier = 0 OR m.tier = 1))
                END,
                c.script, c.scam_type_code
           FROM cases c LEFT JOIN case_groups g ON g.case_id = c.id WHERE c.id = ?1",
    )?;
    let mut idents = conn.prepare_cached(&format!(
        "SELECT ci.role, ci.origin, i.value, {FLAGGED_VALUE}
           FROM case_identifiers ci JOIN identifiers i ON i.id = ci.identifier_id
          WHERE ci.case_id = ?1 AND ci.role <> 'victim_phone'
          ORDER BY i.id"
    ))?;
    let mut out = Vec::with_capacity(ids.len());
    for &id in ids {
        let line = case
            .query_row([id], |r| {
                Ok(CaseLine {
                    id,
                    report_no: r.get(0)?,
                    reported_at: r.get(1)?,
                    amount_fen: r.get(2)?,
                    amount_raw: r.get(3)?,
                    scam_type: r.get(4)?,
                    scam_type_code: crate::scamtype::Code::from_id(r.get(8)?),
                    callers: Vec::new(),
                    flagged_callers: Vec::new(),
                    accounts: Vec::new(),
                    group_id: r.get(5)?,
                    group_size: r.get(6)?,
                    script: r.get(7)?,
                })
            })
            .optional()?;
        let Some(mut line) = line else { continue };
        let mut rows = idents.query([id])?;
        while let Some(r) = rows.next()? {
            let role: String = r.get(0)?;
            let origin: String = r.get(1)?;
            let value: String = r.get(2)?;
            let caller = match (role.as_str(), origin.as_str()) {
                ("caller", _) | ("partial", "caller_number") => true,
                ("account", _) | ("partial", "receiving_account") => false,
                _ => continue,
            };
            let list = match caller {
                true => &mut line.callers,
                false => &mut line.accounts,
            };
            if list.contains(&value) {
                continue;
            }
            list.push(value);
            if caller {
                line.flagged_callers.push(r.get(3)?);
            }
        }
        out.push(line);
    }
    Ok(out)
}

/// An identifier as one case holds it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HeldIdentifier {
    pub kind: String,
    pub value: String,
    /// As written in this case.
    pub display: String,
    pub role: String,
    /// The column (or `script`) it came from.
    pub origin: String,
    pub flags: i64,
    pub official: bool,
    pub ignored: bool,
    /// Other cases holding it.
    pub other_cases: i64,
}

/// A case with every field the detail view shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseDetail {
    pub id: i64,
    pub report_no: String,
    pub batch_id: i64,
    pub file_name: String,
    /// The workbook sheet the case came from (its line is the sheet's row); None for CSV.
    pub sheet: Option<String>,
    pub line: i64,
    pub reported_at: String,
    pub occurred_at: String,
    pub victim_name: String,
    pub victim_phone: String,
    pub caller_raw: String,
    pub account_raw: String,
    pub contact_raw: String,
    pub amount_fen: Option<i64>,
    pub amount_raw: String,
    /// The scam-type column as written.
    pub scam_type: String,
    pub scam_type_code: crate::scamtype::Code,
    pub scam_type_source: crate::scamtype::Source,
    pub script: String,
    /// Unknown columns, in file order.
    pub extra: Vec<(String, String)>,
    pub group_id: Option<String>,
    pub warnings: Vec<String>,
    pub identifiers: Vec<HeldIdentifier>,
}

pub fn case_detail(conn: &Connection, report_no: &str) -> Result<Option<CaseDetail>> {
    let found = conn
        .query_row(
            &format!(
                "SELECT c.id, c.report_no, c.batch_id, COALESCE(b.file_name, ''), c.line,
                    COALESCE(c.reported_at, c.reported_at_raw),
                    COALESCE(c.occurred_at, c.occurred_at_raw), c.victim_name, c.victim_phone,
                    c.caller_raw, c.account_raw, c.contact_raw, c.amount_fen, c.amount_raw,
                    c.scam_type, c.script, {}, g.group_id, c.scam_type_code,
                    c.scam_type_source
               FROM cases c LEFT JOIN batches b ON b.id = c.batch_id
               LEFT JOIN case_groups g ON g.case_id = c.id
              WHERE c.report_no = ?1",
                super::extras::text_of("c")
            ),
            [report_no],
            |r| {
                let extra: String = r.get(16)?;
                Ok(CaseDetail {
                    id: r.get(0)?,
                    report_no: r.get(1)?,
                    batch_id: r.get(2)?,
                    file_name: r.get(3)?,
                    sheet: None,
                    line: r.get(4)?,
                    reported_at: r.get(5)?,
                    occurred_at: r.get(6)?,
                    victim_name: r.get(7)?,
                    victim_phone: r.get(8)?,
                    caller_raw: r.get(9)?,
                    account_raw: r.get(10)?,
                    contact_raw: r.get(11)?,
                    amount_fen: r.get(12)?,
                    amount_raw: r.get(13)?,
                    scam_type: r.get(14)?,
                    scam_type_code: crate::scamtype::Code::from_id(r.get(18)?),
                    scam_type_source: crate::scamtype::Source::from_id(r.get(19)?),
                    script: r.get(15)?,
                    extra: super::rows::extra_fields(&extra),
                    group_id: r.get(17)?,
                    warnings: Vec::new(),
                    identifiers: Vec::new(),
                })
            },
        )
        .optional()?;
    let Some(mut detail) = found else {
        return Ok(None);
    };
    // A workbook's sheets hold the ranges of the case ids they added. A case a
    // corrected report updated keeps its id: its sheet is known when the workbook
    // had only one sheet read.
    detail.sheet = conn
        .prepare_cached(
            "SELECT name FROM batch_sheets s
              WHERE batch_id = ?1 AND rows_read IS NOT NULL
                AND (?2 BETWEEN first_case_id AND last_case_id
                     OR (SELECT COUNT(*) FROM batch_sheets o
                          WHERE o.batch_id = s.batch_id AND o.rows_read IS NOT NULL) = 1)
              ORDER BY position LIMIT 1",
        )?
        .query_row([detail.batch_id, detail.id], |r| r.get(0))
        .optional()?;
    let mut warnings =
        conn.prepare_cached("SELECT field || ': ' || message FROM warnings WHERE case_id = ?1")?;
    detail.warnings = warnings
        .query_map([detail.id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut idents = conn.prepare_cached(
        "SELECT i.kind, i.value, ci.display, ci.role, ci.origin, i.flags, i.official, i.ignored,
                (SELECT COUNT(DISTINCT o.case_id) FROM case_identifiers o
                  WHERE o.identifier_id = i.id AND o.case_id <> ci.case_id)
           FROM case_identifiers ci JOIN identifiers i ON i.id = ci.identifier_id
          WHERE ci.case_id = ?1
          ORDER BY CASE ci.role WHEN 'caller' THEN 0 WHEN 'account' THEN 1
                   WHEN 'contact' THEN 2 WHEN 'partial' THEN 3 ELSE 4 END, i.id",
    )?;
    detail.identifiers = idents
        .query_map([detail.id], |r| {
            Ok(HeldIdentifier {
                kind: r.get(0)?,
                value: r.get(1)?,
                display: r.get(2)?,
                role: r.get(3)?,
                origin: r.get(4)?,
                flags: r.get(5)?,
                official: r.get::<_, i64>(6)? != 0,
                ignored: r.get::<_, i64>(7)? != 0,
                other_cases: r.get(8)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Some(detail))
}

/// One linked-case group in the groups list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupRow {
    pub group_id: String,
    pub size: i64,
    pub loss_fen: i64,
    pub first: String,
    pub last: String,
}

/// Groups by size, then total loss (at most `limit`).
pub fn groups(conn: &Connection, limit: usize) -> Result<Vec<GroupRow>> {
    // The grouped cases in id order (the narrow table's own order), each looked up
    // by id: the case rows are read in file order, not hopping in group order.
    let mut stmt = conn.prepare_cached(
        "SELECT 'G-' || n.report_no AS group_id, s.n, s.loss, s.first, s.last
           FROM (SELECT g.group_case, COUNT(*) AS n, COALESCE(SUM(c.amount_fen), 0) AS loss,
                        COALESCE(MIN(c.reported_at), '') AS first,
                        COALESCE(MAX(c.reported_at), '') AS last
                   FROM case_group_of g NOT INDEXED CROSS JOIN cases c ON c.id = g.case_id
                  GROUP BY g.group_case) s
           JOIN cases n ON n.id = s.group_case
          ORDER BY s.n DESC, s.loss DESC, group_id
          LIMIT ?1",
    )?;
    let rows = stmt.query_map([limit as i64], |r| {
        Ok(GroupRow {
            group_id: r.get(0)?,
            size: r.get(1)?,
            loss_fen: r.get(2)?,
            first: r.get(3)?,
            last: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Reports and losses of one week (Monday to Sunday).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeekRow {
    /// The week's Monday, `YYYY-MM-DD`.
    pub week: String,
    pub reports: i64,
    pub loss_fen: i64,
}

/// Weeks oldest first; undated cases are left out.
pub fn weekly(conn: &Connection) -> Result<Vec<WeekRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT date(reported_at, 'weekday 0', '-6 days') AS week, COUNT(*),
                COALESCE(SUM(amount_fen), 0)
           FROM cases WHERE reported_at IS NOT NULL
          GROUP BY week HAVING week IS NOT NULL ORDER BY week",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(WeekRow {
            week: r.get(0)?,
            reports: r.get(1)?,
            loss_fen: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Reports and losses of one scam type of the taxonomy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeRow {
    pub scam_type: crate::scamtype::Code,
    pub reports: i64,
    pub loss_fen: i64,
}

/// The taxonomy's scam types by reports, then loss (however the files wrote them).
pub fn by_scam_type(conn: &Connection) -> Result<Vec<TypeRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT scam_type_code, COUNT(*) AS n, COALESCE(SUM(amount_fen), 0) AS loss
           FROM cases GROUP BY scam_type_code ORDER BY n DESC, loss DESC, scam_type_code",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(TypeRow {
            scam_type: crate::scamtype::Code::from_id(r.get(0)?),
            reports: r.get(1)?,
            loss_fen: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// What the status line shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Totals {
    pub cases: i64,
    pub groups: i64,
    /// When the newest batch was imported, and its file.
    pub last_import: Option<(String, String)>,
}

pub fn totals(conn: &Connection) -> Result<Totals> {
    let cases = conn.query_row("SELECT COUNT(*) FROM cases", [], |r| r.get(0))?;
    let groups = conn.query_row(crate::store::groups::COUNT_GROUPS, [], |r| r.get(0))?;
    let last_import = conn
        .query_row(
            "SELECT imported_at, file_name FROM batches ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    Ok(Totals {
        cases,
        groups,
        last_import,
    })
}

/// How many cases the store holds (the case list's length).
pub fn case_total(conn: &Connection) -> Result<u64> {
    let n: i64 = conn.query_row("SELECT COUNT(*) FROM cases", [], |r| r.get(0))?;
    Ok(n.max(0) as u64)
}

#[cfg(test)]
mod tests {
    use std::ops::ControlFlow;

    use super::*;
    use crate::store::Store;

    /// Twelve cases: amounts with ties and one missing, two groups (three cases tied by
    /// a card, two by a phone), two scam types.
    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut csv = String::from(
            "report_no,reported_at,caller_number,receiving_account,amount,scam_type\n",
        );
        for i in 0..12 {
            let amount = match i {
                5 => String::new(),
                _ => ((i % 4) * 100).to_string(),
            };
            let account = if i < 3 {
                "6222020200112233445".to_string()
            } else {
                format!("62170012345678{i:05}")
            };
            let caller = if (3..5).contains(&i) {
                "13812345678".to_string()
            } else {
                format!("1390000{i:04}")
            };
            let kind = if i % 2 == 0 {
                "刷单返利"
            } else {
                "网络贷款"
            };
            csv.push_str(&format!(
                "P{i:02},2026-03-{:02},{caller},{account},{amount},{kind}\n",
                1 + i % 5
            ));
        }
        let file = dir.path().join("cases.csv");
        std::fs::write(&file, csv).expect("fixture");
        let mut store = Store::open(&dir.path().join("t.sqlite")).expect("store");
        crate::import::import_files(&mut store, &[file], &mut |_| ControlFlow::Continue(()));
        (dir, store)
    }

    #[test]
    fn pages_from_either_end_join_into_the_whole_order() {
        let (_dir, store) = store();
        let conn = store.connection();
        let orders = [
            CaseOrder::Reported,
            CaseOrder::ReportNo,
            CaseOrder::Amount,
            CaseOrder::ScamType,
            CaseOrder::GroupSize,
        ];
        for order in orders {
            for descending in [false, true] {
                let whole = case_ids_ordered(conn, order, descending).expect("ids");
                assert_eq!(whole.len(), 12);
                // Pages of 5: the later ones are read from the other end, reversed.
                let mut paged = Vec::new();
                for offset in (0..12).step_by(5) {
                    paged.extend(
                        case_ids_page_ordered(conn, order, descending, offset, 5, 12)
                            .expect("page"),
                    );
                }
                assert_eq!(paged, whole, "{order:?} descending {descending}");
                let mut reversed = case_ids_ordered(conn, order, !descending).expect("ids");
                reversed.reverse();
                assert_eq!(reversed, whole, "{order:?} turned round");
            }
        }
        // By amount, largest first: the three 300s by report number, the missing last.
        let lines = |ids: &[i64]| case_lines(conn, ids).expect("lines");
        let ids = case_ids_ordered(conn, CaseOrder::Amount, true).expect("ids");
        let report_nos: Vec<String> = lines(&ids).into_iter().map(|l| l.report_no).collect();
        assert_eq!(&report_nos[..3], ["P11", "P07", "P03"]);
        assert_eq!(report_nos.last().map(String::as_str), Some("P05"));
        // By group size, largest first: the three tied by the card.
        let ids = case_ids_ordered(conn, CaseOrder::GroupSize, true).expect("ids");
        let sizes: Vec<i64> = lines(&ids[..6]).into_iter().map(|l| l.group_size).collect();
        assert_eq!(sizes, [3, 3, 3, 2, 2, 1]);
    }
}
