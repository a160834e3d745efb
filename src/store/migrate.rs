//! Numbered migrations from `db/migrations/`, embedded at build time, applied in order
//! at open and recorded in `schema_migrations`.

use rusqlite::{Connection, params};

use crate::Result;

/// (version, name, sql), from the files of `db/migrations/` (see build.rs). Append
/// only: a shipped migration never changes.
const MIGRATIONS: &[(i64, &str, &str)] = include!(concat!(env!("OUT_DIR"), "/migrations.rs"));

pub fn apply(conn: &mut Connection) -> Result<()> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
             version    INTEGER PRIMARY KEY,
             name       TEXT NOT NULL,
             applied_at TEXT NOT NULL
         )",
    )?;
    // Opening must not wait for a running import: read the version first and take
    // the write lock only when there is something to apply.
    let latest = MIGRATIONS.last().map_or(0, |m| m.0);
    let current: i64 = conn.query_row(
        "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
        [],
        |r| r.get(0),
    )?;
    if current >= latest {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let current: i64 = tx.query_row(
        "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
        [],
        |r| r.get(0),
    )?;
    for (version, name, sql) in MIGRATIONS.iter().filter(|m| m.0 > current) {
        tx.execute_batch(sql)?;
        tx.execute(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)",
            params![version, name, crate::now_text()],
        )?;
    }
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_numbered_in_order_and_applied_once() {
        assert!(MIGRATIONS.len() >= 2 && MIGRATIONS[0].0 == 1);
        for pair in MIGRATIONS.windows(2) {
            assert_eq!(pair[1].0, pair[0].0 + 1, "migrations must be consecutive");
        }
        let mut conn = Connection::open_in_memory().unwrap();
        apply(&mut conn).unwrap();
        apply(&mut conn).unwrap();
        let n: i64 = conn
            .query_row("SELECT COUNT(*) FROM schema_migrations", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, MIGRATIONS.len() as i64);
    }

    #[test]
    fn group_ids_move_to_their_own_table_with_their_cases() {
        let mut conn = Connection::open_in_memory().unwrap();
        for (_, _, sql) in &MIGRATIONS[..3] {
            conn.execute_batch(sql).unwrap();
        }
        conn.execute_batch(
            "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL,
                                             applied_at TEXT NOT NULL);
             INSERT INTO schema_migrations VALUES (1, 'a', ''), (2, 'b', ''), (3, 'c', '');
             INSERT INTO batches (id, file_name, path, sha256, encoding, imported_at)
                  VALUES (1, 'w.csv', 'w.csv', 'x', 'UTF-8', '');
             INSERT INTO cases (id, report_no, batch_id, line, reported_at_raw, occurred_at_raw,
                  victim_name, victim_phone, caller_raw, account_raw, contact_raw, amount_raw,
                  scam_type, script, extra, original, content_hash, group_id)
             VALUES (1, 'A1', 1, 2, '', '', '', '', '', '', '', '', '', '', '{}', 'A1', 'h', 'G-A1'),
                    (2, 'A2', 1, 3, '', '', '', '', '', '', '', '', '', '', '{}', 'A2', 'h', 'G-A1'),
                    (3, 'A3', 1, 4, '', '', '', '', '', '', '', '', '', '', '{}', 'A3', 'h', NULL);",
        )
        .unwrap();
        apply(&mut conn).unwrap();
        let groups: Vec<(i64, String)> = conn
            .prepare("SELECT case_id, group_id FROM case_groups ORDER BY case_id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(groups, [(1, "G-A1".to_string()), (2, "G-A1".to_string())]);
        let cases: i64 = conn
            .query_row("SELECT COUNT(*) FROM cases", [], |r| r.get(0))
            .unwrap();
        assert_eq!(cases, 3, "no case is lost by the column's move");
    }
}
