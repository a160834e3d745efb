//! Tags: the shipped list (`db/tags.txt`, replaced by an edited copy beside the
//! database), setting and taking them off (each an event with who and when), and the
//! tags a target carries now (its latest event per tag, the `current_tags` view).

use std::path::Path;

use rusqlite::{Connection, params};

use super::{Named, Target, TargetKind, target_condition};
use crate::store::Store;
use crate::{Error, Result};

/// The file's name, in the database's folder (`db/` for the default database).
pub const FILE_NAME: &str = "tags.txt";

const BUILT_IN: &str = include_str!("../../db/tags.txt");

/// The tags analysts may set, in the list's order, each with what it means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagList {
    pub tags: Vec<(String, String)>,
}

impl TagList {
    /// The shipped list.
    pub fn built_in() -> TagList {
        TagList::parse(BUILT_IN)
    }

    /// The list beside the database at `db`, else the shipped one.
    pub fn for_database(db: &Path) -> Result<TagList> {
        let list = match crate::read_beside_database(db, FILE_NAME)? {
            (path, Some(text)) => {
                let list = TagList::parse(&text);
                if list.tags.is_empty() {
                    return Err(Error::file(path, "lists no tag"));
                }
                list
            }
            (_, None) => TagList::built_in(),
        };
        Ok(list)
    }

    /// One tag a line, then what it means; `#` starts a comment.
    pub fn parse(text: &str) -> TagList {
        let mut tags: Vec<(String, String)> = Vec::new();
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            let mut parts = line.splitn(2, char::is_whitespace);
            let Some(tag) = parts.next().filter(|t| !t.is_empty()) else {
                continue;
            };
            if tags.iter().any(|(t, _)| t == tag) {
                continue;
            }
            let meaning = parts.next().unwrap_or("").trim().to_string();
            tags.push((tag.to_string(), meaning));
        }
        TagList { tags }
    }

    pub fn contains(&self, tag: &str) -> bool {
        self.tags.iter().any(|(t, _)| t == tag)
    }

    /// The tags, space-separated (for a refusal that lists them).
    pub fn names(&self) -> String {
        self.tags
            .iter()
            .map(|(t, _)| t.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// A tag a target carries now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurrentTag {
    pub tag: String,
    pub who: String,
    pub at: String,
    /// For a group's tag: the group it was set on (an older id after a merge).
    pub group_id: Option<String>,
}

/// What a tag or its undo did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagOutcome {
    pub target: Target,
    pub tag: String,
    pub undo: bool,
    /// Events written: one, or for an undo on a merged group, one per side tagged.
    pub events: usize,
}

/// Sets `tag` on what `named` names (see [`super::resolve`]), or takes it off with
/// `undo` — an event each, with who and when, in one transaction. Setting a tag the
/// target carries, or taking off one it does not, is refused. A tag must be on the
/// list to be set; any tag can be taken off. On a group, an undo takes the tag off
/// every side of it that carries it (a merged group may carry it twice).
pub fn set_tag(
    store: &mut Store,
    list: &TagList,
    named: &Named,
    tag: &str,
    who: &str,
    undo: bool,
) -> Result<TagOutcome> {
    let tag = tag.trim();
    if !undo && !list.contains(tag) {
        return Err(Error::Refused(format!(
            "{tag:?} is not on the tag list ({}): add it to {FILE_NAME} beside the database",
            list.names()
        )));
    }
    // Immediate: the write lock is taken before anything is read (see link::ignore).
    let tx = store
        .conn
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let target = named.resolve(&tx, !undo)?;
    let carried: Vec<(i64, CurrentTag)> = carriers(&tx, &target, tag)?;
    let now = crate::now_text();
    let group_id = (target.kind == TargetKind::Group).then_some(target.label.as_str());
    let mut insert = tx.prepare(
        "INSERT INTO tag_events (target_kind, target_id, group_id, tag, action, who, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    let events = match (undo, carried.first()) {
        (false, Some((_, since))) => {
            return Err(Error::Refused(format!(
                "{} is already tagged {tag} (since {}, by {}); --undo takes it off",
                target.label, since.at, since.who
            )));
        }
        (true, None) => {
            return Err(Error::Refused(format!(
                "{} is not tagged {tag}",
                target.label
            )));
        }
        (false, None) => {
            insert.execute(params![
                target.kind.id(),
                target.id,
                group_id,
                tag,
                1,
                who,
                now
            ])?;
            1
        }
        (true, Some(_)) => {
            for (key, _) in &carried {
                insert.execute(params![target.kind.id(), key, group_id, tag, 0, who, now])?;
            }
            carried.len()
        }
    };
    drop(insert);
    tx.commit()?;
    Ok(TagOutcome {
        target,
        tag: tag.to_string(),
        undo,
        events,
    })
}

/// The keys (`target_id`) under which `target` carries `tag` now, with each one's set.
fn carriers(conn: &Connection, target: &Target, tag: &str) -> Result<Vec<(i64, CurrentTag)>> {
    let (condition, key) = target_condition(target);
    let mut stmt = conn.prepare(&format!(
        "SELECT a.target_id, a.tag, a.who, a.at, a.group_id FROM current_tags a
          WHERE {condition} AND a.tag = ?2 ORDER BY a.at"
    ))?;
    let rows = stmt.query_map(params![key, tag], |r| {
        Ok((
            r.get(0)?,
            CurrentTag {
                tag: r.get(1)?,
                who: r.get(2)?,
                at: r.get(3)?,
                group_id: r.get(4)?,
            },
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The tags `target` carries now, in the order they were set (a tag a merged group
/// carries from both sides: each side's).
pub fn tags_of(conn: &Connection, target: &Target) -> Result<Vec<CurrentTag>> {
    let (condition, key) = target_condition(target);
    let mut stmt = conn.prepare(&format!(
        "SELECT a.tag, a.who, a.at, a.group_id FROM current_tags a
          WHERE {condition} ORDER BY a.at, a.tag"
    ))?;
    let rows = stmt.query_map([key], |r| {
        Ok(CurrentTag {
            tag: r.get(0)?,
            who: r.get(1)?,
            at: r.get(2)?,
            group_id: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
