//! The two tiers of case–identifier links (migration 014): `case_identifier_codes`,
//! the big one a bulk load writes, and `case_identifier_recent`, where the weekly
//! batches since the last merge write theirs.
//!
//! Why two: a batch's links point at identifiers all over the id range, so inserting
//! them into the big index by identifier dirtied nearly every one of its leaves, and
//! the commit wrote the whole index twice (WAL, checkpoint): a cost that grew with the
//! database, not the batch. In a small table of their own they dirty pages in
//! proportion to the batch. Every reader sees both: the view `case_identifiers` is a
//! UNION ALL of them (each arm searched through its own index), and the hot paths that
//! read the coded tables (`link`) name both. The recent tier is merged into the big
//! one when it holds more than 1/[`MERGE_SHARE`] as many cases as the big one (the
//! big index is then written once for many batches), and before a bulk load, which
//! rebuilds the big index anyway.

use rusqlite::Connection;

use crate::Result;

/// The coded link tables, the big one first: the view `case_identifiers` reads them
/// all, in this order.
pub const TABLES: [&str; 2] = ["case_identifier_codes", "case_identifier_recent"];

/// The table a batch's links go to when it is not a bulk load.
pub const RECENT: &str = "case_identifier_recent";

/// The big tier.
pub const MAIN: &str = "case_identifier_codes";

/// The recent tier is merged once it holds the links of more than 1/MERGE_SHARE as
/// many cases as the big one (12.5 %): a merge rewrites the big index's leaves once
/// for every ~MERGE_SHARE / 8 batches of 1/64 of the database each.
pub const MERGE_SHARE: i64 = 8;

/// Whether the recent tier has grown past its share of the whole: merged if so.
/// Returns the links merged (0: not due). The cost of the check is the recent
/// tier's cases counted and one look at the highest case id (ids are dense: no case is
/// ever deleted), not a count of the big tier.
pub fn merge_if_due(conn: &Connection) -> Result<usize> {
    let recent_cases: i64 = conn.query_row(
        "SELECT COUNT(DISTINCT case_id) FROM case_identifier_recent",
        [],
        |r| r.get(0),
    )?;
    if recent_cases == 0 {
        return Ok(0);
    }
    let all_cases: i64 =
        conn.query_row("SELECT COALESCE(MAX(id), 0) FROM cases", [], |r| r.get(0))?;
    if recent_cases.saturating_mul(MERGE_SHARE) <= all_cases.saturating_sub(recent_cases) {
        return Ok(0);
    }
    merge(conn)
}

/// Moves every recent link into the big tier; returns how many. Inside the caller's
/// transaction: readers see the links in one tier or the other, never both or none.
pub fn merge(conn: &Connection) -> Result<usize> {
    // In key order: the big table's rows of new cases are appended at its end.
    let moved = conn.execute(
        "INSERT INTO case_identifier_codes
             (case_id, identifier_id, role, origin, side, display, excerpt_from,
              excerpt_chars, excerpt)
         SELECT case_id, identifier_id, role, origin, side, display, excerpt_from,
                excerpt_chars, excerpt
           FROM case_identifier_recent ORDER BY case_id, identifier_id, role",
        [],
    )?;
    conn.execute("DELETE FROM case_identifier_recent", [])?;
    Ok(moved)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::test_store_with_a_batch;

    fn count(conn: &Connection, table: &str) -> i64 {
        conn.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    }

    /// Cases 1..=n in batch 1, case i linked to identifier i % 3 + 1 in `table`.
    fn cases_linked(conn: &Connection, ids: std::ops::RangeInclusive<i64>, table: &str) {
        for id in ids {
            conn.execute(
                "INSERT INTO cases (id, report_no, batch_id, line, victim_name, victim_phone,
                    caller_raw, account_raw, contact_raw, amount_raw, scam_type, script,
                    extra, content_hash)
                 VALUES (?1, 'R' || ?1, 1, ?1, '', '', '', '', '', '', '', '', '{}', x'00')",
                [id],
            )
            .unwrap();
            conn.execute(
                "INSERT OR IGNORE INTO identifiers (id, kind, value, display)
                 VALUES (?1, 'phone', '+86138' || ?1, '138' || ?1)",
                [id % 3 + 1],
            )
            .unwrap();
            conn.execute(
                &format!(
                    "INSERT INTO {table} (case_id, identifier_id, role, origin, side)
                     VALUES (?1, ?2, 0, 5, 0)"
                ),
                [id, id % 3 + 1],
            )
            .unwrap();
        }
    }

    /// The view reads both tiers; a merge is due only past the share, and then leaves
    /// every link in the big tier, read back the same through the view.
    #[test]
    fn the_recent_tier_is_merged_past_its_share_and_reads_the_same() {
        let (_dir, store) = test_store_with_a_batch();
        let conn = &store.conn;
        cases_linked(conn, 1..=80, MAIN);
        cases_linked(conn, 81..=90, RECENT);
        let read = |conn: &Connection| -> Vec<(i64, i64, String)> {
            let mut stmt = conn
                .prepare(
                    "SELECT case_id, identifier_id, role FROM case_identifiers
                      ORDER BY case_id, identifier_id",
                )
                .unwrap();
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .unwrap()
                .map(Result::unwrap)
                .collect()
        };
        let before = read(conn);
        assert_eq!(before.len(), 90, "both tiers through the view");
        // 10 recent cases against 80: 10 × 8 = 80, not past the share.
        assert_eq!(merge_if_due(conn).unwrap(), 0);
        assert_eq!(count(conn, RECENT), 10);
        cases_linked(conn, 91..=91, RECENT);
        assert_eq!(merge_if_due(conn).unwrap(), 11);
        assert_eq!((count(conn, RECENT), count(conn, MAIN)), (0, 91));
        let mut expected = before;
        expected.push((91, 91 % 3 + 1, "caller".into()));
        assert_eq!(read(conn), expected);
    }

    /// Both arms of the view search their own index by identifier, and by case: a
    /// lookup through the view never scans a tier.
    #[test]
    fn a_lookup_through_the_view_searches_both_tiers_by_index() {
        let (_dir, store) = test_store_with_a_batch();
        let plan = |sql: &str| -> String {
            let mut stmt = store
                .conn
                .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
                .unwrap();
            stmt.query_map([], |r| r.get::<_, String>(3))
                .unwrap()
                .map(Result::unwrap)
                .collect::<Vec<_>>()
                .join("\n")
        };
        let by_identifier = plan(
            "SELECT c.report_no FROM identifiers i
               JOIN case_identifiers ci ON ci.identifier_id = i.id
               JOIN cases c ON c.id = ci.case_id
              WHERE i.kind = 'phone' AND i.value = '+8613812345678'",
        );
        // (The plan names a table by its alias in the view.)
        assert!(
            by_identifier.contains("INDEX case_identifiers_identifier (identifier_id=?)")
                && by_identifier
                    .contains("INDEX case_identifier_recent_identifier (identifier_id=?)"),
            "{by_identifier}"
        );
        assert!(!by_identifier.contains("SCAN"), "{by_identifier}");
        let by_case = plan("SELECT identifier_id, role FROM case_identifiers WHERE case_id = 7");
        assert_eq!(
            by_case.matches("USING PRIMARY KEY (case_id=?)").count(),
            2,
            "{by_case}"
        );
        assert!(!by_case.contains("SCAN"), "{by_case}");
    }
}
