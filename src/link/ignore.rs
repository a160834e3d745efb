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
pub fn set_ignored(
    store: &mut Store,
    input: &str,
    reason: &str,
    who: &str,
    undo: bool,
) -> Result<IgnoreOutcome> {
    let parsed = normalize::parse_term(input);
    let tx = store.conn.transaction()?;
    let found: Option<(i64, String, String)> = match &parsed {
        Some(id) => tx
            .query_row(
                "SELECT id, kind, value FROM identifiers WHERE kind = ?1 AND value = ?2",
                params![id.kind.as_str(), id.value],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?,
        // Not a number or account the normaliser knows: an exact stored value still works.
        None => tx
            .query_row(
                "SELECT id, kind, value FROM identifiers WHERE value = ?1 ORDER BY id LIMIT 1",
                [input.trim()],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?,
    };
    let Some((id, kind, value)) = found else {
        let shown = parsed.map_or_else(|| input.trim().to_string(), |p| p.value);
        return Err(Error::Invalid(format!("no case holds {shown}")));
    };
    let (flag, reason_col, who_col, at_col): (i64, Option<&str>, Option<&str>, Option<String>) =
        if undo {
            (0, None, None, None)
        } else {
            (1, Some(reason), Some(who), Some(crate::now_text()))
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
            crate::now_text()
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
