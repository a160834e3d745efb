//! Linked-case groups: connected components of cases over the scammer-side
//! identifiers they share. Victim phones, partial numbers, official service numbers
//! and ignored identifiers never link. A group's id is `G-` + the report_no of its
//! earliest case, so ids stay put as weeks are added unless two groups merge.

pub mod ignore;
pub mod official;
pub mod report;
mod unionfind;

use std::collections::{BTreeSet, HashMap};

use rusqlite::{Connection, params};

use crate::Result;
use unionfind::UnionFind;

/// An identifier shared by more cases than this is flagged as a possible hub or spoof.
pub const HUB_THRESHOLD: i64 = 50;

/// The condition (over `ci` case_identifiers and `i` identifiers) for an occurrence
/// that links cases. The one definition every query of this module uses.
pub const LINKS: &str = "ci.role IN ('caller', 'account', 'contact') \
     AND i.kind <> 'partial' AND i.official = 0 AND i.ignored = 0";

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangeKind {
    New,
    Grew,
    Merged,
}

impl ChangeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::New => "new",
            ChangeKind::Grew => "grew",
            ChangeKind::Merged => "merged",
        }
    }

    fn parse(s: &str) -> Option<ChangeKind> {
        [ChangeKind::New, ChangeKind::Grew, ChangeKind::Merged]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// What a relink did to one group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupChange {
    pub kind: ChangeKind,
    pub group_id: String,
    /// For a merge: the ids of the groups that became this one; for a group that grew
    /// and took a new id (an earlier case joined it), its old id.
    pub old_ids: Vec<String>,
    pub size_before: usize,
    pub size_after: usize,
}

/// What a relink changed, beyond the groups themselves.
#[derive(Debug, Clone, Default)]
pub struct Relinked {
    pub changes: Vec<GroupChange>,
    /// Cases whose group id changed (joined, left, or renamed).
    pub cases_moved: usize,
    pub groups: usize,
}

struct CaseKey {
    reported_at: Option<String>,
    report_no: String,
    old_group: Option<String>,
}

/// Recomputes every case's group in one pass, writes the ids that changed, and (when
/// `batch` is given) records the changes against that batch for `links --batch`.
pub fn relink(conn: &Connection, batch: Option<i64>) -> Result<Relinked> {
    mark_official(conn)?;
    let max_id: i64 = conn.query_row("SELECT COALESCE(MAX(id), 0) FROM cases", [], |r| r.get(0))?;
    let mut sets = UnionFind::new(max_id as usize + 1);
    {
        let mut stmt = conn.prepare(&format!(
            "SELECT ci.identifier_id, ci.case_id
               FROM case_identifiers ci JOIN identifiers i ON i.id = ci.identifier_id
              WHERE {LINKS}
              ORDER BY ci.identifier_id"
        ))?;
        let mut rows = stmt.query([])?;
        let mut current: Option<(i64, u32)> = None;
        while let Some(row) = rows.next()? {
            let identifier: i64 = row.get(0)?;
            let case = row.get::<_, i64>(1)? as u32;
            match current {
                Some((id, first)) if id == identifier => sets.union(first, case),
                _ => current = Some((identifier, case)),
            }
        }
    }

    let mut cases: HashMap<u32, CaseKey> = HashMap::new();
    let mut members: HashMap<u32, Vec<u32>> = HashMap::new();
    {
        let mut stmt = conn.prepare("SELECT id, reported_at, report_no, group_id FROM cases")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let id = row.get::<_, i64>(0)? as u32;
            members.entry(sets.find(id)).or_default().push(id);
            cases.insert(
                id,
                CaseKey {
                    reported_at: row.get(1)?,
                    report_no: row.get(2)?,
                    old_group: row.get(3)?,
                },
            );
        }
    }

    let mut result = Relinked::default();
    let mut update = conn.prepare("UPDATE cases SET group_id = ?1 WHERE id = ?2")?;
    for group in members.values() {
        let new_id = if group.len() > 1 {
            group
                .iter()
                .filter_map(|id| cases.get(id))
                .min_by(|a, b| {
                    // Earliest by reported_at (undated last), then report_no.
                    (a.reported_at.is_none(), &a.reported_at, &a.report_no).cmp(&(
                        b.reported_at.is_none(),
                        &b.reported_at,
                        &b.report_no,
                    ))
                })
                .map(|c| format!("G-{}", c.report_no))
        } else {
            None
        };
        let mut old_ids = BTreeSet::new();
        let mut size_before = 0;
        for id in group {
            let Some(case) = cases.get(id) else { continue };
            if let Some(old) = &case.old_group {
                old_ids.insert(old.clone());
                size_before += 1;
            }
            if case.old_group != new_id {
                update.execute(params![new_id, id])?;
                result.cases_moved += 1;
            }
        }
        let Some(group_id) = new_id else { continue };
        result.groups += 1;
        // One old group that gained cases grew, even when an earlier case that joined
        // gave it a new id (old_ids keeps the old one); two or more old groups merged.
        let kind = match old_ids.len() {
            0 => Some(ChangeKind::New),
            1 => (group.len() > size_before || !old_ids.contains(&group_id))
                .then_some(ChangeKind::Grew),
            _ => Some(ChangeKind::Merged),
        };
        if kind == Some(ChangeKind::Grew) {
            old_ids.remove(&group_id);
        }
        if let Some(kind) = kind {
            result.changes.push(GroupChange {
                kind,
                group_id,
                old_ids: old_ids.into_iter().collect(),
                size_before,
                size_after: group.len(),
            });
        }
    }
    result.changes.sort_by(|a, b| {
        (a.kind, std::cmp::Reverse(a.size_after), &a.group_id).cmp(&(
            b.kind,
            std::cmp::Reverse(b.size_after),
            &b.group_id,
        ))
    });
    if let Some(batch) = batch {
        let mut insert = conn.prepare(
            "INSERT INTO group_changes (batch_id, change, group_id, old_ids, size_before, size_after)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        for c in &result.changes {
            insert.execute(params![
                batch,
                c.kind.as_str(),
                c.group_id,
                c.old_ids.join(" "),
                c.size_before as i64,
                c.size_after as i64
            ])?;
        }
    }
    Ok(result)
}

/// Marks the stored identifiers that are on the official list (the list may have grown
/// since they were imported).
fn mark_official(conn: &Connection) -> Result<()> {
    let mut stmt = conn.prepare(
        "UPDATE identifiers SET official = 1
          WHERE official = 0 AND kind IN ('service', 'phone') AND value IN (?1, ?2)",
    )?;
    for number in official::all() {
        stmt.execute(params![number, format!("+86{number}")])?;
    }
    Ok(())
}

/// The group changes recorded for a batch.
pub fn batch_changes(conn: &Connection, batch: i64) -> Result<Vec<GroupChange>> {
    let mut stmt = conn.prepare(
        "SELECT change, group_id, old_ids, size_before, size_after
           FROM group_changes WHERE batch_id = ?1 ORDER BY rowid",
    )?;
    let rows = stmt.query_map([batch], |r| {
        let kind: String = r.get(0)?;
        let old: String = r.get(2)?;
        Ok(GroupChange {
            kind: ChangeKind::parse(&kind).unwrap_or(ChangeKind::New),
            group_id: r.get(1)?,
            old_ids: old.split_whitespace().map(str::to_string).collect(),
            size_before: r.get::<_, i64>(3)? as usize,
            size_after: r.get::<_, i64>(4)? as usize,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
