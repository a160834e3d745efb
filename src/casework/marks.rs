//! Every target's current tags and notes, read at once and looked up by what the
//! listings and the workbench's lists hold (a report_no, a group id, an identifier).
//! Analysts' annotations are a few thousand at most: one read beats a lookup per row
//! of a million-row export, and leaves the listings' queries as they are.

use std::collections::HashMap;

use rusqlite::Connection;

use crate::Result;

/// A target's current tags (in the order set, once each) and notes
/// (`who at: text`, oldest first; a group's note written on another id, a group
/// merged into it, ends `(on G-…)`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Marks {
    pub tags: Vec<String>,
    pub notes: Vec<String>,
}

impl Marks {
    /// The tags as a cell shows them: `已研判, 已止付`.
    pub fn tags_text(&self) -> String {
        self.tags.join(", ")
    }

    /// The notes as a cell shows them, oldest first.
    pub fn notes_text(&self) -> String {
        self.notes.join(" | ")
    }

    pub fn is_empty(&self) -> bool {
        self.tags.is_empty() && self.notes.is_empty()
    }

    fn add_tag(&mut self, tag: String) {
        if !self.tags.contains(&tag) {
            self.tags.push(tag);
        }
    }
}

/// The marks of every annotated case, group and identifier.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Annotations {
    /// By report_no: the case's own.
    cases: HashMap<String, Marks>,
    /// By the group's id now: every side's (a merged group's both).
    groups: HashMap<String, Marks>,
    /// By (kind, value).
    identifiers: HashMap<(String, String), Marks>,
}

/// The keys an annotation row is filed under (see [`Annotations::read`]'s SQL).
const KEYS: &str = "a.target_kind,
        (SELECT c.report_no FROM cases c WHERE a.target_kind = 0 AND c.id = a.target_id),
        (SELECT g.group_id FROM case_groups g WHERE a.target_kind = 1 AND g.case_id = a.target_id),
        (SELECT i.kind FROM identifiers i WHERE a.target_kind = 2 AND i.id = a.target_id),
        (SELECT i.value FROM identifiers i WHERE a.target_kind = 2 AND i.id = a.target_id)";

impl Annotations {
    pub fn read(conn: &Connection) -> Result<Annotations> {
        let mut out = Annotations::default();
        let mut stmt = conn.prepare(&format!(
            "SELECT {KEYS}, a.tag FROM current_tags a ORDER BY a.at, a.tag"
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let tag: String = r.get(5)?;
            if let Some(marks) = out.slot(r)? {
                marks.add_tag(tag);
            }
        }
        let mut stmt = conn.prepare(&format!(
            "SELECT {KEYS}, a.who || ' ' || substr(a.at, 1, 16) || ': ' || a.text
                    || CASE WHEN a.target_kind = 1 AND a.group_id IS NOT
                                 (SELECT g.group_id FROM case_groups g WHERE g.case_id = a.target_id)
                            THEN ' (on ' || a.group_id || ')' ELSE '' END
               FROM current_notes a ORDER BY a.at, a.id"
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let note: String = r.get(5)?;
            if let Some(marks) = out.slot(r)? {
                marks.notes.push(note);
            }
        }
        Ok(out)
    }

    /// The marks a row's keys name (None: its case or group is gone).
    fn slot(&mut self, r: &rusqlite::Row<'_>) -> rusqlite::Result<Option<&mut Marks>> {
        let kind: i64 = r.get(0)?;
        Ok(match kind {
            0 => r
                .get::<_, Option<String>>(1)?
                .map(|k| self.cases.entry(k).or_default()),
            1 => r
                .get::<_, Option<String>>(2)?
                .map(|k| self.groups.entry(k).or_default()),
            _ => match (
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<String>>(4)?,
            ) {
                (Some(k), Some(v)) => Some(self.identifiers.entry((k, v)).or_default()),
                _ => None,
            },
        })
    }

    pub fn case(&self, report_no: &str) -> Option<&Marks> {
        self.cases.get(report_no)
    }

    pub fn group(&self, group_id: &str) -> Option<&Marks> {
        self.groups.get(group_id)
    }

    pub fn identifier(&self, kind: &str, value: &str) -> Option<&Marks> {
        self.identifiers.get(&(kind.to_string(), value.to_string()))
    }

    /// The tags a case carries: its own, then its group's.
    pub fn case_tags(&self, report_no: &str, group_id: Option<&str>) -> Vec<String> {
        let mut tags = self
            .case(report_no)
            .map(|m| m.tags.clone())
            .unwrap_or_default();
        if let Some(g) = group_id.and_then(|g| self.group(g)) {
            for t in &g.tags {
                if !tags.contains(t) {
                    tags.push(t.clone());
                }
            }
        }
        tags
    }

    pub fn is_empty(&self) -> bool {
        self.cases.is_empty() && self.groups.is_empty() && self.identifiers.is_empty()
    }
}
