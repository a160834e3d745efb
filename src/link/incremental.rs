//! Relinking after an import without a full pass. An import only adds cases, so
//! groups can only be born, grow or merge, and only where the new cases' identifiers
//! reach: the work is proportional to the batch and the groups it touches, not to the
//! database. Old groups are closed components, so each enters as one node.

use std::collections::{BTreeSet, HashMap, HashSet};

use rusqlite::{Connection, OptionalExtension, params};

use super::unionfind::UnionFind;
use super::{ChangeKind, GroupChange, LINKING_ROLES, Relinked, mark_official, relink};
use crate::Result;

/// A batch bigger than 1/FULL_PASS_SHARE of all cases is relinked by a full pass.
const FULL_PASS_SHARE: i64 = 10;

/// A case or an old group in the batch's neighbourhood.
enum Node {
    Case(i64),
    Group(String),
}

/// Where a case stands before the relink.
struct Holder {
    group: Option<String>,
    reported_at: Option<String>,
    report_no: String,
}

/// Relinks after batch `batch` was written, records its changes, and counts the
/// batch's cases that hold an identifier known from earlier batches.
pub fn relink_batch(conn: &Connection, batch: i64) -> Result<(Relinked, usize)> {
    let (first_case, batch_cases, all_cases): (Option<i64>, i64, i64) = conn.query_row(
        "SELECT (SELECT MIN(id) FROM cases WHERE batch_id = ?1),
                (SELECT COUNT(*) FROM cases WHERE batch_id = ?1),
                (SELECT COUNT(*) FROM cases)",
        [batch],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    // The official list grew since these identifiers were stored (links may have to
    // break, which only a full pass sees), or the batch is a large part of the data
    // (a first load): one sequential pass beats a lookup per identifier then.
    if mark_official(conn)? > 0 || batch_cases * FULL_PASS_SHARE > all_cases {
        let relinked = relink(conn, Some(batch))?;
        return Ok((relinked, super::report::batch_hit_count(conn, batch)?));
    }
    let Some(first_case) = first_case else {
        return Ok((Relinked::default(), 0));
    };
    let excluded: HashSet<i64> = conn
        .prepare("SELECT id FROM identifiers WHERE official = 1 OR ignored = 1")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;

    // The batch's linking identifiers, and every case that holds one.
    let mut touched: BTreeSet<i64> = BTreeSet::new();
    {
        let mut stmt = conn.prepare(&format!(
            "SELECT identifier_id FROM case_identifiers
              WHERE case_id >= ?1 AND role IN {LINKING_ROLES}"
        ))?;
        let rows = stmt.query_map([first_case], |r| r.get::<_, i64>(0))?;
        for id in rows {
            let id = id?;
            if !excluded.contains(&id) {
                touched.insert(id);
            }
        }
    }
    let mut holders_of = conn.prepare(&format!(
        "SELECT case_id FROM case_identifiers INDEXED BY case_identifiers_identifier
          WHERE identifier_id = ?1 AND role IN {LINKING_ROLES}"
    ))?;
    let mut case_info =
        conn.prepare("SELECT group_id, reported_at, report_no FROM cases WHERE id = ?1")?;

    let mut nodes: Vec<Node> = Vec::new();
    let mut case_node: HashMap<i64, u32> = HashMap::new();
    let mut group_node: HashMap<String, u32> = HashMap::new();
    let mut holders: HashMap<i64, Holder> = HashMap::new();
    let mut edges: Vec<(u32, u32)> = Vec::new();
    let mut hit_cases: HashSet<i64> = HashSet::new();
    for identifier in &touched {
        let cases: Vec<i64> = holders_of
            .query_map([identifier], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let known_before = cases.iter().any(|&c| c < first_case);
        let mut first: Option<u32> = None;
        for case in cases {
            if known_before && case >= first_case {
                hit_cases.insert(case);
            }
            let node = match case_node.get(&case) {
                Some(&n) => n,
                None => {
                    let n = nodes.len() as u32;
                    nodes.push(Node::Case(case));
                    case_node.insert(case, n);
                    let holder = case_info.query_row([case], |r| {
                        Ok(Holder {
                            group: r.get(0)?,
                            reported_at: r.get(1)?,
                            report_no: r.get(2)?,
                        })
                    })?;
                    if let Some(group) = &holder.group {
                        let g = match group_node.get(group) {
                            Some(&g) => g,
                            None => {
                                let g = nodes.len() as u32;
                                nodes.push(Node::Group(group.clone()));
                                group_node.insert(group.clone(), g);
                                g
                            }
                        };
                        edges.push((n, g));
                    }
                    holders.insert(case, holder);
                    n
                }
            };
            match first {
                Some(f) => edges.push((f, node)),
                None => first = Some(node),
            }
        }
    }

    let mut sets = UnionFind::new(nodes.len());
    for (a, b) in edges {
        sets.union(a, b);
    }
    let mut components: HashMap<u32, Vec<u32>> = HashMap::new();
    for n in 0..nodes.len() as u32 {
        let root = sets.find(n);
        components.entry(root).or_default().push(n);
    }

    let mut group_size = conn.prepare("SELECT COUNT(*) FROM cases WHERE group_id = ?1")?;
    let mut group_start = conn.prepare("SELECT reported_at FROM cases WHERE report_no = ?1")?;
    let mut move_group = conn.prepare("UPDATE cases SET group_id = ?1 WHERE group_id = ?2")?;
    let mut set_case = conn.prepare("UPDATE cases SET group_id = ?1 WHERE id = ?2")?;
    let mut result = Relinked::default();
    for members in components.values() {
        let mut old_groups: BTreeSet<&str> = BTreeSet::new();
        let mut loose: Vec<i64> = Vec::new(); // cases in no group before
        for &n in members {
            match &nodes[n as usize] {
                Node::Group(g) => {
                    old_groups.insert(g.as_str());
                }
                Node::Case(c) => {
                    if holders.get(c).is_some_and(|h| h.group.is_none()) {
                        loose.push(*c);
                    }
                }
            }
        }
        if old_groups.is_empty() && loose.len() < 2 {
            continue;
        }
        // The earliest case: an old group's is the one that names it.
        let mut earliest: Option<(bool, Option<String>, String)> = None;
        let mut consider = |reported_at: Option<String>, report_no: String| {
            let key = (reported_at.is_none(), reported_at, report_no);
            if earliest.as_ref().is_none_or(|e| key < *e) {
                earliest = Some(key);
            }
        };
        let mut size_before = 0usize;
        for g in &old_groups {
            let report_no = g.strip_prefix("G-").unwrap_or(g).to_string();
            let reported_at: Option<String> = group_start
                .query_row([&report_no], |r| r.get(0))
                .optional()?
                .flatten();
            consider(reported_at, report_no);
            size_before += group_size.query_row([g], |r| r.get::<_, i64>(0))? as usize;
        }
        for c in &loose {
            if let Some(h) = holders.get(c) {
                consider(h.reported_at.clone(), h.report_no.clone());
            }
        }
        let Some((_, _, first_report)) = earliest else {
            continue;
        };
        let group_id = format!("G-{first_report}");
        for g in &old_groups {
            if *g != group_id {
                result.cases_moved += move_group.execute(params![group_id, g])?;
            }
        }
        for c in &loose {
            set_case.execute(params![group_id, c])?;
            result.cases_moved += 1;
        }
        let size_after = size_before + loose.len();
        let mut old_ids: Vec<String> = old_groups.iter().map(|g| g.to_string()).collect();
        let kind = match old_ids.len() {
            0 => ChangeKind::New,
            1 => {
                old_ids.retain(|g| *g != group_id);
                ChangeKind::Grew
            }
            _ => ChangeKind::Merged,
        };
        result.groups += 1;
        result.changes.push(GroupChange {
            kind,
            group_id,
            old_ids,
            size_before,
            size_after,
        });
    }
    super::record_changes(conn, batch, &mut result.changes)?;
    Ok((result, hit_cases.len()))
}
