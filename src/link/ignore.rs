//! The ignore list: an analyst marks an identifier (a shared test number, a spoofed
//! bank line) as not linking, with a reason; stored with who and when, undoable, and
//! respected by links, hubs and search ranking.

use rusqlite::{OptionalExtension, params};

use crate::store::Store;
use crate::{Error, Result, normalize};

/// What an ignore or undo did.
#[derive(Debug, Clone)]
pub struct IgnoreOutcome {
    pub kind: String,
    pub value: String,
    pub cases: i64,
    /// Cases whose group changed when the groups were recomputed.
    pub cases_moved: usize,
}

/// Marks the identifier (any written form; normalised as import does) ignored, or
/// clears the mark with `undo`, then recomputes the groups — in one transaction.
/// Every ignore and undo is a record of its own in the log (who, when, why); the
/// identifier's row holds the current one. Ignoring what is ignored, or undoing what
/// is not, is refused. A number no case holds yet can be ignored ahead of the batch
/// that brings it.
pub fn set_ignored(
    store: &mut Store,
    input: &str,
    reason: &str,
    who: &str,
    undo: bool,
) -> Result<IgnoreOutcome> {
    let parsed = normalize::parse_term(input);
    // Immediate: the write lock is taken (waiting for another writer, an import, as
    // long as the busy handler allows) before anything is read. A deferred
    // transaction that reads first cannot wait for it: its upgrade fails at once
    // with "database is locked".
    let tx = store
        .conn
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let found: Option<(i64, String, String, bool)> = match &parsed {
        Some(id) => tx
            .query_row(
                concat!(
                    "SELECT id, kind, value, ignored FROM identifiers
                      WHERE kind = ?1 AND value = ?2 AND ",
                    crate::both_tiers!("")
                ),
                params![id.kind.as_str(), id.value],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?,
        // Not a number or account the normaliser knows: an exact stored value still works.
        None => tx
            .query_row(
                concat!(
                    "SELECT id, kind, value, ignored FROM identifiers WHERE value = ?1 AND ",
                    crate::both_tiers!(""),
                    " ORDER BY id LIMIT 1"
                ),
                [input.trim()],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?,
    };
    let (id, kind, value, ignored) = match (found, &parsed) {
        (Some(found), _) => found,
        (None, Some(p)) if !undo => {
            // Not held by any case yet: stored now, so that the import that brings it
            // finds it ignored.
            let official = crate::link::official::is_official(&p.value);
            let (code, value, kept) =
                crate::store::lean::identifier_row(p.kind, &p.value, input.trim());
            tx.execute(
                crate::store::lean::INSERT_IDENTIFIER,
                params![code, value, kept, p.flags, official],
            )?;
            (
                tx.last_insert_rowid(),
                p.kind.as_str().to_string(),
                p.value.clone(),
                false,
            )
        }
        (None, Some(p)) => {
            return Err(Error::Refused(format!("{} is not ignored", p.value)));
        }
        (None, None) => {
            return Err(Error::Refused(format!(
                "{:?} is not a number or account casebench reads, nor one stored",
                input.trim()
            )));
        }
    };
    match (undo, ignored) {
        (false, true) => {
            let since: (Option<String>, Option<String>, Option<String>) = tx.query_row(
                "SELECT ignored_at, ignored_by, ignored_reason FROM identifiers WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?;
            return Err(Error::Refused(format!(
                "{value} is already ignored (since {}, by {}: {}); --undo first to change it",
                since.0.unwrap_or_default(),
                since.1.unwrap_or_default(),
                since.2.unwrap_or_default()
            )));
        }
        (true, false) => return Err(Error::Refused(format!("{value} is not ignored"))),
        _ => {}
    }
    let now = crate::now_text();
    let (flag, reason_col, who_col, at_col): (i64, Option<&str>, Option<&str>, Option<&str>) =
        if undo {
            (0, None, None, None)
        } else {
            (1, Some(reason), Some(who), Some(&now))
        };
    tx.execute(
        "UPDATE identifiers SET ignored = ?1, ignored_reason = ?2, ignored_by = ?3, ignored_at = ?4
          WHERE id = ?5",
        params![flag, reason_col, who_col, at_col, id],
    )?;
    tx.execute(
        "INSERT INTO ignore_log (identifier_id, action, reason, who, at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            id,
            if undo { "undo" } else { "ignore" },
            reason,
            who,
            now
        ],
    )?;
    let cases: i64 = tx.query_row(
        "SELECT COUNT(DISTINCT case_id) FROM case_identifiers WHERE identifier_id = ?1",
        [id],
        |r| r.get(0),
    )?;
    let official: bool = tx.query_row(
        "SELECT official = 1 FROM identifiers WHERE id = ?1",
        [id],
        |r| r.get(0),
    )?;
    // An official number never links, ignored or not: no group can change.
    let relinked = if official {
        super::Relinked::default()
    } else {
        super::relink_identifier(&tx, id)?
    };
    tx.commit()?;
    Ok(IgnoreOutcome {
        kind,
        value,
        cases,
        cases_moved: relinked.cases_moved,
    })
}

/// One record of the ignore log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogEntry {
    pub at: String,
    /// `ignore` or `undo`.
    pub action: String,
    pub kind: String,
    pub value: String,
    pub reason: String,
    pub who: String,
}

/// The ignore log, oldest first; of one identifier (any written form) when given.
pub fn log(store: &Store, input: Option<&str>) -> Result<Vec<LogEntry>> {
    let value =
        input.map(|i| normalize::parse_term(i).map_or_else(|| i.trim().to_string(), |p| p.value));
    let mut stmt = store.conn.prepare(
        "SELECT l.at, l.action, i.kind, i.value, l.reason, l.who
           FROM ignore_log l JOIN identifiers i ON i.id = l.identifier_id
          WHERE ?1 IS NULL OR i.value = ?1
          ORDER BY l.id",
    )?;
    let rows = stmt.query_map([value], |r| {
        Ok(LogEntry {
            at: r.get(0)?,
            action: r.get(1)?,
            kind: r.get(2)?,
            value: r.get(3)?,
            reason: r.get(4)?,
            who: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Who the analyst is, for the log: `CASEBENCH_USER`, else the login name.
pub fn current_user() -> String {
    ["CASEBENCH_USER", "USER", "LOGNAME", "USERNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|u| !u.trim().is_empty()))
        .unwrap_or_else(|| "unknown".to_string())
}
