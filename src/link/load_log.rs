//! A first load's links and cases, kept by its writer as it writes them, so that the
//! groups can be worked out on the second core while SQLite rebuilds the indexes that
//! reading them back would need (`import_rows`). Only for a load into an empty
//! identifier table: then every link a group depends on is one the file wrote.

use hashbrown::HashSet;

use super::{Grouping, UnionFind};
use crate::model::{IdKind, Role};

/// No case has linked this identifier yet.
const NONE: u32 = u32::MAX;

#[derive(Default)]
pub struct LoadLog {
    /// (case, identifier) for each link that links (the LINKS rule).
    edges: Vec<(u32, u32)>,
    /// Identifiers written as official: their links do not link.
    official: HashSet<i64>,
    cases: Vec<CaseKey>,
    /// Each case's reported_at (when dated) then report_no, end to end.
    keys: String,
    /// An id or a length beyond what the log's fields hold: the log is not used
    /// (never at any real size).
    overflow: bool,
}

/// Where a case's key lies in `keys`: 12 bytes a case, a million of them held
/// through the import's peak.
struct CaseKey {
    id: u32,
    /// End of its report_no.
    end: u32,
    /// Length of its reported_at before the report_no; UNDATED for none.
    at_len: u16,
}

const UNDATED: u16 = u16::MAX;

impl LoadLog {
    /// Notes that identifier `id` was written marked official.
    pub fn official(&mut self, id: i64) {
        self.official.insert(id);
    }

    /// A case written, with what picks its group's id.
    pub fn case(&mut self, id: i64, reported_at: Option<&str>, report_no: &str) {
        let at_len = match reported_at {
            None => Some(UNDATED),
            Some(at) => u16::try_from(at.len()).ok().filter(|&n| n != UNDATED),
        };
        self.keys.push_str(reported_at.unwrap_or(""));
        self.keys.push_str(report_no);
        let end = u32::try_from(self.keys.len()).ok();
        match (self.small(id), end, at_len) {
            (Some(id), Some(end), Some(at_len)) => self.cases.push(CaseKey { id, end, at_len }),
            _ => self.overflow = true,
        }
    }

    /// A link written: case `case` holds identifier `identifier` (of `kind`) as `role`.
    pub fn link(&mut self, case: i64, identifier: i64, kind: IdKind, role: Role) {
        // The LINKS rule, as `link::relink` reads it from the database; nothing in a
        // first load is ignored yet.
        let links = role.links() && kind != IdKind::Partial && !self.official.contains(&identifier);
        if !links {
            return;
        }
        if let (Some(case), Some(identifier)) = (self.small(case), self.small(identifier)) {
            self.edges.push((case, identifier));
        }
    }

    fn small(&mut self, id: i64) -> Option<u32> {
        let small = u32::try_from(id).ok().filter(|&id| id != NONE);
        self.overflow |= small.is_none();
        small
    }

    /// The groups of the logged cases; None when an id did not fit (then the groups
    /// are read back from the database).
    pub fn group(self) -> Option<Grouping> {
        if self.overflow {
            return None;
        }
        let cases = self.cases.iter().map(|c| c.id as usize + 1).max();
        let mut sets = UnionFind::new(cases.unwrap_or(0));
        let identifiers = self.edges.iter().map(|e| e.1 as usize + 1).max();
        let mut first_case = vec![NONE; identifiers.unwrap_or(0)];
        for &(case, identifier) in &self.edges {
            let first = &mut first_case[identifier as usize];
            match *first {
                NONE => *first = case,
                earlier => sets.union(earlier, case),
            }
        }
        let mut grouping = Grouping::new(sets);
        let mut start = 0;
        for case in &self.cases {
            let end = case.end as usize;
            let key = self.keys.get(start..end).unwrap_or("");
            start = end;
            let (reported_at, report_no) = match case.at_len {
                UNDATED => (None, key),
                n => {
                    let (at, no) = key.split_at_checked(n as usize).unwrap_or(("", key));
                    (Some(at), no)
                }
            };
            if let Some(root) = grouping.root_if_grouped(case.id) {
                grouping.note(case.id, root, reported_at, report_no);
            }
        }
        Some(grouping)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Only scammer-side links of full, unofficial identifiers join cases; a group's
    /// earliest case is its earliest dated one, an undated case last.
    #[test]
    fn the_log_groups_by_the_links_rule_and_keeps_each_groups_earliest_case() {
        let mut log = LoadLog::default();
        log.case(1, None, "A1");
        log.case(2, Some("2026-11-03"), "A2");
        log.case(3, Some("2026-11-01"), "A3");
        log.case(4, Some("2026-11-02"), "A4");
        log.official(20);
        // Two cases sharing each identifier: 1 and 2 a caller, 3 and 4 a receiving
        // account. The rest never link 2 to 3: an official number, a victim's
        // phone, a partial number, an identifier only mentioned.
        let shared = [
            (1, 2, 10, IdKind::Phone, Role::Caller),
            (3, 4, 11, IdKind::Card, Role::Account),
            (2, 3, 20, IdKind::Service, Role::Caller),
            (2, 3, 21, IdKind::Phone, Role::VictimPhone),
            (2, 3, 22, IdKind::Partial, Role::Partial),
            (2, 3, 23, IdKind::Qq, Role::Mentioned),
        ];
        for (a, b, identifier, kind, role) in shared {
            log.link(a, identifier, kind, role);
            log.link(b, identifier, kind, role);
        }
        let mut grouping = log.group().unwrap();
        let mut grouped = grouping.grouped.clone();
        grouped.sort_unstable();
        let root_12 = grouping.root_if_grouped(1).unwrap();
        let root_34 = grouping.root_if_grouped(3).unwrap();
        assert_ne!(root_12, root_34);
        assert_eq!(
            grouped,
            [(1, root_12), (2, root_12), (3, root_34), (4, root_34)]
        );
        assert_eq!(
            grouping.earliest[&root_12].report_no, "A2",
            "undated sorts last"
        );
        assert_eq!(grouping.earliest[&root_34].report_no, "A3");
    }

    #[test]
    fn an_id_beyond_what_the_log_holds_sends_the_grouping_back_to_the_database() {
        let mut log = LoadLog::default();
        log.case(1, None, "A1");
        log.case(i64::from(u32::MAX) + 5, None, "A2");
        assert!(log.group().is_none());
    }
}
