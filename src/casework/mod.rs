//! The analysts' casework: notes and tags on cases, groups and identifiers, with who
//! and when, never overwritten (migration 012); the tag list (`db/tags.txt`); and the
//! freeze list — the accounts still to ask banks to freeze, with each card's bank.
//!
//! A group is annotated through a case of it (the one its id names when the note or
//! tag is written): ids change when groups merge, cases stay in their group, so a
//! group's annotations today are those of any of its cases — a merged group holds
//! both sides', each saying which group it was written on.

pub mod banks;
pub mod freeze;
pub mod marks;
pub mod notes;
pub mod tags;

use rusqlite::{Connection, OptionalExtension, params};

use crate::{Error, Result, normalize};

pub use marks::{Annotations, Marks};
pub use notes::edit_note;
pub use notes::{Entry, EntryKind, Note, add_note, history};
pub use tags::{CurrentTag, TagList, TagOutcome, set_tag, tags_of};

/// What a note or tag is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TargetKind {
    Case,
    Group,
    Identifier,
}

impl TargetKind {
    /// As stored (`target_kind`).
    pub fn id(self) -> i64 {
        match self {
            TargetKind::Case => 0,
            TargetKind::Group => 1,
            TargetKind::Identifier => 2,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            TargetKind::Case => "case",
            TargetKind::Group => "group",
            TargetKind::Identifier => "identifier",
        }
    }
}

/// A case, group or identifier, found from what the analyst typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub kind: TargetKind,
    /// `target_id`: the case (a group's: the case its id names), or the identifier.
    pub id: i64,
    /// As listings name it: the report_no, the group's current id, `kind value`.
    pub label: String,
    /// For a group named by an id it no longer has (it merged, or an earlier case
    /// joined it): the id typed.
    pub named: Option<String>,
}

/// What the analyst names a target by: typed text (a report number, a group id, an
/// identifier in any written form), or — from the workbench's lists, where what is
/// selected is known — a case, a group or an identifier as stored (a QQ id's digits
/// must not be read as a report number).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Named {
    Text(String),
    Case(String),
    Group(String),
    Identifier { kind: String, value: String },
}

impl Named {
    /// Finds the target (see [`resolve`]).
    pub fn resolve(&self, conn: &Connection, create: bool) -> Result<Target> {
        match self {
            Named::Text(input) => resolve(conn, input, create),
            Named::Case(report_no) => match case_and_group(conn, report_no)? {
                Some((id, _)) => Ok(Target {
                    kind: TargetKind::Case,
                    id,
                    label: report_no.clone(),
                    named: None,
                }),
                None => Err(Error::NotFound {
                    what: "case",
                    name: report_no.to_string(),
                }),
            },
            Named::Group(group_id) => {
                group_target(conn, group_id)?.ok_or_else(|| Error::NotFound {
                    what: "group",
                    name: group_id.to_string(),
                })
            }
            Named::Identifier { kind, value } => {
                let id: Option<i64> = conn
                    .query_row(
                        concat!(
                            "SELECT id FROM identifiers WHERE kind = ?1 AND value = ?2 AND ",
                            crate::both_tiers!("")
                        ),
                        [kind, value],
                        |r| r.get(0),
                    )
                    .optional()?;
                let Some(id) = id else {
                    return Err(Error::NotFound {
                        what: "identifier",
                        name: format!("{kind} {value}"),
                    });
                };
                Ok(Target {
                    kind: TargetKind::Identifier,
                    id,
                    label: format!("{kind} {value}"),
                    named: None,
                })
            }
        }
    }
}

/// Who the analyst is: `CASEBENCH_USER`, else the login name.
pub fn who() -> String {
    crate::link::ignore::current_user()
}

/// Finds what `input` names, in this order: a group id (`G-` + a report_no, the case
/// in the group it is in now), a report number, an identifier in any written form
/// (normalised as import does). An identifier no case holds yet is stored when
/// `create` (a note or tag ahead of the batch that brings it), like an ignore.
pub fn resolve(conn: &Connection, input: &str, create: bool) -> Result<Target> {
    let input = input.trim();
    if let Some(group) = group_target(conn, input)? {
        return Ok(group);
    }
    if let Some((case, _)) = case_and_group(conn, input)? {
        return Ok(Target {
            kind: TargetKind::Case,
            id: case,
            label: input.to_string(),
            named: None,
        });
    }
    let parsed = normalize::parse_term(input);
    let found: Option<(i64, String, String)> = match &parsed {
        Some(p) => conn
            .query_row(
                concat!(
                    "SELECT id, kind, value FROM identifiers WHERE kind = ?1 AND value = ?2 AND ",
                    crate::both_tiers!("")
                ),
                params![p.kind.as_str(), p.value],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?,
        // Not a number the normaliser knows: an exact stored value still works.
        None => conn
            .query_row(
                concat!(
                    "SELECT id, kind, value FROM identifiers WHERE value = ?1 AND ",
                    crate::both_tiers!(""),
                    " ORDER BY id LIMIT 1"
                ),
                [input],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?,
    };
    let (id, kind, value) = match (found, parsed) {
        (Some(found), _) => found,
        (None, Some(p)) if create => {
            let official = crate::link::official::is_official(&p.value);
            let (code, value, kept) = crate::store::lean::identifier_row(p.kind, &p.value, input);
            conn.execute(
                crate::store::lean::INSERT_IDENTIFIER,
                params![code, value, kept, p.flags, official],
            )?;
            (
                conn.last_insert_rowid(),
                p.kind.as_str().to_string(),
                p.value,
            )
        }
        (None, Some(p)) => (0, p.kind.as_str().to_string(), p.value),
        (None, None) => {
            return Err(Error::Refused(format!(
                "{input:?} is no report number, group id or identifier casebench knows"
            )));
        }
    };
    Ok(Target {
        kind: TargetKind::Identifier,
        id,
        label: format!("{kind} {value}"),
        named: None,
    })
}

/// The group `input` names (`G-` + a report_no): the group that case is in now. None
/// when no case has that report_no.
fn group_target(conn: &Connection, input: &str) -> Result<Option<Target>> {
    let Some(report) = input
        .strip_prefix("G-")
        .or_else(|| input.strip_prefix("g-"))
    else {
        return Ok(None);
    };
    let Some((case, group)) = case_and_group(conn, report)? else {
        return Ok(None);
    };
    let Some(group) = group else {
        return Err(Error::Refused(format!(
            "{input} is no longer a group: its case {report} is linked to no other"
        )));
    };
    let named = (group != input).then(|| input.to_string());
    Ok(Some(Target {
        kind: TargetKind::Group,
        id: case,
        label: group,
        named,
    }))
}

/// The case with this report_no: its id and its group now.
fn case_and_group(conn: &Connection, report_no: &str) -> Result<Option<(i64, Option<String>)>> {
    Ok(conn
        .query_row(
            "SELECT c.id, g.group_id FROM cases c LEFT JOIN case_groups g ON g.case_id = c.id
              WHERE c.report_no = ?1",
            [report_no],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

/// The (target_kind, target_id) pairs whose annotations are `target`'s: for a group,
/// every case of it now (each may key notes written on a group it was in before).
/// As SQL over `a` (an annotation table): only constants are formatted in.
/// The group is bound through the case that names it (store::groups::NAMED_BY,
/// written out: a constant), its members read a tier an arm: the key of each tier's
/// index by group. Over `tier = 0 OR tier = 1` SQLite 3.54 read a group named by a
/// subquery as a scan of each index.
pub(crate) const GROUP_KEYS: &str = "a.target_kind = 1 AND a.target_id IN
     (SELECT m.case_id FROM case_group_of m
       WHERE m.tier = 0 AND m.group_case =
             (SELECT n.id FROM cases n WHERE n.report_no = substr(?1, 3) AND 'G-' || n.report_no = ?1)
      UNION ALL
      SELECT m.case_id FROM case_group_of m
       WHERE m.tier = 1 AND m.group_case =
             (SELECT n.id FROM cases n WHERE n.report_no = substr(?1, 3) AND 'G-' || n.report_no = ?1))";

/// The condition on `a` selecting `target`'s annotations, and its one parameter.
fn target_condition(target: &Target) -> (&'static str, rusqlite::types::Value) {
    use rusqlite::types::Value;
    match target.kind {
        TargetKind::Group => (GROUP_KEYS, Value::Text(target.label.clone())),
        TargetKind::Case => (
            "a.target_kind = 0 AND a.target_id = ?1",
            Value::Integer(target.id),
        ),
        TargetKind::Identifier => (
            "a.target_kind = 2 AND a.target_id = ?1",
            Value::Integer(target.id),
        ),
    }
}
