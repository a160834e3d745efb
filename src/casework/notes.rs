//! Notes (who, when, text; an edit is a new note that names the one it replaces) and
//! the history of a target's casework: its notes and every tag set or taken off.

use rusqlite::{Connection, OptionalExtension, params};

use super::{Named, Target, TargetKind, target_condition};
use crate::store::Store;
use crate::{Error, Result};

/// A note as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub id: i64,
    pub target: Target,
    pub who: String,
    pub at: String,
    pub text: String,
    /// The note this one replaces (an edit).
    pub replaces: Option<i64>,
}

/// Notes longer than this are refused: a note is a line or a paragraph, and a
/// spreadsheet cell holds 32,767 characters for all of a case's notes.
pub const MAX_NOTE_CHARS: usize = 4000;

fn checked(text: &str) -> Result<&str> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Error::Refused("a note needs text".into()));
    }
    if text.chars().count() > MAX_NOTE_CHARS {
        return Err(Error::Refused(format!(
            "a note holds at most {MAX_NOTE_CHARS} characters"
        )));
    }
    Ok(text)
}

/// Writes a note on what `named` names (see [`super::resolve`]).
pub fn add_note(store: &mut Store, named: &Named, text: &str, who: &str) -> Result<Note> {
    let text = checked(text)?;
    let tx = store
        .conn
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let target = named.resolve(&tx, true)?;
    let at = crate::now_text();
    let group_id = (target.kind == TargetKind::Group).then_some(target.label.as_str());
    tx.execute(
        "INSERT INTO notes (target_kind, target_id, group_id, who, at, text)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![target.kind.id(), target.id, group_id, who, at, text],
    )?;
    let id = tx.last_insert_rowid();
    tx.commit()?;
    Ok(Note {
        id,
        target,
        who: who.to_string(),
        at,
        text: text.to_string(),
        replaces: None,
    })
}

/// Edits note `id`: a new note on the same target that replaces it; the old one is
/// kept (`casebench notes --all` shows it). Only a note as it reads now (not already
/// replaced) can be edited.
pub fn edit_note(store: &mut Store, id: i64, text: &str, who: &str) -> Result<Note> {
    let text = checked(text)?;
    let tx = store
        .conn
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let old: Option<(i64, i64, Option<String>, Option<i64>)> = tx
        .query_row(
            "SELECT n.target_kind, n.target_id, n.group_id,
                    (SELECT r.id FROM notes r WHERE r.replaces = n.id)
               FROM notes n WHERE n.id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    let Some((kind, target_id, group_id, replaced_by)) = old else {
        return Err(Error::NotFound {
            what: "note",
            name: format!("#{id}"),
        });
    };
    if let Some(newer) = replaced_by {
        return Err(Error::Refused(format!(
            "note #{id} was already replaced by #{newer}: edit that one"
        )));
    }
    let at = crate::now_text();
    tx.execute(
        "INSERT INTO notes (target_kind, target_id, group_id, replaces, who, at, text)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![kind, target_id, group_id, id, who, at, text],
    )?;
    let new_id = tx.last_insert_rowid();
    let target = label_of(&tx, kind, target_id, group_id)?;
    tx.commit()?;
    Ok(Note {
        id: new_id,
        target,
        who: who.to_string(),
        at,
        text: text.to_string(),
        replaces: Some(id),
    })
}

/// The target a stored (kind, id) names, labelled as listings name it.
fn label_of(conn: &Connection, kind: i64, id: i64, group_id: Option<String>) -> Result<Target> {
    let (kind, label): (TargetKind, Option<String>) = match kind {
        0 => (
            TargetKind::Case,
            conn.query_row("SELECT report_no FROM cases WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?,
        ),
        1 => (
            TargetKind::Group,
            conn.query_row(
                "SELECT group_id FROM case_groups WHERE case_id = ?1",
                [id],
                |r| r.get(0),
            )
            .optional()?
            .or(group_id),
        ),
        _ => (
            TargetKind::Identifier,
            conn.query_row(
                "SELECT kind || ' ' || value FROM identifiers WHERE id = ?1",
                [id],
                |r| r.get(0),
            )
            .optional()?,
        ),
    };
    Ok(Target {
        kind,
        id,
        label: label.unwrap_or_default(),
        named: None,
    })
}

/// What a line of a target's history records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    Note,
    /// A note that replaces an earlier one.
    Edit,
    /// A note an edit replaced (listed only when asked for).
    Replaced,
    Tag,
    Untag,
}

impl EntryKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Note => "note",
            EntryKind::Edit => "edit",
            EntryKind::Replaced => "replaced",
            EntryKind::Tag => "tag",
            EntryKind::Untag => "untag",
        }
    }
}

/// One line of casework history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub at: String,
    pub who: String,
    pub kind: EntryKind,
    /// The note's number (`note --edit N`); 0 for a tag event.
    pub note_id: i64,
    pub target_kind: TargetKind,
    /// The report_no, the group's id now, or `kind value`.
    pub target: String,
    /// For a group's entry: the group it was written on, when that is another id
    /// (a group merged into this one, or this group before an earlier case joined).
    pub from_group: Option<String>,
    /// The note's text, or the tag.
    pub text: String,
}

/// The casework on `target` (every target when None), oldest first: its notes as
/// they read now (and the replaced ones when `replaced`), and every tag set or taken
/// off. A group's includes what was written on the groups merged into it.
pub fn history(conn: &Connection, target: Option<&Target>, replaced: bool) -> Result<Vec<Entry>> {
    let (condition, key) = match target {
        Some(t) => {
            let (c, k) = target_condition(t);
            (c, Some(k))
        }
        None => ("?1 IS NULL", None),
    };
    // The target's label: the report_no, the group it is in now, or the identifier.
    let label = "CASE a.target_kind
            WHEN 0 THEN (SELECT c.report_no FROM cases c WHERE c.id = a.target_id)
            WHEN 1 THEN COALESCE((SELECT g.group_id FROM case_groups g
                                   WHERE g.case_id = a.target_id), a.group_id)
            ELSE (SELECT i.kind || ' ' || i.value FROM identifiers i WHERE i.id = a.target_id)
         END";
    let sql = format!(
        "SELECT a.at, a.who, CASE WHEN r.id IS NOT NULL THEN 'replaced'
                                  WHEN a.replaces IS NOT NULL THEN 'edit' ELSE 'note' END,
                a.id, a.target_kind, {label}, a.group_id, a.text, a.id
           FROM notes a LEFT JOIN notes r ON r.replaces = a.id
          WHERE {condition} AND (?2 OR r.id IS NULL)
         UNION ALL
         SELECT a.at, a.who, CASE a.action WHEN 1 THEN 'tag' ELSE 'untag' END,
                0, a.target_kind, {label}, a.group_id, a.tag, a.id
           FROM tag_events a
          WHERE {condition}
          ORDER BY 1, 9"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(params![key, replaced], |r| {
        let kind: String = r.get(2)?;
        let target_kind = match r.get::<_, i64>(4)? {
            0 => TargetKind::Case,
            1 => TargetKind::Group,
            _ => TargetKind::Identifier,
        };
        let target: Option<String> = r.get(5)?;
        let target = target.unwrap_or_default();
        let written_on: Option<String> = r.get(6)?;
        Ok(Entry {
            at: r.get(0)?,
            who: r.get(1)?,
            kind: match kind.as_str() {
                "replaced" => EntryKind::Replaced,
                "edit" => EntryKind::Edit,
                "note" => EntryKind::Note,
                "tag" => EntryKind::Tag,
                _ => EntryKind::Untag,
            },
            note_id: r.get(3)?,
            target_kind,
            from_group: written_on.filter(|g| *g != target),
            target,
            text: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
