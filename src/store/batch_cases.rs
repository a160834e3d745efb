//! A batch's cases as the store finds them (migration 020): by the range of ids the
//! batch gave the cases it added (`batches.first_case_id`, `last_case_id`), and by
//! the versions it replaced (`case_versions.replaced_by`), not by an index on every
//! case's batch. Case ids grow with each import and cases are never deleted, so the
//! cases a batch added are one stretch of ids; a case leaves it for a later batch only
//! when that batch corrects it, and that batch keeps the version it replaced.
//!
//! Every reader that picks cases by their batch goes through [`of_batch`] or
//! [`added_by`]: SQLite then reads that stretch of `cases` by rowid (and the corrected
//! cases by `case_versions_replaced_by`) instead of looking for a `batch_id`.

/// The cases whose batch is the one bound as `batch` (an SQL parameter or column such
/// as `?1` or `b.id`), as a condition on the cases aliased `alias`: the same rows as
/// `alias.batch_id = batch`.
pub fn of_batch(alias: &str, batch: &str) -> String {
    format!(
        "({alias}.batch_id = {batch}
          AND ({alias}.id BETWEEN (SELECT r.first_case_id FROM batches r WHERE r.id = {batch})
                              AND (SELECT r.last_case_id FROM batches r WHERE r.id = {batch})
               OR {alias}.id IN (SELECT v.case_id FROM case_versions v
                                  WHERE v.replaced_by = {batch})))"
    )
}

/// The cases the batch bound as `batch` added and still holds (not corrected since,
/// by itself or a later batch), as a condition on the cases aliased `alias`: the same
/// rows as `alias.batch_id = batch AND alias.id NOT IN (the cases it corrected)`.
pub fn added_by(alias: &str, batch: &str) -> String {
    format!(
        "({alias}.id BETWEEN (SELECT r.first_case_id FROM batches r WHERE r.id = {batch})
                         AND (SELECT r.last_case_id FROM batches r WHERE r.id = {batch})
          AND {alias}.batch_id = {batch}
          AND {alias}.id NOT IN (SELECT v.case_id FROM case_versions v
                                  WHERE v.replaced_by = {batch}))"
    )
}

/// The last id the batch bound as `batch` gave a case it added (SQL, NULL when it
/// added none). A batch's cases at or above its first new one end there: a later
/// case is a later batch's, which an earlier batch cannot have corrected. Bounding a
/// range of new cases by it lets SQLite start from them rather than from the links.
pub fn last_added(batch: &str) -> String {
    format!("(SELECT r.last_case_id FROM batches r WHERE r.id = {batch})")
}

/// Records the ids the batch `batch_id` gave the cases it added (`None`: it added
/// none), for [`of_batch`] and [`added_by`]. Called once, as the batch's counts are.
pub fn record_added(
    conn: &rusqlite::Connection,
    batch_id: i64,
    ids: Option<(i64, i64)>,
) -> crate::Result<()> {
    conn.execute(
        "UPDATE batches SET first_case_id = ?2, last_case_id = ?3 WHERE id = ?1",
        rusqlite::params![batch_id, ids.map(|r| r.0), ids.map(|r| r.1)],
    )?;
    Ok(())
}
