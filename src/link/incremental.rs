//! Relinking around a few cases without a full pass. The components that can change
//! are those that hold the cases an import added or updated, or the holders of an
//! identifier an analyst just ignored or un-ignored: every case of such a component is
//! reachable from those seeds over the links that remain. So a walk from the seeds
//! finds every component to recompute, at a cost proportional to them, not to the
//! database.
//!
//! An update can also take a link away, and so split the group its case was in: the
//! members of that group before the update are seeds too, and walked, not taken as a
//! closed whole as an untouched old group is.

use std::collections::VecDeque;

// foldhash, not SipHash: a sixth of the relink's instructions hashed case and
// identifier ids with SipHash.
use hashbrown::{HashMap, HashSet};

use rusqlite::{Connection, OptionalExtension};

use super::changes::Tally;
use super::unionfind::UnionFind;
use super::{Grouping, Relinked, mark_official, record_changes, relink, write_grouping};
use crate::Result;

/// A batch bigger than 1/FULL_PASS_SHARE of all cases is relinked by a full pass:
/// one sequential scan beats a lookup per identifier then (a first load).
const FULL_PASS_SHARE: i64 = 10;

/// Relinks after batch `batch` was written, records its changes, and counts the
/// batch's new cases that hold an identifier known from earlier batches.
///
/// Identifiers numbered `new_identifiers_from` or above were written by the batch:
/// only its cases hold them, so their holders are known without a lookup
/// (`i64::MAX`: none taken as new).
///
/// `before`: what the walk would read of the database as it stood before the batch,
/// read ahead (see [`BeforeBatch`]); used when the batch updated no case.
pub fn relink_batch(
    conn: &Connection,
    batch: i64,
    new_identifiers_from: i64,
    before: Option<BeforeBatch>,
) -> Result<(Relinked, usize)> {
    let batch_cases: i64 = conn.query_row(
        &format!(
            "SELECT COUNT(*) FROM cases c WHERE {}",
            crate::store::batch_cases::of_batch("c", "?1")
        ),
        [batch],
        |r| r.get(0),
    )?;
    // All cases counted no further than the choice needs: the batch's share, not a
    // scan of a million cases' index for each weekly batch.
    let full_pass_below = batch_cases.saturating_mul(FULL_PASS_SHARE);
    let all_cases: i64 = conn.query_row(
        "SELECT COUNT(*) FROM (SELECT 1 FROM cases LIMIT ?1)",
        [full_pass_below.saturating_add(1)],
        |r| r.get(0),
    )?;
    // A grown official list can break links, which only a full pass sees.
    if mark_official(conn)? > 0 || full_pass_below > all_cases {
        let relinked = relink(conn, Some(batch))?;
        return Ok((relinked, super::report::batch_hit_count(conn, batch)?));
    }
    // The batch's updated cases and every member of their groups before the update
    // (the groups are rewritten only below): each may now be linked otherwise.
    let rewalk: HashSet<i64> = conn
        .prepare(
            "SELECT v.case_id FROM case_versions v WHERE v.replaced_by = ?1
             UNION
             SELECT m.case_id FROM case_versions v
               JOIN case_group_of g ON g.case_id = v.case_id
               JOIN case_group_of m ON m.group_case = g.group_case AND (m.tier = 0 OR m.tier = 1)
              WHERE v.replaced_by = ?1",
        )?
        .query_map([batch], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut seeds: Vec<i64> = conn
        .prepare(&format!(
            "SELECT c.id FROM cases c WHERE {} ORDER BY c.id",
            crate::store::batch_cases::added_by("c", "?1")
        ))?
        .query_map([batch], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    // Case ids grow with each import: the batch's new cases come after every other.
    let first_case = seeds.iter().copied().min().unwrap_or(i64::MAX);
    let mut updated: Vec<i64> = rewalk.iter().copied().collect();
    updated.sort_unstable();
    seeds.extend(updated);
    let mut walk = Walk::new(conn)?;
    // An updated case's group may split: its old cases are walked, not read ahead.
    if rewalk.is_empty() {
        walk.before = before.unwrap_or_default();
    }
    walk.rewalk = rewalk;
    walk.prefetch(conn, batch, first_case, new_identifiers_from)?;
    let walk = walk.run(&seeds, first_case)?;
    let mut relinked = walk.apply(conn)?;
    // A row a statement: no statement journal (see `record_changes`).
    record_changes(conn, batch, &mut relinked.changes, 1)?;
    Ok((relinked, walk.hits.len()))
}

/// As [`relink_batch`], for a first load whose groups were worked out from the links
/// it wrote (`LoadLog`) while its indexes were rebuilt: they are written without
/// reading the links back.
pub fn relink_first_load(
    conn: &Connection,
    batch: i64,
    grouping: Grouping,
) -> Result<(Relinked, usize)> {
    // The writer marked what the official list names as it wrote; should the list
    // name more, the logged links are not the ones that link.
    if mark_official(conn)? > 0 {
        return relink_batch(conn, batch, i64::MAX, None);
    }
    let relinked = write_grouping(conn, grouping, Some(batch))?;
    Ok((relinked, super::report::batch_hit_count(conn, batch)?))
}

/// Relinks the components around the cases that hold identifier `identifier` (after
/// it was ignored or un-ignored).
pub fn relink_identifier(conn: &Connection, identifier: i64) -> Result<Relinked> {
    let seeds: Vec<i64> = conn
        .prepare("SELECT DISTINCT case_id FROM case_identifiers WHERE identifier_id = ?1")?
        .query_map([identifier], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut relinked = Walk::new(conn)?.run(&seeds, i64::MIN)?.apply(conn)?;
    super::sort_changes(&mut relinked.changes);
    Ok(relinked)
}

/// A case's place in the order that picks a group's id: (undated, reported_at,
/// report_no), the smallest first; then its id (the group as stored names it).
type Key = (bool, Option<String>, String, i64);

/// What a case was before the relink.
struct Seen {
    /// The case that names its group (store::groups).
    old_group: Option<i64>,
    /// Read for the cases walked and for old cases in no group; a member of an old
    /// group that joins whole is placed by its group's earliest case instead.
    key: Option<Key>,
}

/// The cases the relink recomputes together: cases reached one by one, and old
/// groups taken in whole without reading their members (see `join_group`).
#[derive(Default)]
struct Component {
    cases: Vec<i64>,
    groups: Vec<i64>,
}

/// What the walk reads of the database as it stood before a batch, for each of the
/// batch's identifiers stored before it: one holder among the cases before the batch
/// (`Walk::run`, a batch that updated no case), that holder's group (its key when in
/// none, as `Walk::visit` reads it), and that group's naming key and size (as
/// `Walk::join_group` reads them). An import reads it on its lookup thread while the
/// writer writes the rows (`import::lookahead`, a connection that sees the database
/// before the batch), on the core the parser leaves idle; the walk then reads only
/// what is missing. None of it changes before the relink when no case is updated and
/// the tiers are not merged (the relink is the first to write groups).
#[derive(Default)]
pub struct BeforeBatch {
    holders: HashMap<i64, Option<i64>>,
    cases: HashMap<i64, Seen>,
    /// None: the group's naming case was not found (its members are read then).
    groups: HashMap<i64, Option<Whole>>,
}

/// The statements [`BeforeBatch`] is read with: the walk's own.
pub struct BeforeReads<'c> {
    old_holder: rusqlite::Statement<'c>,
    group_of: rusqlite::Statement<'c>,
    case_key: rusqlite::Statement<'c>,
    group_size: rusqlite::Statement<'c>,
}

impl<'c> BeforeReads<'c> {
    pub fn new(conn: &'c Connection) -> Result<BeforeReads<'c>> {
        Ok(BeforeReads {
            old_holder: conn.prepare(&old_holder_sql())?,
            group_of: conn.prepare(GROUP_OF)?,
            case_key: conn.prepare(CASE_KEY)?,
            group_size: conn.prepare(GROUP_SIZE)?,
        })
    }

    /// Reads into `into` what the walk asks of `identifier`, stored before the batch,
    /// on a connection that sees no case of the batch.
    pub fn read(&mut self, identifier: i64, into: &mut BeforeBatch) -> Result<()> {
        if into.holders.contains_key(&identifier) {
            return Ok(());
        }
        // Every case this connection sees is before the batch.
        let holder: Option<i64> = self
            .old_holder
            .query_row([identifier, i64::MAX], |r| r.get(0))
            .optional()?;
        into.holders.insert(identifier, holder);
        let Some(holder) = holder.filter(|h| !into.cases.contains_key(h)) else {
            return Ok(());
        };
        let old_group: Option<i64> = self.group_of.query_row([holder], |r| r.get(0)).optional()?;
        let key = match old_group {
            Some(_) => None,
            None => Some(self.case_key.query_row([holder], key_of)?),
        };
        into.cases.insert(holder, Seen { old_group, key });
        if let Some(group) = old_group.filter(|g| !into.groups.contains_key(g)) {
            let whole = match self.case_key.query_row([group], key_of).optional()? {
                Some(earliest) => {
                    let size: i64 = self.group_size.query_row([group], |r| r.get(0))?;
                    let size = usize::try_from(size).unwrap_or(0);
                    Some(Whole { earliest, size })
                }
                None => None,
            };
            into.groups.insert(group, whole);
        }
        Ok(())
    }
}

/// One holder of identifier ?1 among the cases before ?2 (the batch's first), by the
/// linking roles: the merged tier first, the second arm runs only when it has none.
fn old_holder_sql() -> String {
    format!(
        "SELECT case_id FROM case_identifier_codes INDEXED BY case_identifiers_identifier
          WHERE tier = {merged} AND identifier_id = ?1 AND case_id < ?2 AND role {codes}
         UNION ALL
         SELECT case_id FROM case_identifier_codes INDEXED BY {recent_index}
          WHERE tier = {recent} AND identifier_id = ?1 AND case_id < ?2 AND role {codes}
         LIMIT 1",
        merged = crate::store::tiers::MERGED,
        recent = crate::store::tiers::RECENT,
        recent_index = crate::store::tiers::RECENT_LINKS_INDEX,
        codes = super::linking_codes()
    )
}

const GROUP_OF: &str = "SELECT group_case FROM case_group_of WHERE case_id = ?1";
const CASE_KEY: &str = "SELECT reported_at, report_no, id FROM cases WHERE id = ?1";
const GROUP_SIZE: &str = crate::store::groups::GROUP_SIZE;

/// An old group taken in whole: the key of the case that names it, and its size.
struct Whole {
    earliest: Key,
    size: usize,
}

struct Walk<'c> {
    identifiers_of: rusqlite::Statement<'c>,
    holders_of: rusqlite::Statement<'c>,
    /// One holder of an identifier among the cases before the batch, if any.
    old_holder: rusqlite::Statement<'c>,
    group_of: rusqlite::Statement<'c>,
    case_key: rusqlite::Statement<'c>,
    group_members: rusqlite::Statement<'c>,
    group_size: rusqlite::Statement<'c>,
    excluded: HashSet<i64>,
    /// Every case reached, and the component (list of cases) of each.
    seen: HashMap<i64, Seen>,
    components: Vec<Component>,
    /// Old groups that joined whole, members unread, and the component of each.
    whole: HashMap<i64, (Whole, u32)>,
    /// Old groups whose naming case was not found: their members were read.
    unnamed: HashSet<i64>,
    /// Seeds that hold an identifier a case before `first_case` holds.
    hits: HashSet<i64>,
    /// Old cases walked like new ones: the updated cases and their groups' members.
    rewalk: HashSet<i64>,
    /// Read in a few range scans before the walk (`prefetch`), instead of a lookup
    /// each: the linking identifiers of the batch's cases, the holders among them of
    /// each identifier the batch wrote (ids from `new_identifiers_from`: no other
    /// case holds one), and the group and key of each of its new cases.
    batch_links: HashMap<i64, Vec<i64>>,
    batch_holders: HashMap<i64, Vec<i64>>,
    /// Whether an old identifier's holders are its holders in the batch and one old
    /// holder (see `run`): a batch that updated no case.
    one_old_holder: bool,
    new_identifiers_from: i64,
    /// The batch's new cases, whose links `batch_links` holds all (`i64::MAX`: none).
    new_cases_from: i64,
    known: HashMap<i64, Seen>,
    /// Read ahead of the relink (empty when the batch updated a case).
    before: BeforeBatch,
}

impl<'c> Walk<'c> {
    fn new(conn: &'c Connection) -> Result<Walk<'c>> {
        Ok(Walk {
            identifiers_of: conn.prepare(&format!(
                "SELECT identifier_id FROM case_identifier_codes
                  WHERE case_id = ?1 AND role {}",
                super::linking_codes()
            ))?,
            // Both tiers of links (`store::tiers`): a seek in each, named apart (an IN
            // list on the index's first column cost a temporary table a lookup).
            holders_of: conn.prepare(&format!(
                "SELECT case_id FROM case_identifier_codes INDEXED BY case_identifiers_identifier
                  WHERE tier = {merged} AND identifier_id = ?1 AND role {codes}
                 UNION ALL
                 SELECT case_id FROM case_identifier_codes INDEXED BY {recent_index}
                  WHERE tier = {recent} AND identifier_id = ?1 AND role {codes}",
                merged = crate::store::tiers::MERGED,
                recent = crate::store::tiers::RECENT,
                recent_index = crate::store::tiers::RECENT_LINKS_INDEX,
                codes = super::linking_codes()
            ))?,
            old_holder: conn.prepare(&old_holder_sql())?,
            group_of: conn.prepare(GROUP_OF)?,
            case_key: conn.prepare(CASE_KEY)?,
            // Ids only, from the index: the members' rows are not read.
            group_members: conn.prepare(crate::store::groups::GROUP_MEMBERS)?,
            group_size: conn.prepare(GROUP_SIZE)?,
            // Official and ignored identifiers are few: skipped by id.
            excluded: conn
                .prepare("SELECT id FROM identifiers WHERE official = 1 OR ignored = 1")?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?,
            seen: HashMap::new(),
            components: Vec::new(),
            whole: HashMap::new(),
            unnamed: HashSet::new(),
            hits: HashSet::new(),
            rewalk: HashSet::new(),
            batch_links: HashMap::new(),
            batch_holders: HashMap::new(),
            one_old_holder: false,
            new_identifiers_from: i64::MAX,
            new_cases_from: i64::MAX,
            known: HashMap::new(),
            before: BeforeBatch::default(),
        })
    }

    /// Reads what the walk would otherwise look up one case or identifier at a time
    /// (a B-tree descent each, most of a relink's time): batch `batch`'s links (its
    /// new cases' by a range of the links' key, its updated cases' by their versions),
    /// and the group and key of its new cases (ids from `first_case`) by one range each.
    fn prefetch(
        &mut self,
        conn: &Connection,
        batch: i64,
        first_case: i64,
        new_identifiers_from: i64,
    ) -> Result<()> {
        let codes = super::linking_codes();
        // The new cases' links are the key's last range; the updated cases' few are
        // found through their replaced versions.
        let mut links = conn.prepare(&format!(
            "SELECT case_id, identifier_id FROM case_identifier_codes
              WHERE case_id >= ?1 AND role {codes}
             UNION ALL
             SELECT ci.case_id, ci.identifier_id
               FROM case_versions v CROSS JOIN case_identifier_codes ci ON ci.case_id = v.case_id
              WHERE v.replaced_by = ?2 AND ci.role {codes}"
        ))?;
        // No case updated: the batch's links are its new cases', in case order, and
        // its holders of every identifier are known (see `run`).
        self.one_old_holder = self.rewalk.is_empty() && first_case != i64::MAX;
        let mut rows = links.query([first_case, batch])?;
        while let Some(row) = rows.next()? {
            let (case, identifier): (i64, i64) = (row.get(0)?, row.get(1)?);
            self.batch_links.entry(case).or_default().push(identifier);
            if identifier >= new_identifiers_from || self.one_old_holder {
                self.batch_holders.entry(identifier).or_default().push(case);
            }
        }
        self.new_identifiers_from = new_identifiers_from;
        self.new_cases_from = first_case;
        if first_case == i64::MAX {
            return Ok(());
        }
        let mut groups: HashMap<i64, i64> = conn
            .prepare("SELECT case_id, group_case FROM case_group_of WHERE case_id >= ?1")?
            .query_map([first_case], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut keys =
            conn.prepare("SELECT reported_at, report_no, id FROM cases WHERE id >= ?1")?;
        let mut rows = keys.query([first_case])?;
        while let Some(row) = rows.next()? {
            let key = key_of(row)?;
            let case = key.3;
            let old_group = groups.remove(&case);
            self.known.insert(
                case,
                Seen {
                    old_group,
                    key: Some(key),
                },
            );
        }
        Ok(())
    }

    /// Breadth-first over case → identifier → case from each seed not yet reached.
    fn run(mut self, seeds: &[i64], first_case: i64) -> Result<Walk<'c>> {
        let mut visited_ids: HashSet<i64> = HashSet::new();
        // Old cases are not walked (see below), so a later seed can reach a case an
        // earlier walk took in through an identifier that walk never read: the two
        // walks' components are one, joined here.
        let mut component_of: HashMap<i64, u32> = HashMap::new();
        let mut joined = UnionFind::new(seeds.len());
        for &seed in seeds {
            if self.seen.contains_key(&seed) {
                continue;
            }
            let current = self.components.len() as u32;
            self.visit(seed, true)?;
            let mut component = Component {
                cases: vec![seed],
                groups: Vec::new(),
            };
            let mut queue = VecDeque::from([seed]);
            while let Some(case) = queue.pop_front() {
                let ids: Vec<i64> = match self.batch_links.get(&case) {
                    Some(ids) => ids.clone(),
                    // A new case of the batch with no linking identifier.
                    None if case >= self.new_cases_from => Vec::new(),
                    None => self
                        .identifiers_of
                        .query_map([case], |r| r.get(0))?
                        .collect::<rusqlite::Result<_>>()?,
                };
                for id in ids {
                    if self.excluded.contains(&id) || !visited_ids.insert(id) {
                        continue;
                    }
                    let holders: Vec<i64> = if id >= self.new_identifiers_from {
                        self.batch_holders.get(&id).cloned().unwrap_or_default()
                    } else if self.one_old_holder {
                        // An old identifier's old holders were one group before the
                        // batch (what links them links them still: no case changed),
                        // or it has one: one old holder brings in that group whole
                        // (below), the rest would only be found seen. So its holders
                        // are the batch's and one old one — a seek, where reading them
                        // all was most of the walk (270,000 rows for a batch of 10,000
                        // at a million cases, the hubs' thousands each).
                        let old: Option<i64> = match self.before.holders.get(&id) {
                            Some(&old) => old,
                            None => self
                                .old_holder
                                .query_row([id, first_case], |r| r.get(0))
                                .optional()?,
                        };
                        let batch = self.batch_holders.get(&id).map(Vec::as_slice);
                        old.into_iter()
                            .chain(batch.unwrap_or_default().iter().copied())
                            .collect()
                    } else {
                        self.holders_of
                            .query_map([id], |r| r.get(0))?
                            .collect::<rusqlite::Result<_>>()?
                    };
                    if holders.iter().any(|&h| h < first_case) {
                        self.hits
                            .extend(holders.iter().filter(|&&h| h >= first_case));
                    }
                    for holder in holders {
                        if self.seen.contains_key(&holder) {
                            if let Some(&other) = component_of.get(&holder) {
                                joined.union(current, other);
                            }
                            continue;
                        }
                        let walked = holder >= first_case || self.rewalk.contains(&holder);
                        self.visit(holder, walked)?;
                        component.cases.push(holder);
                        if walked {
                            queue.push_back(holder);
                            continue;
                        }
                        // After an import only the new and updated cases (and the
                        // updated ones' groups) need walking: another old group is a
                        // closed component, so it joins whole, and an old case in no
                        // group links to nothing else but through walked cases.
                        // (Ignore walks everything: first_case is the smallest id then.)
                        let group = self.seen.get(&holder).and_then(|s| s.old_group);
                        if let Some(group) = group {
                            // A member of a group taken in whole already (by this walk
                            // or an earlier one, whose component is this one's now).
                            if let Some(&(_, other)) = self.whole.get(&group) {
                                joined.union(current, other);
                            } else if !self.unnamed.contains(&group) {
                                self.join_group(group, current, &mut component)?;
                            }
                        }
                    }
                }
            }
            for &case in &component.cases {
                component_of.insert(case, current);
            }
            self.components.push(component);
        }
        let mut merged: HashMap<u32, Component> = HashMap::new();
        for (i, component) in std::mem::take(&mut self.components).into_iter().enumerate() {
            let into = merged.entry(joined.find(i as u32)).or_default();
            into.cases.extend(component.cases);
            into.groups.extend(component.groups);
        }
        self.components = merged.into_values().collect();
        Ok(self)
    }

    /// Takes old group `group` into the component whole: the key of the case that
    /// names it (its id is `G-` + that case's report_no) and its size, not its members.
    /// What links them links them still (no member was walked), so they stay one
    /// group, named by its earliest case or an earlier one; `apply` moves them by
    /// their group when its name changes. A group whose naming case is not found (not
    /// written by this code) has its members read and placed one by one instead.
    fn join_group(&mut self, group: i64, current: u32, component: &mut Component) -> Result<()> {
        let named = match self.before.groups.remove(&group) {
            Some(named) => named,
            None => match self.case_key.query_row([group], key_of).optional()? {
                Some(earliest) => {
                    let size: i64 = self.group_size.query_row([group], |r| r.get(0))?;
                    let size = usize::try_from(size).unwrap_or(0);
                    Some(Whole { earliest, size })
                }
                None => None,
            },
        };
        if let Some(whole) = named {
            self.whole.insert(group, (whole, current));
            component.groups.push(group);
            return Ok(());
        }
        self.unnamed.insert(group);
        let members: Vec<i64> = self
            .group_members
            .query_map([group], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for member in members {
            let key = Some(self.case_key.query_row([member], key_of)?);
            match self.seen.get_mut(&member) {
                // The case the walk reached the group by: placed without a key.
                Some(seen) => {
                    if seen.key.is_none() {
                        seen.key = key;
                    }
                }
                None => {
                    self.seen.insert(
                        member,
                        Seen {
                            old_group: Some(group),
                            key,
                        },
                    );
                    component.cases.push(member);
                }
            }
        }
        Ok(())
    }

    fn visit(&mut self, case: i64, walked: bool) -> Result<()> {
        if let Some(seen) = self.known.remove(&case) {
            self.seen.insert(case, seen);
            return Ok(());
        }
        // Read ahead for a case not walked: its key only when in no group, as below.
        if !walked && let Some(seen) = self.before.cases.remove(&case) {
            self.seen.insert(case, seen);
            return Ok(());
        }
        let old_group: Option<i64> = self.group_of.query_row([case], |r| r.get(0)).optional()?;
        let key = if walked || old_group.is_none() {
            Some(self.case_key.query_row([case], key_of)?)
        } else {
            None
        };
        self.seen.insert(case, Seen { old_group, key });
        Ok(())
    }

    /// Writes each component's group id where it changed; returns what changed.
    fn apply(&self, conn: &Connection) -> Result<Relinked> {
        let mut groups = super::GroupWriter::new(conn)?;
        let mut names = super::GroupNames::new(conn)?;
        // A group taken in whole and renamed: its rows, found by the index on the
        // group, in one statement.
        let mut rename = conn.prepare_cached(crate::store::groups::RENAME)?;
        let mut result = Relinked::default();
        let mut tally = Tally::default();
        // Each case's new group, written after the renames in case order: the
        // batch's new cases, most of them, append to the table's end. With whether
        // the case has a row (a group) to change.
        let mut moves: Vec<(i64, Option<i64>, bool)> = Vec::new();
        for component in &self.components {
            // The cases of a group taken in whole are counted with it.
            let cases: Vec<(&i64, &Seen)> = component
                .cases
                .iter()
                .filter_map(|c| self.seen.get(c).map(|s| (c, s)))
                .filter(|(_, s)| s.old_group.is_none_or(|g| !self.whole.contains_key(&g)))
                .collect();
            let wholes: Vec<(i64, &Whole)> = component
                .groups
                .iter()
                .filter_map(|g| self.whole.get(g).map(|(w, _)| (*g, w)))
                .collect();
            let size = cases.len() + wholes.iter().map(|(_, w)| w.size).sum::<usize>();
            let new_id = if size > 1 {
                let own = cases.iter().filter_map(|(_, s)| s.key.as_ref());
                let joined = wholes.iter().map(|(_, w)| &w.earliest);
                own.chain(joined).min().map(|(_, _, report_no, case)| {
                    let id = crate::store::groups::group_id(report_no);
                    names.know(*case, id.clone());
                    (*case, id)
                })
            } else {
                None
            };
            let new_case = new_id.as_ref().map(|n| n.0);
            for &(group, whole) in &wholes {
                let old_id = names.of(group)?.to_string();
                tally.add_many(
                    Some(&old_id),
                    new_id.as_ref().map(|n| n.1.as_str()),
                    whole.size,
                );
                if new_case != Some(group) {
                    match new_case {
                        Some(new_case) => rename.execute([new_case, group])?,
                        None => conn.execute(crate::store::groups::DISSOLVE, [group])?,
                    };
                    result.cases_moved += whole.size;
                }
            }
            for (case, seen) in &cases {
                // Walks cover whole old groups, so their sizes before are counted here.
                let old_id = match seen.old_group {
                    Some(old) => Some(names.of(old)?),
                    None => None,
                };
                tally.add(old_id, new_id.as_ref().map(|n| n.1.as_str()));
                if seen.old_group != new_case {
                    moves.push((**case, new_case, seen.old_group.is_some()));
                    result.cases_moved += 1;
                }
            }
            if new_id.is_some() {
                result.groups += 1;
            }
        }
        moves.sort_unstable();
        // A case in no group before has no row: its row goes in with the others
        // (10,000 a weekly batch at a million cases, most of them), a statement a row:
        // no statement journal (see `insert_groups`).
        let mut fresh: Vec<(i64, i64)> = Vec::new();
        for (case, group, had_row) in moves {
            match (had_row, group) {
                (false, Some(group)) => fresh.push((case, group)),
                _ => groups.set(case, group)?,
            }
        }
        super::insert_groups(conn, &fresh, 1, crate::store::tiers::RECENT)?;
        result.changes = tally.changes();
        Ok(result)
    }
}

/// (undated, reported_at, report_no, id) of a row of (reported_at, report_no, id).
fn key_of(r: &rusqlite::Row<'_>) -> rusqlite::Result<Key> {
    let reported_at: Option<String> = r.get(0)?;
    Ok((reported_at.is_none(), reported_at, r.get(1)?, r.get(2)?))
}
