//! A group as the store keeps it: the case that names it (migration 017). A group's
//! id is `G-` + the report_no of its earliest case (`link`); `case_group_of` holds,
//! for each case in a group, that case's id (`group_case`), and the view
//! `case_groups` shows the id's text (`group_id`) to readers. A reader that finds a
//! group's cases by the id a user typed goes through [`NAMED_BY`], so that SQLite
//! seeks the index on `group_case` rather than working out every row's text.
//!
//! The index by group has two tiers (migration 022, as the links' in `store::tiers`):
//! the rows a weekly batch writes stand in the recent tier's small partial index
//! ([`RECENT_GROUPS_INDEX`]), the others in the merged tier's (`case_groups_group`).
//! A reader by group names both (`both_tiers!`), or a tier a statement where it runs
//! once a group ([`GROUP_SIZE`], [`GROUP_MEMBERS`]); a reader by case is unchanged.

/// The case that names the group whose id is bound as `?1` (`G-` + its report_no),
/// as an SQL expression: NULL when no case has that report_no or the id does not
/// start with `G-`. Constants only; see [`named_by`] for another parameter.
pub const NAMED_BY: &str =
    "(SELECT n.id FROM cases n WHERE n.report_no = substr(?1, 3) AND 'G-' || n.report_no = ?1)";

/// [`NAMED_BY`] for the group id bound as parameter `?{param}`.
pub fn named_by(param: u8) -> String {
    NAMED_BY.replace("?1", &format!("?{param}"))
}

/// A group's id from the report_no of the case that names it.
pub fn group_id(report_no: &str) -> String {
    format!("G-{report_no}")
}

/// The recent tier's partial index of the case → group rows by group (migration 022).
pub const RECENT_GROUPS_INDEX: &str = "case_groups_group_recent";

/// The size of the group named by case `?1`: each tier's index counted by its own
/// statement arm. The relink runs it once per old group it meets: one statement over
/// `tier = 0 OR tier = 1` keeps a set of the rows found at each run.
pub const GROUP_SIZE: &str =
    "SELECT (SELECT COUNT(*) FROM case_group_of WHERE tier = 0 AND group_case = ?1)
      + (SELECT COUNT(*) FROM case_group_of WHERE tier = 1 AND group_case = ?1)";

/// The cases of the group named by case `?1`, a tier an arm (see [`GROUP_SIZE`]).
pub const GROUP_MEMBERS: &str =
    "SELECT case_id FROM case_group_of WHERE tier = 0 AND group_case = ?1
     UNION ALL
     SELECT case_id FROM case_group_of WHERE tier = 1 AND group_case = ?1";

/// Every row of the group named by case `?2` moves to the group named by case `?1`,
/// into the recent tier (its merged entries are taken out where they stand, a page or
/// two: a group's entries are together).
pub const RENAME: &str = concat!(
    "UPDATE case_group_of SET group_case = ?1, tier = 1 WHERE group_case = ?2 AND ",
    crate::both_tiers!("")
);

/// Every row of the group named by case `?1` deleted (its cases are alone now).
pub const DISSOLVE: &str = concat!(
    "DELETE FROM case_group_of WHERE group_case = ?1 AND ",
    crate::both_tiers!("")
);

/// How many groups there are: the merged tier's distinct groups read from its index in
/// order, and the recent tier's that have no merged row (a seek each).
pub const COUNT_GROUPS: &str =
    "SELECT (SELECT COUNT(DISTINCT group_case) FROM case_group_of WHERE tier = 0)
      + (SELECT COUNT(DISTINCT r.group_case) FROM case_group_of r
          WHERE r.tier = 1
            AND NOT EXISTS (SELECT 1 FROM case_group_of m
                             WHERE m.tier = 0 AND m.group_case = r.group_case))";

/// Sets every recent row's tier to merged (the recent index's entries move into the
/// merged one's); returns how many. Run with the links' merge (`store::tiers::merge`).
pub fn merge(conn: &rusqlite::Connection) -> crate::Result<usize> {
    Ok(conn.execute("UPDATE case_group_of SET tier = 0 WHERE tier = 1", [])?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tiers::tests::query_plan;
    use crate::store::{count_rows, test_store_with_a_batch};

    /// Whether `plan` seeks the index by group in each tier, and scans neither.
    fn seeks_both(plan: &str) -> bool {
        plan.contains("INDEX case_groups_group (group_case=?)")
            && plan.contains(&format!("INDEX {RECENT_GROUPS_INDEX} (group_case=?)"))
            && !plan.contains("SCAN case_group_of")
            && !plan.contains("SCAN m ")
            && !plan.contains("SCAN cg ")
    }

    /// Every reader by group — the relink's size and members, its renames and
    /// deletes, a group named by the id a user typed (casework), the links listing's
    /// evidence of a group named by its case, a case's
    /// group size — seeks each tier's index; a read by case is one rowid seek; the
    /// count of groups reads each index in order; the merge reads the recent tail.
    #[test]
    fn readers_by_group_seek_both_tiers_and_readers_by_case_one_row() {
        let (_dir, store) = test_store_with_a_batch();
        let plan = |sql: &str| query_plan(&store.conn, sql);
        let named = format!(
            "SELECT a.id FROM notes a WHERE {}",
            crate::casework::GROUP_KEYS
        );
        let evidence = crate::link::report::evidence_sql();
        let size = "SELECT (SELECT COUNT(*) FROM case_group_of m
                             WHERE m.group_case = g.group_case AND (m.tier = 0 OR m.tier = 1))
                      FROM case_groups g WHERE g.case_id = ?1";
        for sql in [
            GROUP_SIZE,
            GROUP_MEMBERS,
            RENAME,
            DISSOLVE,
            named.as_str(),
            evidence.as_str(),
            size,
        ] {
            let plan = plan(sql);
            assert!(seeks_both(&plan), "{sql}: {plan}");
        }
        let by_case = plan("SELECT group_case FROM case_group_of WHERE case_id = ?1");
        assert!(
            by_case.contains("INTEGER PRIMARY KEY (rowid=?)"),
            "{by_case}"
        );
        let count = plan(COUNT_GROUPS);
        assert!(
            count.contains("SCAN case_group_of USING COVERING INDEX case_groups_group\n")
                && count.contains(&format!("INDEX {RECENT_GROUPS_INDEX}")),
            "{count}"
        );
        let merge = plan("UPDATE case_group_of SET tier = 0 WHERE tier = 1");
        assert!(merge.contains(RECENT_GROUPS_INDEX), "{merge}");
    }

    /// The count of groups counts a group once whether its rows stand in one tier or
    /// both, and the merge leaves every row in the merged tier.
    #[test]
    fn groups_are_counted_once_across_the_tiers_and_merged() {
        let (_dir, store) = test_store_with_a_batch();
        let conn = &store.conn;
        for id in 1..=6 {
            crate::store::insert_bare_case(conn, id);
        }
        // Group 1: cases 1, 2 merged, 3 recent; group 4: 4, 5 recent; 6 alone.
        for (case, group, tier) in [(1, 1, 0), (2, 1, 0), (3, 1, 1), (4, 4, 1), (5, 4, 1)] {
            conn.execute(
                "INSERT INTO case_group_of (case_id, group_case, tier) VALUES (?1, ?2, ?3)",
                [case, group, tier],
            )
            .unwrap();
        }
        let count = |conn: &rusqlite::Connection| -> i64 {
            conn.query_row(COUNT_GROUPS, [], |r| r.get(0)).unwrap()
        };
        let size = |conn: &rusqlite::Connection, group: i64| -> i64 {
            conn.query_row(GROUP_SIZE, [group], |r| r.get(0)).unwrap()
        };
        assert_eq!(count(conn), 2);
        assert_eq!((size(conn, 1), size(conn, 4), size(conn, 6)), (3, 2, 0));
        assert_eq!(merge(conn).unwrap(), 3);
        let recent = count_rows(conn, "SELECT COUNT(*) FROM case_group_of WHERE tier = 1");
        assert_eq!(recent, 0);
        assert_eq!((count(conn), size(conn, 1), size(conn, 4)), (2, 3, 2));
    }
}
