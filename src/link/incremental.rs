//! Relinking around a few cases without a full pass. The components that can change
//! are those that hold the cases an import added, or the holders of an identifier an
//! analyst just ignored or un-ignored: every case of such a component is reachable
//! from those seeds over the links that remain. So a walk from the seeds finds every
//! component to recompute, at a cost proportional to them, not to the database.

use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};

use rusqlite::{Connection, params};

use super::unionfind::UnionFind;
use super::{GroupChange, LINKING_ROLES, Relinked, mark_official, record_changes, relink};
use crate::Result;

/// A batch bigger than 1/FULL_PASS_SHARE of all cases is relinked by a full pass:
/// one sequential scan beats a lookup per identifier then (a first load).
const FULL_PASS_SHARE: i64 = 10;

/// Relinks after batch `batch` was written, records its changes, and counts the
/// batch's cases that hold an identifier known from earlier batches.
pub fn relink_batch(conn: &Connection, batch: i64) -> Result<(Relinked, usize)> {
    let (batch_cases, all_cases): (i64, i64) = conn.query_row(
        "SELECT (SELECT COUNT(*) FROM cases WHERE batch_id = ?1), (SELECT COUNT(*) FROM cases)",
        [batch],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    // A grown official list can break links, which only a full pass sees.
    if mark_official(conn)? > 0 || batch_cases * FULL_PASS_SHARE > all_cases {
        let relinked = relink(conn, Some(batch))?;
        return Ok((relinked, super::report::batch_hit_count(conn, batch)?));
    }
    let seeds: Vec<i64> = conn
        .prepare("SELECT id FROM cases WHERE batch_id = ?1")?
        .query_map([batch], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let first_case = seeds.iter().copied().min().unwrap_or(i64::MAX);
    let walk = Walk::new(conn)?.run(&seeds, first_case)?;
    let mut relinked = walk.apply(conn)?;
    record_changes(conn, batch, &mut relinked.changes)?;
    Ok((relinked, walk.hits.len()))
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

/// What a case was before the relink.
struct Seen {
    old_group: Option<String>,
    reported_at: Option<String>,
    report_no: String,
}

struct Walk<'c> {
    identifiers_of: rusqlite::Statement<'c>,
    holders_of: rusqlite::Statement<'c>,
    case_info: rusqlite::Statement<'c>,
    group_members: rusqlite::Statement<'c>,
    excluded: HashSet<i64>,
    /// Every case reached, and the component (list of cases) of each.
    seen: HashMap<i64, Seen>,
    components: Vec<Vec<i64>>,
    /// Seeds that hold an identifier a case before `first_case` holds.
    hits: HashSet<i64>,
}

impl<'c> Walk<'c> {
    fn new(conn: &'c Connection) -> Result<Walk<'c>> {
        Ok(Walk {
            identifiers_of: conn.prepare(&format!(
                "SELECT identifier_id FROM case_identifiers
                  WHERE case_id = ?1 AND role IN {LINKING_ROLES}"
            ))?,
            holders_of: conn.prepare(&format!(
                "SELECT case_id FROM case_identifiers INDEXED BY case_identifiers_identifier
                  WHERE identifier_id = ?1 AND role IN {LINKING_ROLES}"
            ))?,
            case_info: conn
                .prepare("SELECT group_id, reported_at, report_no FROM cases WHERE id = ?1")?,
            group_members: conn.prepare(
                "SELECT id, group_id, reported_at, report_no FROM cases WHERE group_id = ?1",
            )?,
            // Official and ignored identifiers are few: skipped by id.
            excluded: conn
                .prepare("SELECT id FROM identifiers WHERE official = 1 OR ignored = 1")?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?,
            seen: HashMap::new(),
            components: Vec::new(),
            hits: HashSet::new(),
        })
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
            self.visit(seed)?;
            let mut component = vec![seed];
            let mut queue = VecDeque::from([seed]);
            while let Some(case) = queue.pop_front() {
                let ids: Vec<i64> = self
                    .identifiers_of
                    .query_map([case], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?;
                for id in ids {
                    if self.excluded.contains(&id) || !visited_ids.insert(id) {
                        continue;
                    }
                    let holders: Vec<i64> = self
                        .holders_of
                        .query_map([id], |r| r.get(0))?
                        .collect::<rusqlite::Result<_>>()?;
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
                        self.visit(holder)?;
                        component.push(holder);
                        if holder >= first_case {
                            queue.push_back(holder);
                            continue;
                        }
                        // After an import only the new cases (ids from `first_case` on)
                        // need walking: an old group is a closed component, so it joins
                        // whole, and an old case in no group links to nothing else
                        // but through new cases. (Ignore walks everything: first_case
                        // is the smallest id then.)
                        let group = self.seen.get(&holder).and_then(|s| s.old_group.clone());
                        if let Some(group) = group {
                            let rows: Vec<(i64, Seen)> = self
                                .group_members
                                .query_map([&group], |r| {
                                    Ok((
                                        r.get(0)?,
                                        Seen {
                                            old_group: r.get(1)?,
                                            reported_at: r.get(2)?,
                                            report_no: r.get(3)?,
                                        },
                                    ))
                                })?
                                .collect::<rusqlite::Result<_>>()?;
                            for (member, seen) in rows {
                                if let std::collections::hash_map::Entry::Vacant(e) =
                                    self.seen.entry(member)
                                {
                                    e.insert(seen);
                                    component.push(member);
                                }
                            }
                        }
                    }
                }
            }
            for &case in &component {
                component_of.insert(case, current);
            }
            self.components.push(component);
        }
        let mut merged: HashMap<u32, Vec<i64>> = HashMap::new();
        for (i, component) in std::mem::take(&mut self.components).into_iter().enumerate() {
            merged
                .entry(joined.find(i as u32))
                .or_default()
                .extend(component);
        }
        self.components = merged.into_values().collect();
        Ok(self)
    }

    fn visit(&mut self, case: i64) -> Result<()> {
        let seen = self.case_info.query_row([case], |r| {
            Ok(Seen {
                old_group: r.get(0)?,
                reported_at: r.get(1)?,
                report_no: r.get(2)?,
            })
        })?;
        self.seen.insert(case, seen);
        Ok(())
    }

    /// Writes each component's group id where it changed; returns what changed.
    fn apply(&self, conn: &Connection) -> Result<Relinked> {
        let mut update = conn.prepare("UPDATE cases SET group_id = ?1 WHERE id = ?2")?;
        let mut result = Relinked::default();
        for component in &self.components {
            let cases: Vec<(&i64, &Seen)> = component
                .iter()
                .filter_map(|c| self.seen.get(c).map(|s| (c, s)))
                .collect();
            let new_id = if cases.len() > 1 {
                cases
                    .iter()
                    .map(|(_, s)| (s.reported_at.is_none(), &s.reported_at, &s.report_no))
                    .min()
                    .map(|(_, _, report_no)| format!("G-{report_no}"))
            } else {
                None
            };
            let mut old_ids: BTreeSet<String> = BTreeSet::new();
            let mut size_before = 0;
            for (case, seen) in &cases {
                if let Some(old) = &seen.old_group {
                    old_ids.insert(old.clone());
                    size_before += 1;
                }
                if seen.old_group != new_id {
                    update.execute(params![new_id, case])?;
                    result.cases_moved += 1;
                }
            }
            let Some(group_id) = new_id else { continue };
            result.groups += 1;
            // Walks cover whole old groups, so their sizes before are counted here.
            result.changes.extend(GroupChange::between(
                old_ids,
                group_id,
                size_before,
                cases.len(),
            ));
        }
        Ok(result)
    }
}
