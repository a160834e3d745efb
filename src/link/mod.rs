//! Linked-case groups: connected components of cases over the scammer-side
//! identifiers they share. Victim phones, partial numbers, official service numbers
//! and ignored identifiers never link. A group's id is `G-` + the report_no of its
//! earliest case, so ids stay put as weeks are added unless two groups merge; the
//! store keeps a group as that case's id (`case_group_of`, store::groups).

mod changes;
pub mod ignore;
mod incremental;
mod load_log;
pub mod official;
pub mod report;
mod unionfind;

// foldhash, not SipHash: the first load's relink files a million cases by root.
use hashbrown::HashMap;

use rusqlite::{Connection, params};

use crate::Result;
use changes::Tally;
pub use changes::{ChangeKind, GroupChange};
pub use incremental::{
    BeforeBatch, BeforeReads, relink_batch, relink_first_load, relink_identifier,
};
pub use load_log::LoadLog;
pub use unionfind::UnionFind;

/// An identifier shared by more cases than this is flagged as a possible hub or spoof.
pub const HUB_THRESHOLD: i64 = 50;

/// The condition (over `ci` case_identifiers and `i` identifiers) for an occurrence
/// that links cases. The one definition every query of this module uses.
pub const LINKS: &str = "ci.role IN ('caller', 'account', 'contact') \
     AND i.kind <> 'partial' AND i.official = 0 AND i.ignored = 0";

/// The roles that link ([`crate::model::Role::links`]), as an SQL list (partials
/// always carry the role `partial`).
pub(crate) const LINKING_ROLES: &str = "('caller', 'account', 'contact')";

/// The same roles as the store codes them (`model::Role::code`), as a condition on a
/// code (`role {linking_codes()}`), for the queries that read `case_identifier_codes`
/// itself (its index by name, no words to decode). A range when the codes are
/// consecutive (they are): SQLite builds a temporary table for an IN list each time a
/// statement runs, a sixth of the relink's instructions when it ran per lookup.
pub(crate) fn linking_codes() -> String {
    let codes: Vec<i64> = crate::model::Role::ALL
        .iter()
        .filter(|r| r.links())
        .map(|r| r.code())
        .collect();
    match (codes.first(), codes.last()) {
        (Some(&first), Some(&last)) if last - first + 1 == codes.len() as i64 => {
            format!("BETWEEN {first} AND {last}")
        }
        _ => {
            let list: Vec<String> = codes.iter().map(i64::to_string).collect();
            format!("IN ({})", list.join(", "))
        }
    }
}

/// What a relink changed, beyond the groups themselves.
#[derive(Debug, Clone, Default)]
pub struct Relinked {
    pub changes: Vec<GroupChange>,
    /// Cases whose group id changed (joined, left, or renamed).
    pub cases_moved: usize,
    pub groups: usize,
}

/// The earliest case of a component so far: its place in the order that picks a
/// group's id, (undated, reported_at, report_no), and its id (the group as stored).
/// The date is the text (a first load's log), or its rank among the dates (the
/// relink's read of the date index, `grouping_from_db`: the text stays unread).
struct Earliest {
    date: (bool, Option<String>, u32),
    report_no: String,
    case: u32,
}

/// Recomputes every case's group in one pass, writes the ids that changed, and (when
/// `batch` is given) records the changes against that batch for `links --batch`.
///
/// Linear in cases + identifier occurrences, and lean: the edge scan reads only the
/// relation's covering index, and strings are copied only for cases in groups.
pub fn relink(conn: &Connection, batch: Option<i64>) -> Result<Relinked> {
    mark_official(conn)?;
    let grouping = grouping_from_db(conn)?;
    write_grouping(conn, grouping, batch)
}

/// How the stored groups differ from those a fresh relink would write, found without
/// writing (`casebench check`, on a read-only database too): the cases that would
/// change group, and the groups a fresh relink finds.
pub fn stale_groups(conn: &Connection) -> Result<(usize, usize)> {
    let Grouping {
        grouped, earliest, ..
    } = grouping_from_db(conn)?;
    // Each group as stored: the case that names it (store::groups).
    let ids: HashMap<u32, u32> = earliest.iter().map(|(&root, e)| (root, e.case)).collect();
    let mut stored = stored_groups(conn)?;
    let mut moved = 0;
    for (id, root) in grouped {
        if stored.remove(&id) != ids.get(&root).copied() {
            moved += 1;
        }
    }
    // Cases stored in a group that a fresh relink leaves in none.
    moved += stored.len();
    Ok((moved, ids.len()))
}

/// The components of the stored links, with each one's earliest case.
fn grouping_from_db(conn: &Connection) -> Result<Grouping> {
    let max_id: i64 = conn.query_row("SELECT COALESCE(MAX(id), 0) FROM cases", [], |r| r.get(0))?;
    let mut sets = UnionFind::new(max_id as usize + 1);

    // Official and ignored identifiers are few: skip them by id instead of joining.
    // The kind's stored code (migration 015), not the generated word: no decoding
    // on every row of the scan.
    let excluded: hashbrown::HashSet<i64> = conn
        .prepare(&format!(
            "SELECT id FROM identifiers WHERE official = 1 OR ignored = 1 OR kind_code = {}",
            crate::model::IdKind::Partial.code()
        ))?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    // The recent tier's links (`store::tiers`: the batches since the last merge, few)
    // first, each identifier's first holder kept to join the merged tier's holders to;
    // then the merged tier in the index's order.
    let mut recent_first: HashMap<i64, u32> = HashMap::new();
    {
        let mut stmt = conn.prepare(&format!(
            "SELECT identifier_id, case_id FROM case_identifier_codes INDEXED BY {}
              WHERE tier = {} AND role {}",
            crate::store::tiers::RECENT_LINKS_INDEX,
            crate::store::tiers::RECENT,
            linking_codes()
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let identifier: i64 = row.get(0)?;
            if excluded.contains(&identifier) {
                continue;
            }
            let case = row.get::<_, i64>(1)? as u32;
            match recent_first.get(&identifier) {
                Some(&first) => sets.union(first, case),
                None => {
                    recent_first.insert(identifier, case);
                }
            }
        }
    }
    {
        // Partial identifiers always carry the role `partial`, so the role filter
        // leaves only full scammer-side identifiers (the LINKS rule).
        let mut stmt = conn.prepare(&format!(
            "SELECT identifier_id, case_id FROM case_identifier_codes
                    INDEXED BY case_identifiers_identifier
              WHERE tier = {} AND role {}
              ORDER BY identifier_id",
            crate::store::tiers::MERGED,
            linking_codes()
        ))?;
        let mut rows = stmt.query([])?;
        let mut current: Option<(i64, u32)> = None;
        while let Some(row) = rows.next()? {
            let identifier: i64 = row.get(0)?;
            if excluded.contains(&identifier) {
                continue;
            }
            let case = row.get::<_, i64>(1)? as u32;
            match current {
                Some((id, first)) if id == identifier => sets.union(first, case),
                _ => {
                    if let Some(&recent) = recent_first.get(&identifier) {
                        sets.union(recent, case);
                    }
                    current = Some((identifier, case));
                }
            }
        }
    }

    // The earliest case of each component, from the date index and the report_no
    // index alone: the wide case rows are not read. The date index holds no report_no
    // (migration 017), so each grouped case's date is first ranked among the dates
    // (the index's order), then the cases are read in report_no order with their rank.
    let mut grouping = Grouping::new(sets);
    let mut rank = vec![UNDATED_RANK; max_id as usize + 1];
    {
        let mut stmt = conn.prepare(
            "SELECT id, reported_at FROM cases INDEXED BY cases_reported_at
              WHERE reported_at IS NOT NULL ORDER BY reported_at",
        )?;
        let mut rows = stmt.query([])?;
        let mut previous = String::new();
        let mut current: u32 = 0;
        while let Some(row) = rows.next()? {
            let id = row.get::<_, i64>(0)? as usize;
            if grouping.root_if_grouped(id as u32).is_none() {
                continue;
            }
            let at = row.get_ref(1)?.as_str()?;
            if at != previous {
                current += 1;
                previous.clear();
                previous.push_str(at);
            }
            if let Some(slot) = rank.get_mut(id) {
                *slot = current;
            }
        }
    }
    let mut stmt = conn.prepare("SELECT id, report_no FROM cases ORDER BY report_no")?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let id = row.get::<_, i64>(0)? as u32;
        if let Some(root) = grouping.root_if_grouped(id) {
            let date = rank.get(id as usize).copied().unwrap_or(UNDATED_RANK);
            grouping.note_ranked(id, root, date, row.get_ref(1)?.as_str()?);
        }
    }
    Ok(grouping)
}

/// The rank of a case with no date: after every date.
const UNDATED_RANK: u32 = u32::MAX;

/// Each grouped case's group as stored: the case that names it.
fn stored_groups(conn: &Connection) -> Result<HashMap<u32, u32>> {
    let mut stored = HashMap::new();
    let mut stmt = conn.prepare("SELECT case_id, group_case FROM case_group_of")?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        stored.insert(row.get::<_, i64>(0)? as u32, row.get::<_, i64>(1)? as u32);
    }
    Ok(stored)
}

/// Group ids by the case that names them, read once each (`G-` + its report_no).
pub(crate) struct GroupNames<'c> {
    report_no: rusqlite::Statement<'c>,
    known: HashMap<i64, String>,
}

impl<'c> GroupNames<'c> {
    pub(crate) fn new(conn: &'c Connection) -> Result<GroupNames<'c>> {
        Ok(GroupNames {
            report_no: conn.prepare("SELECT report_no FROM cases WHERE id = ?1")?,
            known: HashMap::new(),
        })
    }

    /// Records the id of the group case `case` names, known without a read.
    pub(crate) fn know(&mut self, case: i64, id: String) {
        self.known.insert(case, id);
    }

    /// The id of the group case `case` names.
    pub(crate) fn of(&mut self, case: i64) -> Result<&str> {
        if !self.known.contains_key(&case) {
            let report_no: String = self.report_no.query_row([case], |r| r.get(0))?;
            self.known
                .insert(case, crate::store::groups::group_id(&report_no));
        }
        Ok(self.known.get(&case).map_or("", String::as_str))
    }
}

/// The cases in groups of two or more, each with its group's root, and each group's
/// earliest case: all a relink needs to write the groups, however the links were
/// found (read back from the database, or kept by a first load as it wrote them).
pub struct Grouping {
    sets: UnionFind,
    /// (case, root) for each case in a component of two or more.
    grouped: Vec<(u32, u32)>,
    earliest: HashMap<u32, Earliest>,
}

impl Grouping {
    /// Over the components of `sets` (every link already joined).
    pub fn new(sets: UnionFind) -> Grouping {
        Grouping {
            sets,
            grouped: Vec::new(),
            earliest: HashMap::new(),
        }
    }

    /// The root of case `id`'s component when it holds two cases or more.
    pub fn root_if_grouped(&mut self, id: u32) -> Option<u32> {
        let root = self.sets.find(id);
        (self.sets.size(root) >= 2).then_some(root)
    }

    /// Files case `id` under `root` (from [`Grouping::root_if_grouped`]), keeping the
    /// earliest case of each group: (undated, reported_at, report_no), the smallest.
    pub fn note(&mut self, id: u32, root: u32, reported_at: Option<&str>, report_no: &str) {
        self.grouped.push((id, root));
        let key = ((reported_at.is_none(), reported_at, 0), report_no);
        let better = self.earliest.get(&root).is_none_or(|best| {
            key < (
                (best.date.0, best.date.1.as_deref(), best.date.2),
                best.report_no.as_str(),
            )
        });
        if better {
            let date = (key.0.0, reported_at.map(str::to_string), 0);
            self.earliest
                .insert(root, Earliest::new(date, report_no, id));
        }
    }

    /// As [`Grouping::note`], with the date as its rank among the dates
    /// ([`UNDATED_RANK`]: none). One grouping is noted one way or the other.
    fn note_ranked(&mut self, id: u32, root: u32, rank: u32, report_no: &str) {
        self.grouped.push((id, root));
        let key = ((rank == UNDATED_RANK, None, rank), report_no);
        let better = self.earliest.get(&root).is_none_or(|best| {
            key < (
                (best.date.0, best.date.1.as_deref(), best.date.2),
                best.report_no.as_str(),
            )
        });
        if better {
            let date = (key.0.0, None, rank);
            self.earliest
                .insert(root, Earliest::new(date, report_no, id));
        }
    }
}

impl Earliest {
    fn new(date: (bool, Option<String>, u32), report_no: &str, case: u32) -> Earliest {
        Earliest {
            date,
            report_no: report_no.to_string(),
            case,
        }
    }
}

/// Writes the groups of `grouping` where they differ from the stored ones, and (when
/// `batch` is given) records the changes against that batch.
pub(crate) fn write_grouping(
    conn: &Connection,
    grouping: Grouping,
    batch: Option<i64>,
) -> Result<Relinked> {
    let Grouping {
        mut grouped,
        earliest,
        ..
    } = grouping;
    let mut old_group = stored_groups(conn)?;

    let mut result = Relinked::default();
    // With no group stored yet (a first load) every grouped case is a new row: the
    // group index is built once after them.
    let aside = match old_group.is_empty() {
        true => Some(crate::store::bulk::set_aside(conn, &["case_groups_group"])?),
        false => None,
    };
    let mut groups = GroupWriter::new(conn)?;
    let mut tally = Tally::default();
    grouped.sort_unstable();
    // Each group as stored (the case that names it) and its id, made once per group
    // rather than once per case; an old group's id is read only if no new group has it.
    let mut names = GroupNames::new(conn)?;
    let mut group_ids: HashMap<u32, (u32, String)> = HashMap::new();
    for (&root, e) in &earliest {
        let id = crate::store::groups::group_id(&e.report_no);
        names.know(e.case as i64, id.clone());
        group_ids.insert(root, (e.case, id));
    }
    // Rows for an empty table (a first load), written many to a statement.
    let mut fresh: Vec<(u32, u32)> = Vec::new();
    // Cases counted by (group before, group after) and told to the tally once a pair,
    // not once a case: a first load's 900,000 grouped cases at a million are 130,000
    // pairs, and the tally hashes a group's id text each call (0.24 → 0.10 CPU-s).
    let mut moved: HashMap<(Option<u32>, u32), usize> = HashMap::new();
    for &(id, root) in &grouped {
        let new = group_ids.get(&root);
        let old = old_group.remove(&id);
        *moved.entry((old, root)).or_default() += 1;
        let new_case = new.map(|n| n.0);
        if old != new_case {
            match (aside.is_some(), new_case) {
                (true, Some(new_case)) => fresh.push((id, new_case)),
                _ => groups.set(id as i64, new_case.map(i64::from))?,
            }
            result.cases_moved += 1;
        }
    }
    insert_groups(conn, &fresh, GROUPS_AT_ONCE, crate::store::tiers::MERGED)?;
    for (&(old, root), &n) in &moved {
        let old_id = match old {
            Some(old) => Some(names.of(old as i64)?),
            None => None,
        };
        tally.add_many(old_id, group_ids.get(&root).map(|g| g.1.as_str()), n);
    }
    // Cases that had a group and are now alone (an identifier was ignored, or a
    // corrected report dropped it).
    for (&id, &old) in &old_group {
        tally.add(Some(names.of(old as i64)?), None);
        groups.set(id as i64, None)?;
        result.cases_moved += 1;
    }
    drop(names);

    drop(groups);
    if let Some(aside) = aside {
        aside.rebuild(conn)?;
    }

    result.groups = group_ids.len();
    result.changes = tally.changes();
    match batch {
        Some(batch) => record_changes(conn, batch, &mut result.changes, CHANGES_AT_ONCE)?,
        None => sort_changes(&mut result.changes),
    }
    Ok(result)
}

/// Rows written by one statement of [`insert_groups`] for a first load, whose indexes
/// are set aside while it writes (see [`insert_groups`]).
const GROUPS_AT_ONCE: usize = 64;

/// Writes case → group rows into a table that holds none of these cases yet: a first
/// load's (900,000 at a million cases) by statements of many rows, where a statement
/// a row spent more on the statement than on the row (measured in BENCHMARKS.md);
/// `at_once` rows a statement. A weekly batch's few thousand go one a statement
/// (`at_once` 1): a statement of many rows, in a transaction that has written, keeps
/// the pages it changes in a statement journal (SQLite must be able to undo it alone,
/// should a row of it fail), spilled to a temporary file past 64 KiB — the group
/// index's pages all over the file, 40 of a weekly relink's 130 ms at a million cases.
///
/// `tier`: the index by group's tier the rows stand in (`store::groups`): merged for a
/// first load (its index is built after them), recent for a weekly batch's.
fn insert_groups<T: rusqlite::ToSql>(
    conn: &Connection,
    rows: &[(T, T)],
    at_once: usize,
    tier: i64,
) -> Result<()> {
    let head = "INSERT INTO case_group_of (case_id, group_case, tier)";
    insert_many(conn, head, "(?, ?, ?)", rows, at_once, |stmt, at, row| {
        stmt.raw_bind_parameter(at + 1, &row.0)?;
        stmt.raw_bind_parameter(at + 2, &row.1)?;
        stmt.raw_bind_parameter(at + 3, tier)?;
        Ok(())
    })
}

/// Inserts `rows` by statements of up to `at_once` rows (`values` one row's `(?, …)`):
/// one statement prepared for the full chunks, another for the last if shorter. `bind`
/// binds a row's values after the parameter index it is given.
fn insert_many<R>(
    conn: &Connection,
    head: &str,
    values: &str,
    rows: &[R],
    at_once: usize,
    mut bind: impl FnMut(&mut rusqlite::Statement<'_>, usize, &R) -> Result<()>,
) -> Result<()> {
    let per_row = values.matches('?').count();
    let mut stmt: Option<(usize, rusqlite::Statement<'_>)> = None;
    for chunk in rows.chunks(at_once) {
        let stmt = match &mut stmt {
            Some((n, stmt)) if *n == chunk.len() => stmt,
            _ => {
                let sql = format!("{head} VALUES {}", vec![values; chunk.len()].join(", "));
                &mut stmt.insert((chunk.len(), conn.prepare(&sql)?)).1
            }
        };
        for (k, row) in chunk.iter().enumerate() {
            bind(stmt, per_row * k, row)?;
        }
        stmt.raw_execute()?;
    }
    Ok(())
}

/// Writes case → group rows (the group as the case that names it): a case in no
/// group has none. A row written or changed goes in the recent tier of the index by
/// group (`store::groups`): a table that holds rows already is a weekly batch's or a
/// relink's after an ignore, whose few changes should not reach every leaf of it.
struct GroupWriter<'c> {
    upsert: rusqlite::Statement<'c>,
    delete: rusqlite::Statement<'c>,
}

impl<'c> GroupWriter<'c> {
    fn new(conn: &'c Connection) -> Result<GroupWriter<'c>> {
        Ok(GroupWriter {
            upsert: conn.prepare(
                "INSERT INTO case_group_of (case_id, group_case, tier) VALUES (?1, ?2, 1)
                 ON CONFLICT (case_id) DO UPDATE SET group_case = excluded.group_case,
                                                     tier = excluded.tier",
            )?,
            delete: conn.prepare("DELETE FROM case_group_of WHERE case_id = ?1")?,
        })
    }

    fn set(&mut self, case: i64, group: Option<i64>) -> Result<()> {
        match group {
            Some(group) => self.upsert.execute(params![case, group])?,
            None => self.delete.execute([case])?,
        };
        Ok(())
    }
}

/// New groups first, then grown, merged, split, shrunk, renamed; the biggest first
/// within each.
fn sort_changes(changes: &mut [GroupChange]) {
    changes.sort_by(|a, b| {
        (a.kind, std::cmp::Reverse(a.size_after), &a.group_id).cmp(&(
            b.kind,
            std::cmp::Reverse(b.size_after),
            &b.group_id,
        ))
    });
}

/// Sorts the changes and records them against the batch for `links --batch`, by
/// statements of up to `at_once` rows. A whole regrouping (a first load) writes several
/// to a statement: a statement each cost as much again as the rows (callgrind). A
/// weekly batch's relink writes one: in a transaction that has written, a statement of
/// several rows keeps a statement journal of the pages it changes (see
/// [`insert_groups`]), spilled to a temporary file — 2,438 pages of 16 KiB for a
/// weekly batch's ~8,500 changes at a million cases (strace), against 24 M more
/// instructions a row at a time (callgrind: 54 M → 78 M).
fn record_changes(
    conn: &Connection,
    batch: i64,
    changes: &mut [GroupChange],
    at_once: usize,
) -> Result<()> {
    sort_changes(changes);
    let head = "INSERT INTO group_changes (batch_id, change, group_id, old_ids, new_ids,
                                           size_before, size_after)";
    let values = "(?, ?, ?, ?, ?, ?, ?)";
    insert_many(conn, head, values, changes, at_once, |stmt, at, c| {
        stmt.raw_bind_parameter(at + 1, batch)?;
        stmt.raw_bind_parameter(at + 2, c.kind.as_str())?;
        stmt.raw_bind_parameter(at + 3, &c.group_id)?;
        stmt.raw_bind_parameter(at + 4, c.old_ids.join(" "))?;
        stmt.raw_bind_parameter(at + 5, c.new_ids.join(" "))?;
        stmt.raw_bind_parameter(at + 6, c.size_before as i64)?;
        stmt.raw_bind_parameter(at + 7, c.size_after as i64)?;
        Ok(())
    })
}

/// Group changes recorded by one statement of a whole regrouping (see
/// [`record_changes`]).
const CHANGES_AT_ONCE: usize = 8;

/// Marks the stored identifiers that are on the official list (the list may have grown
/// since they were imported).
/// Returns how many identifiers it marked.
/// Marks an official number (bound as written and with `+86`), a seek in each tier.
pub(crate) const MARK_OFFICIAL: &str = concat!(
    "UPDATE identifiers SET official = 1
      WHERE official = 0 AND kind IN ('service', 'phone') AND value IN (?1, ?2) AND ",
    crate::both_tiers!("")
);

fn mark_official(conn: &Connection) -> Result<usize> {
    let mut stmt = conn.prepare(MARK_OFFICIAL)?;
    let mut marked = 0;
    for number in official::all() {
        marked += stmt.execute(params![number, format!("+86{number}")])?;
    }
    Ok(marked)
}

/// The group changes recorded for a batch.
pub fn batch_changes(conn: &Connection, batch: i64) -> Result<Vec<GroupChange>> {
    let mut stmt = conn.prepare(
        "SELECT change, group_id, old_ids, new_ids, size_before, size_after
           FROM group_changes WHERE batch_id = ?1 ORDER BY rowid",
    )?;
    let rows = stmt.query_map([batch], |r| {
        let kind: String = r.get(0)?;
        let ids = |text: String| text.split_whitespace().map(str::to_string).collect();
        Ok(GroupChange {
            kind: ChangeKind::parse(&kind).unwrap_or(ChangeKind::New),
            group_id: r.get(1)?,
            old_ids: ids(r.get(2)?),
            new_ids: ids(r.get(3)?),
            size_before: r.get::<_, i64>(4)? as usize,
            size_after: r.get::<_, i64>(5)? as usize,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Role;

    /// The SQL list and the roles' own rule (which a first load's log applies) are
    /// one rule written twice: they must name the same roles.
    #[test]
    fn the_sql_list_of_linking_roles_is_the_roles_that_link() {
        let listed: Vec<String> = Role::ALL
            .into_iter()
            .filter(|r| r.links())
            .map(|r| format!("'{}'", r.as_str()))
            .collect();
        assert_eq!(LINKING_ROLES, format!("({})", listed.join(", ")));
    }

    /// The coded condition holds for exactly the roles that link, as SQLite reads it.
    #[test]
    fn the_coded_condition_holds_for_exactly_the_roles_that_link() {
        let conn = Connection::open_in_memory().unwrap();
        for role in Role::ALL {
            let holds: bool = conn
                .query_row(
                    &format!("SELECT ?1 {}", linking_codes()),
                    [role.code()],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(holds, role.links(), "{role:?}");
        }
    }
}
