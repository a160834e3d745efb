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
    // A migration that rebuilds a table drops the old one, which foreign keys would
    // refuse while rows point at it: SQLite's procedure turns them off (outside the
    // transaction, where the pragma works). Such a migration copies every row with its
    // id. SQLite's full `foreign_key_check` after it is left to `casebench check`:
    // run on every reference at open, it took 12 s at a million cases.
    let keys: bool = conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?;
    conn.pragma_update(None, "foreign_keys", "OFF")?;
    let applied = apply_pending(conn);
    conn.pragma_update(None, "foreign_keys", keys)?;
    applied?;
    // Migrations 011, 015, 016 and 017 rewrite the big tables in place, leaving the old pages
    // free (a 1.6 GB database of a million cases stood at 1.9 GB after 011): written
    // again compactly (0.96 GB, 9 s). Only worth it for a database that held cases;
    // should another connection hold it open, the space is reclaimed by a later
    // `VACUUM` instead.
    if current > 0 && REWRITES.iter().any(|&m| current < m && latest >= m) {
        let _ = conn.execute_batch("VACUUM");
    }
    Ok(())
}

/// The migrations that rewrite `cases`: 011 sheds the verbatim row
/// (`011_lean_store.sql`), 015 what a case row repeats (`015_leaner_cases.sql`), 016
/// the scam type as written (`016_scam_type_spellings.sql`), 017 the groups as the
/// cases that name them and the date index (`017_group_cases.sql`), 019 the unknown
/// columns as ids of their texts (`019_case_extras.sql`); 020 drops the index on every
/// case's batch (`020_batch_case_ranges.sql`), leaving its pages free.
const REWRITES: [i64; 6] = [11, 15, 16, 17, 19, 20];

/// Whether migrations wait to be applied (a database made by an older casebench).
pub fn pending(conn: &Connection) -> Result<bool> {
    let table: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE name = 'schema_migrations')",
        [],
        |r| r.get(0),
    )?;
    if !table {
        return Ok(true);
    }
    let current: i64 = conn.query_row(
        "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
        [],
        |r| r.get(0),
    )?;
    Ok(current < MIGRATIONS.last().map_or(0, |m| m.0))
}

fn apply_pending(conn: &mut Connection) -> Result<()> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let current: i64 = tx.query_row(
        "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
        [],
        |r| r.get(0),
    )?;
    for (version, name, sql) in MIGRATIONS.iter().filter(|m| m.0 > current) {
        run(&tx, sql)?;
        tx.execute(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)",
            params![version, name, crate::now_text()],
        )?;
    }
    tx.commit()?;
    Ok(())
}

/// Runs a migration's SQL, handing over to the Rust step each `-- @rust: STEP` line
/// names (`store::lean`) where it stands.
fn run(tx: &rusqlite::Transaction<'_>, sql: &str) -> Result<()> {
    let mut chunk = String::new();
    for line in sql.lines() {
        match line.trim().strip_prefix("-- @rust:") {
            Some(step) => {
                tx.execute_batch(&chunk)?;
                chunk.clear();
                super::lean::run_step(tx, step.trim())?;
            }
            None => {
                chunk.push_str(line);
                chunk.push('\n');
            }
        }
    }
    tx.execute_batch(&chunk)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::count_rows;

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

    /// A database as the first `version` migrations left it, recorded as applied.
    fn database_at(version: usize) -> Connection {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL,
                                             applied_at TEXT NOT NULL);",
        )
        .unwrap();
        let tx = conn.transaction().unwrap();
        for (number, name, sql) in &MIGRATIONS[..version] {
            // `run`, as `apply` does: a migration may have steps in Rust.
            run(&tx, sql).unwrap();
            tx.execute(
                "INSERT INTO schema_migrations VALUES (?1, ?2, '')",
                params![number, name],
            )
            .unwrap();
        }
        tx.commit().unwrap();
        conn
    }

    /// A database from before the taxonomy: its cases get their codes when it is next
    /// opened, the column's through the alias table, an empty column's from the script.
    #[test]
    fn cases_stored_before_the_taxonomy_are_typed_when_opened() {
        let mut conn = database_at(9);
        conn.execute_batch(
            "INSERT INTO batches (id, file_name, path, sha256, encoding, imported_at)
                  VALUES (1, 'w.csv', 'w.csv', 'x', 'UTF-8', '');
             INSERT INTO cases (id, report_no, batch_id, line, reported_at_raw, occurred_at_raw,
                  victim_name, victim_phone, caller_raw, account_raw, contact_raw, amount_raw,
                  scam_type, script, extra, original, content_hash)
             VALUES (1, 'A1', 1, 2, '', '', '', '', '', '', '', '', '冒充京东客服', '', '{}', '', 'h'),
                    (2, 'A2', 1, 3, '', '', '', '', '', '', '', '', ' ',
                     '对方在网上招募兼职刷单员，称完成点赞任务即可返利，受害人先垫付本金后无法提现',
                     '{}', '', 'h'),
                    (3, 'A3', 1, 4, '', '', '', '', '', '', '', '', '新说法', '', '{}', '', 'h');",
        )
        .unwrap();
        apply(&mut conn).unwrap();
        let table = crate::scamtype::AliasTable::built_in();
        assert!(crate::store::scam_types::sync(&mut conn, &table).unwrap());
        let codes: Vec<(i64, i64)> = conn
            .prepare("SELECT scam_type_code, scam_type_source FROM cases ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        use crate::scamtype::{Code, Source};
        assert_eq!(
            codes,
            [
                (Code::CustomerService.id(), Source::Column.id()),
                (Code::OrderBrushing.id(), Source::Script.id()),
                (Code::Other.id(), Source::Column.id()),
            ]
        );
    }

    #[test]
    fn group_ids_move_to_their_own_table_with_their_cases() {
        let mut conn = database_at(3);
        conn.execute_batch(
            "INSERT INTO batches (id, file_name, path, sha256, encoding, imported_at)
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

    #[test]
    fn identifiers_keep_their_ids_and_references_when_their_key_becomes_an_index() {
        let mut conn = database_at(4);
        conn.execute_batch(
            "PRAGMA foreign_keys = ON;
             INSERT INTO batches (id, file_name, path, sha256, encoding, imported_at)
                  VALUES (1, 'w.csv', 'w.csv', 'x', 'UTF-8', '');
             INSERT INTO cases (id, report_no, batch_id, line, reported_at_raw, occurred_at_raw,
                  victim_name, victim_phone, caller_raw, account_raw, contact_raw, amount_raw,
                  scam_type, script, extra, original, content_hash)
             VALUES (1, 'A1', 1, 2, '', '', '', '', '', '', '', '', '', '', '{}', 'A1', 'h');
             INSERT INTO identifiers (id, kind, value, display, official, ignored,
                                      ignored_reason)
                  VALUES (7, 'phone', '+8613812345678', '138 1234 5678', 0, 1, 'a shop'),
                         (9, 'card', '6222021234567890123', '6222…', 0, 0, NULL);
             INSERT INTO case_identifiers (case_id, identifier_id, role, origin, display)
                  VALUES (1, 7, 'caller', 'caller_number', '138'),
                         (1, 9, 'account', 'receiving_account', '6222');
             INSERT INTO ignore_log (identifier_id, action, reason, who, at)
                  VALUES (7, 'ignore', 'a shop', 'me', '');
             -- A row broken before (an old database's): not the migration's doing.
             PRAGMA foreign_keys = OFF;
             INSERT INTO ignore_log (identifier_id, action, reason, who, at)
                  VALUES (99, 'ignore', 'gone', 'me', '');
             PRAGMA foreign_keys = ON;",
        )
        .unwrap();
        apply(&mut conn).unwrap();

        let rows: Vec<(i64, String, String, i64, Option<String>)> = conn
            .prepare("SELECT id, kind, value, ignored, ignored_reason FROM identifiers ORDER BY id")
            .unwrap()
            .query_map([], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(
            rows,
            [
                (
                    7,
                    "phone".into(),
                    "+8613812345678".into(),
                    1,
                    Some("a shop".into())
                ),
                (9, "card".into(), "6222021234567890123".into(), 0, None),
            ]
        );
        let broken: i64 = conn
            .query_row("SELECT COUNT(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(broken, 1, "only the row broken before");
        use crate::model::IdKind;
        let insert = crate::store::lean::INSERT_IDENTIFIER;
        let duplicate = conn.execute(
            insert,
            params![IdKind::Card.code(), "6222021234567890123", "x", 0, 0],
        );
        assert!(duplicate.is_err(), "(kind, value) is still unique");
        let keys: bool = conn
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
            .unwrap();
        assert!(keys, "foreign keys are back on after the migrations");
        let orphan = conn.execute(
            "INSERT INTO case_identifiers (case_id, identifier_id, role, origin, display)
                  VALUES (1, 12345, 'caller', 'caller_number', 'x')",
            [],
        );
        assert!(
            orphan.is_err(),
            "references to identifiers are still enforced"
        );
    }
    /// Migration 007: the same uniqueness under the value-first key, which the
    /// lookups by (kind, value) use.
    #[test]
    fn the_identifier_key_puts_the_value_first_and_stays_unique() {
        let mut conn = database_at(6);
        conn.execute_batch(
            "INSERT INTO identifiers (id, kind, value, display)
                  VALUES (1, 'phone', '+8613812345678', '138'),
                         (2, 'qq', '771234567', '771234567');",
        )
        .unwrap();
        apply(&mut conn).unwrap();
        let indexes: Vec<String> = conn
            .prepare(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'identifiers'
                  ORDER BY name",
            )
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(
            indexes,
            [
                "identifiers_excluded",
                // Migration 013's, for the cold lookups (a tier each since 021).
                "identifiers_last4",
                "identifiers_last4_recent",
                "identifiers_starred",
                "identifiers_value_kind",
                "identifiers_value_kind_recent"
            ]
        );
        use crate::model::IdKind;
        let insert = crate::store::lean::INSERT_IDENTIFIER;
        let duplicate = conn.execute(insert, params![IdKind::Qq.code(), "771234567", "x", 0, 0]);
        assert!(duplicate.is_err(), "(kind, value) is still unique");
        // The same value under another kind is another identifier.
        conn.execute(insert, params![IdKind::Card.code(), "771234567", "x", 0, 0])
            .unwrap();
        let plan: Vec<String> = conn
            .prepare(concat!(
                "EXPLAIN QUERY PLAN SELECT id FROM identifiers WHERE kind = 'qq' AND value = '1'
                  AND ",
                crate::both_tiers!("")
            ))
            .unwrap()
            .query_map([], |r| r.get(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let plan = plan.join("\n");
        assert!(
            plan.contains("INDEX identifiers_value_kind (value=?)"),
            "{plan}"
        );
    }

    /// Migration 016: each case's scam type reads back as written, whether it is one
    /// of the usual spellings (kept as a number) or not (kept as text, even one that
    /// looks like a number), and a case written afterwards the same.
    #[test]
    fn scam_types_read_back_as_written_when_kept_as_spellings() {
        let mut conn = database_at(15);
        let written = [
            "冒充京东客服",
            "其他",
            "123",
            " 刷单返利",
            "",
            "fraud",
            "刷单返利",
        ];
        conn.execute(
            "INSERT INTO batches (id, file_name, path, sha256, encoding, imported_at)
                  VALUES (1, 'w.csv', 'w.csv', 'x', 'UTF-8', '')",
            [],
        )
        .unwrap();
        for (i, t) in written.iter().enumerate() {
            conn.execute(
                "INSERT INTO cases (report_no, batch_id, line, victim_name, victim_phone,
                    caller_raw, account_raw, contact_raw, amount_raw, scam_type, script, extra)
                 VALUES (?1, 1, ?2, '', '', '', '', '', '', ?3, '', '')",
                params![format!("R{i}"), i as i64 + 2, t],
            )
            .unwrap();
        }
        apply(&mut conn).unwrap();
        conn.execute(
            "INSERT INTO cases (report_no, batch_id, line, victim_name, victim_phone,
                caller_raw, account_raw, contact_raw, amount_raw, scam_type_spelling, script)
             VALUES ('R9', 1, 9, '', '', '', '', '', '', ?1, '')",
            [crate::store::lean::ScamTypeSpelling("冒充公检法机关")],
        )
        .unwrap();
        let read: Vec<(String, String)> = conn
            .prepare("SELECT scam_type, typeof(scam_type_spelling) FROM cases ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let expected: Vec<(String, String)> = written
            .iter()
            .chain(&["冒充公检法机关"])
            .map(|t| {
                let kept = match crate::store::lean::SCAM_TYPE_SPELLINGS.contains(t) {
                    true => "integer",
                    false => "text",
                };
                (t.to_string(), kept.to_string())
            })
            .collect();
        assert_eq!(read, expected);
        assert_eq!(
            expected.iter().filter(|(_, k)| k == "integer").count(),
            4,
            "the usual spellings are kept as numbers"
        );
    }

    /// Migration 017: each group is kept as the case that names it and reads back
    /// with the same id; an id that names no case (not written by this code) is
    /// replaced by its earliest case's, undated cases last; the date index serves a
    /// date range.
    #[test]
    fn groups_are_kept_as_the_cases_that_name_them() {
        let mut conn = database_at(16);
        conn.execute_batch(
            "INSERT INTO batches (id, file_name, path, sha256, encoding, imported_at)
                  VALUES (1, 'w.csv', 'w.csv', 'x', 'UTF-8', '');
             INSERT INTO cases (id, report_no, batch_id, line, reported_at, victim_name,
                    victim_phone, caller_raw, account_raw, contact_raw, amount_raw,
                    scam_type_spelling, script, extra)
             VALUES (1, 'B2', 1, 2, '2026-11-02', '', '', '', '', '', '', '', '', ''),
                    (2, 'B1', 1, 3, '2026-11-03', '', '', '', '', '', '', '', '', ''),
                    (3, 'C1', 1, 4, NULL, '', '', '', '', '', '', '', '', ''),
                    (4, 'C2', 1, 5, '2026-11-05', '', '', '', '', '', '', '', '', ''),
                    (5, 'C3', 1, 6, '2026-11-05', '', '', '', '', '', '', '', '', ''),
                    (6, 'D1', 1, 7, '2026-11-01', '', '', '', '', '', '', '', '', '');
             INSERT INTO case_groups (case_id, group_id)
             VALUES (1, 'G-B2'), (2, 'G-B2'), (3, 'G-legacy'), (4, 'G-legacy'), (5, 'G-legacy');",
        )
        .unwrap();
        apply(&mut conn).unwrap();
        let groups: Vec<(i64, i64, String)> = conn
            .prepare("SELECT case_id, group_case, group_id FROM case_groups ORDER BY case_id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let group = |case, by: i64, id: &str| (case, by, id.to_string());
        assert_eq!(
            groups,
            [
                group(1, 1, "G-B2"),
                group(2, 1, "G-B2"),
                group(3, 4, "G-C2"),
                group(4, 4, "G-C2"),
                group(5, 4, "G-C2"),
            ]
        );
        let plan: String = conn
            .query_row(
                "EXPLAIN QUERY PLAN SELECT id FROM cases WHERE reported_at >= '2026-11-03'",
                [],
                |r| r.get(3),
            )
            .unwrap();
        assert!(plan.contains("cases_reported_at"), "{plan}");
    }

    /// A batch's cases are found by the ids it gave them and the versions it replaced
    /// once the index on every case's batch is gone: the same cases as by `batch_id`,
    /// a corrected case under the batch that corrected it.
    #[test]
    fn batches_find_their_cases_by_their_ranges_of_ids() {
        let mut conn = database_at(19);
        conn.execute_batch(
            "INSERT INTO batches (id, file_name, path, sha256, encoding, imported_at)
                  VALUES (1, 'a.csv', 'a.csv', 'a', 'UTF-8', ''),
                         (2, 'b.csv', 'b.csv', 'b', 'UTF-8', ''),
                         (3, 'c.csv', 'c.csv', 'c', 'UTF-8', ''),
                         (4, 'd.csv', 'd.csv', 'd', 'UTF-8', '');
             INSERT INTO cases (id, report_no, batch_id, line, victim_name, victim_phone,
                    caller_raw, account_raw, contact_raw, amount_raw, script)
             VALUES (1, 'A1', 1, 2, '', '', '', '', '', '', ''),
                    (2, 'A2', 3, 2, '', '', '', '', '', '', ''),
                    (3, 'A3', 1, 4, '', '', '', '', '', '', ''),
                    (4, 'B1', 2, 2, '', '', '', '', '', '', ''),
                    (5, 'B2', 4, 3, '', '', '', '', '', '', ''),
                    (6, 'C1', 3, 3, '', '', '', '', '', '', '');
             INSERT INTO case_versions (id, case_id, batch_id, line, replaced_by,
                    reported_at_raw, occurred_at_raw, victim_name, victim_phone, caller_raw,
                    account_raw, contact_raw, amount_raw, scam_type, script, extra,
                    content_hash)
             VALUES (1, 2, 1, 3, 3, '', '', '', '', '', '', '', '', '', '', '', x'00'),
                    (2, 5, 2, 3, 3, '', '', '', '', '', '', '', '', '', '', '', x'00'),
                    (3, 5, 3, 2, 4, '', '', '', '', '', '', '', '', '', '', '', x'00');",
        )
        .unwrap();
        apply(&mut conn).unwrap();
        let ranges: Vec<(i64, Option<i64>, Option<i64>)> = conn
            .prepare("SELECT id, first_case_id, last_case_id FROM batches ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(
            ranges,
            [
                (1, Some(1), Some(3)),
                (2, Some(4), Some(5)),
                (3, Some(6), Some(6)),
                (4, None, None)
            ]
        );
        let ids = |sql: &str, batch: i64| -> Vec<i64> {
            conn.prepare(sql)
                .unwrap()
                .query_map([batch], |r| r.get(0))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap()
        };
        use crate::store::batch_cases::{added_by, of_batch};
        let of = format!(
            "SELECT c.id FROM cases c WHERE {} ORDER BY c.id",
            of_batch("c", "?1")
        );
        let added = format!(
            "SELECT c.id FROM cases c WHERE {} ORDER BY c.id",
            added_by("c", "?1")
        );
        let expected = [vec![1, 3], vec![4], vec![2, 6], vec![5]];
        for (batch, cases) in (1..=4).zip(expected) {
            let by_column = "SELECT id FROM cases WHERE batch_id = ?1 ORDER BY id";
            assert_eq!(ids(by_column, batch), cases, "batch {batch}");
            assert_eq!(ids(&of, batch), cases, "batch {batch}");
        }
        // Added and still held: not the cases a batch corrected.
        assert_eq!(ids(&added, 3), [6]);
        assert_eq!(ids(&added, 4), Vec::<i64>::new());
        let gone = count_rows(
            &conn,
            "SELECT COUNT(*) FROM sqlite_master WHERE name = 'cases_batch'",
        );
        assert_eq!(gone, 0);
        let plan: String = conn
            .query_row(&format!("EXPLAIN QUERY PLAN {of}"), [1], |r| r.get(3))
            .unwrap();
        assert!(
            plan.contains("MULTI-INDEX OR") || plan.contains("rowid"),
            "{plan}"
        );
    }

    /// Migration 021 on a database made by 020: the same identifiers and links in both
    /// tiers read back through the view and found by value, last four and identifier;
    /// each tier's (value, kind) is still unique and the indexes are the tiers' own.
    #[test]
    fn each_tier_gets_its_own_indexes_and_reads_the_same() {
        let mut conn = database_at(20);
        conn.execute_batch(
            "INSERT INTO batches (id, file_name, path, sha256, encoding, imported_at)
                  VALUES (1, 'a.csv', 'a.csv', 'a', 'UTF-8', '');
             INSERT INTO cases (id, report_no, batch_id, line, victim_name, victim_phone,
                    caller_raw, account_raw, contact_raw, amount_raw, script)
             VALUES (1, 'A1', 1, 2, '', '', '', '', '', '', ''),
                    (2, 'A2', 1, 3, '', '', '', '', '', '', ''),
                    (3, 'A3', 1, 4, '', '', '', '', '', '', '');
             INSERT INTO identifiers (id, kind_code, value, tier)
             VALUES (1, 0, '+8613800005678', 0), (2, 2, '5678', 0), (3, 0, '+8613900005678', 1),
                    (4, 2, '771234567', 1);
             INSERT INTO case_identifier_codes (case_id, identifier_id, role, origin, side, tier)
             VALUES (1, 1, 0, 5, 0, 0), (2, 1, 0, 5, 0, 1), (2, 3, 0, 5, 0, 1),
                    (3, 2, 0, 5, 0, 0), (3, 4, 0, 5, 0, 1);",
        )
        .unwrap();
        let links = "SELECT case_id, identifier_id, role FROM case_identifiers
                      ORDER BY case_id, identifier_id";
        let read = |conn: &Connection, sql: &str| -> Vec<String> {
            let mut stmt = conn.prepare(sql).unwrap();
            let n = stmt.column_count();
            stmt.query_map([], |r| {
                Ok((0..n)
                    .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
                    .collect::<Vec<_>>()
                    .join(","))
            })
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
        };
        let before = read(&conn, links);
        apply(&mut conn).unwrap();
        assert_eq!(read(&conn, links), before);
        let both = crate::both_tiers!("");
        for (sql, expected) in [
            (
                format!("SELECT id FROM identifiers WHERE substr(value, -4) = '5678' AND {both}"),
                vec!["Integer(1)", "Integer(2)", "Integer(3)"],
            ),
            (
                format!("SELECT id FROM identifiers WHERE value = '771234567' AND {both}"),
                vec!["Integer(4)"],
            ),
            (
                "SELECT case_id FROM case_identifiers WHERE identifier_id = 1".to_string(),
                vec!["Integer(1)", "Integer(2)"],
            ),
        ] {
            let mut found = read(&conn, &sql);
            found.sort();
            assert_eq!(found, expected, "{sql}");
            let plan = crate::store::tiers::tests::query_plan(&conn, &sql);
            assert!(plan.contains("MULTI-INDEX OR"), "{sql}: {plan}");
            assert!(plan.contains("_recent"), "{sql}: {plan}");
        }
        let insert = "INSERT INTO identifiers (kind_code, value, tier) VALUES (?1, ?2, ?3)";
        // Unique within a tier, as before; across the tiers the writers look up first.
        assert!(
            conn.execute(insert, params![0, "+8613900005678", 1])
                .is_err()
        );
        assert!(
            conn.execute(insert, params![0, "+8613800005678", 0])
                .is_err()
        );
        let led_by_tier = count_rows(
            &conn,
            "SELECT COUNT(*) FROM sqlite_master
              WHERE type = 'index' AND sql LIKE '%(tier,%'",
        );
        // Only the starred values' small index keeps the tier first.
        assert_eq!(led_by_tier, 1);
    }

    /// The spellings are written into SQL as literals: none may hold a quote, and
    /// none twice (the first place would win).
    #[test]
    fn scam_type_spellings_are_distinct_sql_literals() {
        let list = crate::store::lean::SCAM_TYPE_SPELLINGS;
        assert!(list.iter().all(|s| !s.contains('\'') && !s.is_empty()));
        let mut sorted = list.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), list.len());
    }
}
