//! What a relink did to the groups, told from each recomputed case's group before and
//! after: groups that are new, grew, merged — and, since a corrected report can drop
//! an identifier, groups that split, shrank (a case left; none left: dissolved) or
//! only took a new id (their earliest case's date was corrected).
//!
//! An old group goes on as the group after that holds most of its cases (two at
//! least): a case that a correction moved to another gang's group is a move (that
//! group grew, its old one shrank), not a merge of the two.

use std::collections::BTreeSet;

use hashbrown::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangeKind {
    New,
    Grew,
    Merged,
    /// An old group's cases are now in two groups or more (`new_ids`).
    Split,
    /// An old group lost cases to no group or to other groups; `new_ids` names what
    /// is left of it (none: no group is left).
    Shrank,
    /// The same cases under a new id (`old_ids` holds the old one).
    Renamed,
}

impl ChangeKind {
    pub const ALL: [ChangeKind; 6] = [
        ChangeKind::New,
        ChangeKind::Grew,
        ChangeKind::Merged,
        ChangeKind::Split,
        ChangeKind::Shrank,
        ChangeKind::Renamed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::New => "new",
            ChangeKind::Grew => "grew",
            ChangeKind::Merged => "merged",
            ChangeKind::Split => "split",
            ChangeKind::Shrank => "shrank",
            ChangeKind::Renamed => "renamed",
        }
    }

    pub(super) fn parse(s: &str) -> Option<ChangeKind> {
        ChangeKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// What a relink did to one group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupChange {
    pub kind: ChangeKind,
    /// The group as it is now; for a split or a shrink, the old group's id.
    pub group_id: String,
    /// For a merge: the ids of the groups that became this one; for a group that grew
    /// and took a new id (an earlier case joined it), or was renamed, its old id.
    pub old_ids: Vec<String>,
    /// For a split or a shrink: the groups its cases are in now.
    pub new_ids: Vec<String>,
    /// The old groups' cases that are in this group now (for a split or a shrink:
    /// the old group's size).
    pub size_before: usize,
    /// For a split or a shrink: how many of its cases are in `new_ids`.
    pub size_after: usize,
}

/// Tallies (group before, group after) for every case a relink recomputed, then
/// tells the changes. Every member of each group named, before or after, must be
/// added (a relink recomputes whole components and whole old groups).
#[derive(Default)]
pub(super) struct Tally {
    ids: HashMap<String, u32>,
    names: Vec<String>,
    old_size: HashMap<u32, usize>,
    new_size: HashMap<u32, usize>,
    /// Cases by (group before, group after).
    flow: HashMap<(Option<u32>, Option<u32>), usize>,
}

impl Tally {
    fn id(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.ids.get(name) {
            return id;
        }
        let id = self.names.len() as u32;
        self.names.push(name.to_string());
        self.ids.insert(name.to_string(), id);
        id
    }

    /// A case that was in group `old` and is now in group `new`.
    pub fn add(&mut self, old: Option<&str>, new: Option<&str>) {
        self.add_many(old, new, 1);
    }

    /// `n` cases that were in group `old` and are now in group `new` (an old group
    /// taken in whole by the relink, its members unread).
    pub fn add_many(&mut self, old: Option<&str>, new: Option<&str>, n: usize) {
        if (old.is_none() && new.is_none()) || n == 0 {
            return;
        }
        let old = old.map(|g| self.id(g));
        let new = new.map(|g| self.id(g));
        if let Some(g) = old {
            *self.old_size.entry(g).or_default() += n;
        }
        if let Some(g) = new {
            *self.new_size.entry(g).or_default() += n;
        }
        *self.flow.entry((old, new)).or_default() += n;
    }

    pub fn changes(self) -> Vec<GroupChange> {
        let name = |g: u32| self.names[g as usize].clone();
        let old_size = |g: u32| self.old_size.get(&g).copied().unwrap_or(0);
        // Per group after: how many of its cases came from each group before.
        let mut into: HashMap<u32, Vec<(Option<u32>, usize)>> = HashMap::new();
        // Per group before: how many of its cases went to each group after.
        let mut out_of: HashMap<u32, Vec<(Option<u32>, usize)>> = HashMap::new();
        for (&(old, new), &n) in &self.flow {
            if let Some(new) = new {
                into.entry(new).or_default().push((old, n));
            }
            if let Some(old) = old {
                out_of.entry(old).or_default().push((new, n));
            }
        }
        // Where each old group goes on: the group after that holds most of its cases,
        // two at least or all (a lone case that moved is a move, not the group); on a
        // tie, the one with its id, else the first by id.
        let mut successor: HashMap<u32, (u32, usize)> = HashMap::new();
        for (&old, to) in &out_of {
            let best = to
                .iter()
                .filter_map(|&(new, n)| new.map(|g| (g, n)))
                .filter(|&(_, n)| n >= 2 || n == old_size(old))
                .max_by(|a, b| {
                    (
                        a.1,
                        a.0 == old,
                        std::cmp::Reverse(&self.names[a.0 as usize]),
                    )
                        .cmp(&(
                            b.1,
                            b.0 == old,
                            std::cmp::Reverse(&self.names[b.0 as usize]),
                        ))
                });
            if let Some(best) = best {
                successor.insert(old, best);
            }
        }
        let mut predecessors: HashMap<u32, Vec<u32>> = HashMap::new();
        for (&old, &(new, _)) in &successor {
            predecessors.entry(new).or_default().push(old);
        }
        let mut changes = Vec::new();
        for (&new, from) in &into {
            let size_after = self.new_size.get(&new).copied().unwrap_or(0);
            let preds = predecessors.get(&new).map_or(&[][..], Vec::as_slice);
            let change = |kind, old_ids: Vec<String>, size_before| GroupChange {
                kind,
                group_id: name(new),
                old_ids,
                new_ids: Vec::new(),
                size_before,
                size_after,
            };
            match preds {
                [] => {
                    // Made of cases of one old group only: that group's split tells it.
                    let one_piece = from.len() == 1 && from[0].0.is_some();
                    if !one_piece {
                        changes.push(change(ChangeKind::New, Vec::new(), 0));
                    }
                }
                // Sizes before count the cases each old group carried on into this
                // one: those that left it are told by its shrink or split.
                &[old] => {
                    let kept = successor.get(&old).map_or(0, |s| s.1);
                    let renamed = old != new;
                    let old_ids = if renamed { vec![name(old)] } else { Vec::new() };
                    if size_after > kept {
                        changes.push(change(ChangeKind::Grew, old_ids, kept));
                    } else if renamed && kept == old_size(old) {
                        changes.push(change(ChangeKind::Renamed, old_ids, kept));
                    }
                }
                several => {
                    let old_ids: BTreeSet<String> = several.iter().map(|&g| name(g)).collect();
                    let size_before = several
                        .iter()
                        .map(|g| successor.get(g).map_or(0, |s| s.1))
                        .sum();
                    let old_ids = old_ids.into_iter().collect();
                    changes.push(change(ChangeKind::Merged, old_ids, size_before));
                }
            }
        }
        for (&old, to) in &out_of {
            let next = successor.get(&old).copied();
            let kept = next.map_or(0, |s| s.1);
            if kept == old_size(old) {
                continue;
            }
            // Pieces: groups after that go on from no old group and hold its cases.
            let mut pieces: BTreeSet<String> = BTreeSet::new();
            let mut in_pieces = 0;
            for &(new, n) in to {
                let piece = new
                    .filter(|g| Some(*g) != next.map(|s| s.0))
                    .filter(|g| !predecessors.contains_key(g));
                if let Some(g) = piece {
                    pieces.insert(name(g));
                    in_pieces += n;
                }
            }
            let mut new_ids: Vec<String> = next.map(|s| name(s.0)).into_iter().collect();
            let kind = if pieces.is_empty() {
                ChangeKind::Shrank
            } else {
                ChangeKind::Split
            };
            new_ids.extend(pieces);
            changes.push(GroupChange {
                kind,
                group_id: name(old),
                old_ids: Vec::new(),
                new_ids,
                size_before: old_size(old),
                size_after: kept + in_pieces,
            });
        }
        changes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn changes(cases: &[(Option<&str>, Option<&str>)]) -> Vec<(ChangeKind, String, String)> {
        let mut tally = Tally::default();
        for &(old, new) in cases {
            tally.add(old, new);
        }
        let mut out: Vec<_> = tally
            .changes()
            .into_iter()
            .map(|c| {
                let detail = format!(
                    "{} [{}] -> [{}] {}->{}",
                    c.group_id,
                    c.old_ids.join(" "),
                    c.new_ids.join(" "),
                    c.size_before,
                    c.size_after
                );
                (c.kind, c.group_id, detail)
            })
            .collect();
        out.sort();
        out
    }

    #[test]
    fn additions_are_new_grew_and_merged() {
        let got = changes(&[
            (None, Some("G-N")),
            (None, Some("G-N")),
            (Some("G-A"), Some("G-A")),
            (None, Some("G-A")),
            (Some("G-B"), Some("G-B")),
            (Some("G-C"), Some("G-B")),
            (Some("G-D"), Some("G-D")),
        ]);
        let kinds: Vec<_> = got.iter().map(|c| (c.0, c.2.as_str())).collect();
        assert_eq!(
            kinds,
            [
                (ChangeKind::New, "G-N [] -> [] 0->2"),
                (ChangeKind::Grew, "G-A [] -> [] 1->2"),
                (ChangeKind::Merged, "G-B [G-B G-C] -> [] 2->2"),
            ]
        );
    }

    /// A group whose link an update removed: split in two, or left by one case; a
    /// case that moved from one group to another is a shrink and a growth, not a
    /// merge; a group of two that loses its link is gone.
    #[test]
    fn removals_are_split_shrank_and_not_merges() {
        let split = changes(&[
            (Some("G-A"), Some("G-A")),
            (Some("G-A"), Some("G-A")),
            (Some("G-A"), Some("G-X")),
            (Some("G-A"), Some("G-X")),
        ]);
        assert_eq!(split.len(), 1, "{split:?}");
        assert_eq!(split[0].0, ChangeKind::Split);
        assert_eq!(split[0].2, "G-A [] -> [G-A G-X] 4->4");

        // A split whose new piece also took in a new case: the piece is new too.
        let grown_piece = changes(&[
            (Some("G-A"), Some("G-A")),
            (Some("G-A"), Some("G-A")),
            (Some("G-A"), Some("G-X")),
            (Some("G-A"), Some("G-X")),
            (None, Some("G-X")),
        ]);
        let kinds: Vec<_> = grown_piece.iter().map(|c| (c.0, c.2.as_str())).collect();
        assert_eq!(
            kinds,
            [
                (ChangeKind::New, "G-X [] -> [] 0->3"),
                (ChangeKind::Split, "G-A [] -> [G-A G-X] 4->4"),
            ]
        );

        let moved = changes(&[
            (Some("G-A"), Some("G-A")),
            (Some("G-A"), Some("G-A")),
            (Some("G-A"), Some("G-B")),
            (Some("G-B"), Some("G-B")),
            (Some("G-B"), Some("G-B")),
        ]);
        let kinds: Vec<_> = moved.iter().map(|c| (c.0, c.2.as_str())).collect();
        assert_eq!(
            kinds,
            [
                (ChangeKind::Grew, "G-B [] -> [] 2->3"),
                (ChangeKind::Shrank, "G-A [] -> [G-A] 3->2"),
            ]
        );

        // A group of two whose one case moved to another group and the other is
        // alone: gone, not merged into the group its case moved to.
        let dissolved = changes(&[
            (Some("G-A"), Some("G-B")),
            (Some("G-A"), None),
            (Some("G-B"), Some("G-B")),
            (Some("G-B"), Some("G-B")),
        ]);
        let kinds: Vec<_> = dissolved.iter().map(|c| (c.0, c.2.as_str())).collect();
        assert_eq!(
            kinds,
            [
                (ChangeKind::Grew, "G-B [] -> [] 2->3"),
                (ChangeKind::Shrank, "G-A [] -> [] 2->0"),
            ]
        );

        let gone = changes(&[(Some("G-A"), None), (Some("G-A"), None)]);
        assert_eq!(gone.len(), 1);
        assert_eq!(
            (gone[0].0, gone[0].2.as_str()),
            (ChangeKind::Shrank, "G-A [] -> [] 2->0")
        );
    }

    #[test]
    fn the_same_cases_under_a_new_id_are_renamed() {
        let got = changes(&[(Some("G-A"), Some("G-B")), (Some("G-A"), Some("G-B"))]);
        assert_eq!(got.len(), 1);
        assert_eq!(
            (got[0].0, got[0].2.as_str()),
            (ChangeKind::Renamed, "G-B [G-A] -> [] 2->2")
        );
        assert!(changes(&[(Some("G-A"), Some("G-A"))]).is_empty());
    }
}
