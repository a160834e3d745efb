//! The two tiers of case–identifier links (migration 014) and of identifiers
//! (migration 018): [`MERGED`] for the rows a bulk load or a merge wrote, [`RECENT`]
//! for those of the weekly batches since. Each tier has its own partial indexes
//! (migration 021): the links by identifier, the identifiers by value and by last four.
//!
//! Why: a batch's links point at identifiers all over the id range, so inserting
//! them among the merged ones dirtied nearly every leaf of the index, and the commit
//! wrote the whole index twice (WAL, checkpoint): a cost that grew with the database,
//! not the batch. The same held for a batch's new identifiers at random values in the
//! unique `(value, kind)` index and the last-four index. Recent rows go into the
//! recent tier's own small indexes, so a batch dirties only those. The indexes were
//! first led by the tier (014, 018); keyed by the value alone, a load's builds no
//! longer tie on a column that has one value in the whole load (migration 021).
//! Readers by identifier, by value or by last four name both tiers ([`both_tiers!`]),
//! which SQLite reads as one seek in each tier's index; the view `case_identifiers`
//! names them for its readers. A (value, kind) is unique in each tier by its index,
//! and across the two by the writers, who look an identifier up (both tiers) before
//! inserting it. The tails are merged together once the links' holds those of more
//! than 1/[`MERGE_SHARE`] as many cases as the rest (the indexes' leaves then written
//! once for many batches), and before a bulk load, which rebuilds the merged tier's
//! indexes anyway.

use rusqlite::Connection;

use crate::Result;

/// The tier of the links a bulk load or a merge wrote.
pub const MERGED: i64 = 0;

/// The tier of a weekly batch's links, until merged.
pub const RECENT: i64 = 1;

/// Both tiers, over the columns of a table aliased `$alias` (`"i."`, or `""` for none):
/// `(tier = 0 OR tier = 1)`, [`MERGED`] and [`RECENT`] as literals, which SQLite reads
/// as a seek in each tier's partial index (an `IN` list would use neither). Every
/// reader of identifiers by value or last four, or of links by identifier, adds it.
#[macro_export]
macro_rules! both_tiers {
    ($alias:literal) => {
        concat!("(", $alias, "tier = 0 OR ", $alias, "tier = 1)")
    };
}

/// The recent tier's partial index of links by identifier (the merged tier's is
/// `case_identifiers_identifier`), for readers that name their index.
pub const RECENT_LINKS_INDEX: &str = "case_identifiers_identifier_recent";

/// The recent tier is merged once it holds the links of more than 1/MERGE_SHARE as
/// many cases as the merged one (12.5 %).
pub const MERGE_SHARE: i64 = 8;

/// Whether the recent tier has grown past its share: merged if so. Returns the links
/// merged (0: not due). The check counts the recent tier's cases (from the index's
/// tail) and looks at the highest case id (ids are dense: no case is ever deleted),
/// not a count of the whole.
pub fn merge_if_due(conn: &Connection) -> Result<usize> {
    // Counted here, not by `COUNT(DISTINCT case_id)`, whose temporary b-tree took
    // each link: 64 M instructions for one batch's tail at a million cases, 34 M so
    // (callgrind), and the tail grows to ten batches' before it is merged.
    let mut cases: hashbrown::HashSet<i64> = hashbrown::HashSet::new();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT case_id FROM case_identifier_codes INDEXED BY {RECENT_LINKS_INDEX}
          WHERE tier = {RECENT}"
    ))?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        cases.insert(row.get(0)?);
    }
    let recent_cases = cases.len() as i64;
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

/// Sets every recent link's, identifier's and case → group row's tier to merged
/// (`store::groups`); returns how many links.
/// Inside the caller's transaction. The recent tails are found by their tier's
/// indexes (a bulk load sets aside only the merged tier's). The tiers as literals: a
/// partial index serves a statement whose own text says its tier.
/// No identifier merged can meet its twin: the writers never store a (value, kind)
/// twice across the tiers.
pub fn merge(conn: &Connection) -> Result<usize> {
    conn.execute(
        &format!("UPDATE identifiers SET tier = {MERGED} WHERE tier = {RECENT}"),
        [],
    )?;
    crate::store::groups::merge(conn)?;
    Ok(conn.execute(
        &format!("UPDATE case_identifier_codes SET tier = {MERGED} WHERE tier = {RECENT}"),
        [],
    )?)
}

/// Identifiers stored in both tiers under one (value, kind): none, unless something
/// wrote one without looking it up first (read by `casebench check`). Proportional to
/// the recent tier: each recent identifier is one seek in the merged one.
pub fn identifiers_in_both_tiers(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row(
        &format!(
            "SELECT COUNT(*) FROM identifiers r
              WHERE r.tier = {RECENT}
                AND EXISTS (SELECT 1 FROM identifiers m
                             WHERE m.tier = {MERGED} AND m.value = r.value
                               AND m.kind_code = r.kind_code)"
        ),
        [],
        |r| r.get(0),
    )?)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::store::test_store_with_a_batch;

    fn count(conn: &Connection, tier: i64) -> i64 {
        conn.query_row(
            "SELECT COUNT(*) FROM case_identifier_codes WHERE tier = ?1",
            [tier],
            |r| r.get(0),
        )
        .unwrap()
    }

    /// Cases 1..=n in batch 1, case i linked to identifier i % 3 + 1 in `tier`.
    fn cases_linked(conn: &Connection, ids: std::ops::RangeInclusive<i64>, tier: i64) {
        for id in ids {
            crate::store::insert_bare_case(conn, id);
            conn.execute(
                "INSERT OR IGNORE INTO identifiers (id, kind_code, value)
                 VALUES (?1, 0, '+86138' || ?1)",
                [id % 3 + 1],
            )
            .unwrap();
            conn.execute(
                "INSERT INTO case_identifier_codes (case_id, identifier_id, role, origin, side,
                                                   tier)
                 VALUES (?1, ?2, 0, 5, 0, ?3)",
                [id, id % 3 + 1, tier],
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
        cases_linked(conn, 1..=80, MERGED);
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
        assert_eq!((count(conn, RECENT), count(conn, MERGED)), (0, 91));
        let mut expected = before;
        expected.push((91, 91 % 3 + 1, "caller".into()));
        assert_eq!(read(conn), expected);
    }

    /// SQLite's plan for `sql`, one step a line.
    pub(crate) fn query_plan(conn: &rusqlite::Connection, sql: &str) -> String {
        let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        // A statement's parameters bound to NULL: the plan is made without them.
        let nulls = vec![rusqlite::types::Null; stmt.parameter_count()];
        stmt.query_map(rusqlite::params_from_iter(nulls), |r| r.get::<_, String>(3))
            .unwrap()
            .map(Result::unwrap)
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The plan's steps that read `index` by `key` in each tier: its merged tier's
    /// partial index and its recent tier's, one seek each.
    fn seeks_both(plan: &str, index: &str, key: &str) -> bool {
        plan.contains("MULTI-INDEX OR")
            && plan.contains(&format!("INDEX {index} ({key})"))
            && plan.contains(&format!("INDEX {index}_recent ({key})"))
    }

    /// A lookup by identifier, through the view as every reader makes it, seeks each
    /// tier's index, alone or in a join; the merge and its check read only the recent
    /// tail. None scans the links.
    #[test]
    fn lookups_by_identifier_seek_both_tiers_and_the_merge_reads_the_tail() {
        let (_dir, store) = test_store_with_a_batch();
        let plan = |sql: &str| query_plan(&store.conn, sql);
        assert_eq!(
            crate::both_tiers!("i."),
            format!("(i.tier = {MERGED} OR i.tier = {RECENT})")
        );
        for sql in [
            concat!(
                "SELECT c.report_no FROM identifiers i
                   JOIN case_identifiers ci ON ci.identifier_id = i.id
                   JOIN cases c ON c.id = ci.case_id
                  WHERE i.kind = 'phone' AND i.value = '+8613812345678' AND ",
                crate::both_tiers!("i.")
            ),
            "SELECT COUNT(DISTINCT case_id) FROM case_identifiers WHERE identifier_id = 5",
            "SELECT case_id FROM case_identifiers WHERE identifier_id = 5 AND case_id <> 3",
        ] {
            let plan = plan(sql);
            assert!(
                seeks_both(&plan, "case_identifiers_identifier", "identifier_id=?"),
                "{plan}"
            );
            assert!(!plan.contains("SCAN"), "{plan}");
        }
        for sql in [
            format!(
                "SELECT case_id FROM case_identifier_codes INDEXED BY {RECENT_LINKS_INDEX}
                  WHERE tier = {RECENT}"
            ),
            format!("UPDATE case_identifier_codes SET tier = {MERGED} WHERE tier = {RECENT}"),
        ] {
            let plan = plan(&sql);
            assert!(plan.contains(RECENT_LINKS_INDEX), "{plan}");
        }
    }

    /// Every reader of identifiers by value — the writers' lookup by the key's own
    /// columns, by kind word and value, by value alone (cold search), by last four, by
    /// a range of values — seeks both tiers of migration 021's indexes; the merge and the
    /// check read the recent tail. None scans the identifiers.
    #[test]
    fn lookups_by_value_seek_both_tiers_of_the_identifiers() {
        let (_dir, store) = test_store_with_a_batch();
        let plan = |sql: &str| query_plan(&store.conn, sql);
        for (sql, index, key) in [
            (
                concat!(
                    "SELECT id, display FROM identifiers
                      WHERE value = '+8613812345678' AND kind_code = 0 AND ",
                    crate::both_tiers!("")
                ),
                "identifiers_value_kind",
                "value=? AND kind_code=?",
            ),
            (
                concat!(
                    "SELECT id FROM identifiers WHERE kind = 'qq' AND value = '771234567' AND ",
                    crate::both_tiers!("")
                ),
                "identifiers_value_kind",
                "value=?",
            ),
            (
                concat!(
                    "SELECT id, value, ignored FROM identifiers WHERE value = '5678' AND ",
                    crate::both_tiers!(""),
                    " ORDER BY id"
                ),
                "identifiers_value_kind",
                "value=?",
            ),
            (
                concat!(
                    "SELECT id, value, ignored FROM identifiers WHERE substr(value, -4) = '5678'
                      AND ",
                    crate::both_tiers!("")
                ),
                "identifiers_last4",
                "<expr>=?",
            ),
            // A range seeks both tiers; a GLOB's own range is not carried into each
            // tier's seek (SQLite 3.46: the index is read whole), so no reader seeks
            // by a pattern (the evidence query reads every case first, as before).
            (
                concat!(
                    "SELECT id FROM identifiers WHERE value >= '+86138' AND value < '+86139'
                      AND ",
                    crate::both_tiers!("")
                ),
                "identifiers_value_kind",
                "value>? AND value<?",
            ),
            (
                crate::link::MARK_OFFICIAL,
                "identifiers_value_kind",
                "value=?",
            ),
        ] {
            let plan = plan(sql);
            assert!(seeks_both(&plan, index, key), "{sql}: {plan}");
            assert!(!plan.contains("SCAN"), "{sql}: {plan}");
        }
        for sql in [
            format!("UPDATE identifiers SET tier = {MERGED} WHERE tier = {RECENT}"),
            format!(
                "SELECT COUNT(*) FROM identifiers r WHERE r.tier = {RECENT}
                   AND EXISTS (SELECT 1 FROM identifiers m
                                WHERE m.tier = {MERGED} AND m.value = r.value
                                  AND m.kind_code = r.kind_code)"
            ),
        ] {
            let plan = plan(&sql);
            // The recent tier's own index: the tail alone.
            assert!(plan.contains("_recent"), "{plan}");
        }
        // A search for digits anywhere in a value reads each tier's index of values
        // whole, not the table (a fifth of its bytes).
        let every = plan(crate::search::cold::EVERY_VALUE_CONTAINING);
        assert!(
            every.contains("SCAN identifiers USING COVERING INDEX identifiers_value_kind\n")
                && every.contains(
                    "SCAN identifiers USING COVERING INDEX identifiers_value_kind_recent"
                ),
            "{every}"
        );
        // The check's lookup in the merged tier is a seek by its index's key.
        let check = plan(&format!(
            "SELECT COUNT(*) FROM identifiers r WHERE r.tier = {RECENT}
               AND EXISTS (SELECT 1 FROM identifiers m
                            WHERE m.tier = {MERGED} AND m.value = r.value
                              AND m.kind_code = r.kind_code)"
        ));
        assert!(
            check.contains("INDEX identifiers_value_kind (value=? AND kind_code=?)"),
            "{check}"
        );
    }

    /// A batch's identifiers in the recent tier, merged with its links; a twin across
    /// the tiers (written without a lookup) is what the check counts.
    #[test]
    fn recent_identifiers_merge_with_the_links_and_twins_are_counted() {
        let (_dir, store) = test_store_with_a_batch();
        let conn = &store.conn;
        cases_linked(conn, 1..=8, MERGED);
        conn.execute(
            "INSERT INTO identifiers (id, kind_code, value, tier) VALUES (10, 0, '+8613900000010', 1)",
            [],
        )
        .unwrap();
        cases_linked(conn, 9..=9, RECENT);
        assert_eq!(identifiers_in_both_tiers(conn).unwrap(), 0);
        // 1 recent case against 8: not due; then a second one is.
        assert_eq!(merge_if_due(conn).unwrap(), 0);
        cases_linked(conn, 10..=10, RECENT);
        assert_eq!(merge_if_due(conn).unwrap(), 2);
        let recent: i64 = conn
            .query_row("SELECT COUNT(*) FROM identifiers WHERE tier = 1", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(recent, 0, "the identifiers merged with the links");
        conn.execute(
            "INSERT INTO identifiers (kind_code, value, tier) VALUES (0, '+8613900000010', 1)",
            [],
        )
        .unwrap();
        assert_eq!(identifiers_in_both_tiers(conn).unwrap(), 1);
    }
}
