//! `casebench check`'s core: is the database whole, and do its tables agree? It sits
//! above the store and the linking, whose work it checks.
//!
//! SQLite's own `integrity_check` and `foreign_key_check` first, then what only this
//! application knows: every batch's counts add up (`read = imported + updated +
//! duplicate + rejected`, with its case versions and rejected rows really there),
//! every identifier is held by a case (or is on the ignore list's record), every
//! case–identifier row points at rows that exist, and the stored group ids are what a
//! fresh relink computes. Nothing is written: a read-only database is checked too.

use rusqlite::Connection;

use crate::Result;
use crate::store::Store;

/// Problems listed per check; the rest are counted.
const SHOW: usize = 10;

/// One check and what it found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub check: &'static str,
    /// What was looked at, for the report (`12 batches`).
    pub scope: String,
    /// Empty when the check passed.
    pub problems: Vec<String>,
}

impl Finding {
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }
}

#[derive(Debug, Clone, Default)]
pub struct CheckReport {
    pub findings: Vec<Finding>,
}

impl CheckReport {
    pub fn ok(&self) -> bool {
        self.findings.iter().all(Finding::ok)
    }
}

/// Runs every check. A database too damaged for the consistency checks gets the
/// integrity findings alone.
pub fn check(store: &mut Store) -> Result<CheckReport> {
    let mut report = CheckReport::default();
    let integrity = integrity(&store.conn)?;
    let damaged = !integrity.ok();
    report.findings.push(integrity);
    if damaged {
        return Ok(report);
    }
    report.findings.push(foreign_keys(&store.conn)?);
    report.findings.push(batch_counts(&store.conn)?);
    report.findings.push(dangling_relations(&store.conn)?);
    report.findings.push(orphan_identifiers(&store.conn)?);
    // Relinking over rows that point nowhere proves nothing (and the union-find is
    // sized by the cases that exist): the groups wait until the relations are whole.
    let relations_whole = report
        .findings
        .iter()
        .filter(|f| f.check == "case identifiers")
        .all(Finding::ok);
    report.findings.push(if relations_whole {
        groups(&mut store.conn)?
    } else {
        Finding {
            check: "linked groups",
            scope: "skipped: the problems above come first".into(),
            problems: Vec::new(),
        }
    });
    Ok(report)
}

fn strings(conn: &Connection, sql: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn count(conn: &Connection, sql: &str) -> Result<i64> {
    Ok(conn.query_row(sql, [], |r| r.get(0))?)
}

fn plural(n: usize, word: &str) -> String {
    let many = match word {
        "batch" => "batches".to_string(),
        _ => format!("{word}s"),
    };
    crate::text::plural(n as i128, word, &many)
}

/// Keeps the first `SHOW` problems and says how many more there were.
fn capped(mut problems: Vec<String>, total: usize) -> Vec<String> {
    problems.truncate(SHOW);
    if total > problems.len() {
        problems.push(format!("… and {} more", total - problems.len()));
    }
    problems
}

fn integrity(conn: &Connection) -> Result<Finding> {
    let lines = strings(conn, "PRAGMA integrity_check")?;
    let problems = if lines.len() == 1 && lines[0] == "ok" {
        Vec::new()
    } else {
        let total = lines.len();
        capped(lines, total)
    };
    Ok(Finding {
        check: "integrity_check",
        scope: "SQLite's own check of every page and index".into(),
        problems,
    })
}

fn foreign_keys(conn: &Connection) -> Result<Finding> {
    let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
    let rows = stmt.query_map([], |r| {
        let table: String = r.get(0)?;
        let rowid: Option<i64> = r.get(1)?;
        let parent: String = r.get(2)?;
        Ok(match rowid {
            Some(id) => format!("{table} row {id} points at a missing {parent} row"),
            None => format!("a {table} row points at a missing {parent} row"),
        })
    })?;
    let all: Vec<String> = rows.collect::<rusqlite::Result<_>>()?;
    let total = all.len();
    Ok(Finding {
        check: "foreign keys",
        scope: "every reference between tables".into(),
        problems: capped(all, total),
    })
}

fn batch_counts(conn: &Connection) -> Result<Finding> {
    // A batch's cases by its range of ids (migration 020): a count that disagrees
    // also tells a case outside the range it was given.
    let mut stmt = conn.prepare(&format!(
        "SELECT b.id, b.file_name, b.rows_read, b.imported, b.duplicate, b.rejected,
                (SELECT COUNT(*) FROM cases c WHERE {}),
                (SELECT COUNT(*) FROM rejected_rows r WHERE r.batch_id = b.id),
                b.updated,
                (SELECT COUNT(*) FROM case_versions v WHERE v.batch_id = b.id),
                (SELECT COUNT(*) FROM case_versions v WHERE v.replaced_by = b.id)
           FROM batches b ORDER BY b.id",
        crate::store::batch_cases::of_batch("c", "b.id")
    ))?;
    let mut rows = stmt.query([])?;
    let mut problems = Vec::new();
    let mut batches = 0usize;
    while let Some(r) = rows.next()? {
        batches += 1;
        let id: i64 = r.get(0)?;
        let file: String = r.get(1)?;
        let [read, imported, duplicate, rejected, cases, rejected_rows]: [i64; 6] = [
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
            r.get(6)?,
            r.get(7)?,
        ];
        // Versions the batch brought that a later batch replaced, and the versions
        // it replaced itself.
        let [updated, brought_replaced, replaced]: [i64; 3] = [r.get(8)?, r.get(9)?, r.get(10)?];
        let name = format!("batch {id} ({file})");
        if read != imported + updated + duplicate + rejected {
            problems.push(format!(
                "{name}: {read} read but {imported} imported + {updated} updated + {duplicate} duplicate + {rejected} rejected = {}",
                imported + updated + duplicate + rejected
            ));
        }
        // Each case it imported or updated is its case now, or a version kept since.
        if imported + updated != cases + brought_replaced {
            problems.push(format!(
                "{name}: {imported} imported + {updated} updated but {cases} cases and {brought_replaced} replaced versions from it in the database"
            ));
        }
        if updated != replaced {
            problems.push(format!(
                "{name}: {updated} updated but {replaced} versions kept as replaced by it"
            ));
        }
        if rejected != rejected_rows {
            problems.push(format!(
                "{name}: {rejected} rejected but {rejected_rows} rejected rows kept"
            ));
        }
    }
    let total = problems.len();
    Ok(Finding {
        check: "batch counts",
        scope: format!(
            "{}: read = imported + updated + duplicate + rejected",
            plural(batches, "batch")
        ),
        problems: capped(problems, total),
    })
}

fn dangling_relations(conn: &Connection) -> Result<Finding> {
    let no_case = count(
        conn,
        "SELECT COUNT(*) FROM case_identifiers ci
          WHERE NOT EXISTS (SELECT 1 FROM cases c WHERE c.id = ci.case_id)",
    )?;
    let no_identifier = count(
        conn,
        "SELECT COUNT(*) FROM case_identifiers ci
          WHERE NOT EXISTS (SELECT 1 FROM identifiers i WHERE i.id = ci.identifier_id)",
    )?;
    let rows = count(conn, "SELECT COUNT(*) FROM case_identifiers")?;
    let mut problems = Vec::new();
    if no_case > 0 {
        problems.push(format!("{no_case} case–identifier rows point at no case"));
    }
    if no_identifier > 0 {
        problems.push(format!(
            "{no_identifier} case–identifier rows point at no identifier"
        ));
    }
    Ok(Finding {
        check: "case identifiers",
        scope: format!("{rows} case–identifier rows point at existing rows"),
        problems,
    })
}

fn orphan_identifiers(conn: &Connection) -> Result<Finding> {
    let identifiers = count(conn, "SELECT COUNT(*) FROM identifiers")?;
    let orphans = strings(
        conn,
        "SELECT i.kind || ' ' || i.value FROM identifiers i
          WHERE NOT EXISTS (SELECT 1 FROM case_identifiers ci WHERE ci.identifier_id = i.id)
            -- Kept on purpose when a corrected report dropped it: the ignore stands.
            AND i.ignored = 0
            AND NOT EXISTS (SELECT 1 FROM ignore_log l WHERE l.identifier_id = i.id)
            -- Noted or tagged ahead of the batch that brings it (casework).
            AND NOT EXISTS (SELECT 1 FROM tag_events t
                             WHERE t.target_kind = 2 AND t.target_id = i.id)
            AND NOT EXISTS (SELECT 1 FROM notes n WHERE n.target_kind = 2 AND n.target_id = i.id)
          ORDER BY i.id",
    )?;
    let total = orphans.len();
    let mut problems = if total == 0 {
        Vec::new()
    } else {
        let mut list = vec![format!("{total} identifiers held by no case:")];
        list.extend(orphans.into_iter().take(SHOW).map(|o| format!("  {o}")));
        if total > SHOW {
            list.push(format!("  … and {} more", total - SHOW));
        }
        list
    };
    // Each tier's index keeps (value, kind) unique, the writers the two together.
    let twins = crate::store::tiers::identifiers_in_both_tiers(conn)?;
    if twins > 0 {
        problems.push(format!(
            "{twins} identifiers stored twice (a recent one also merged)"
        ));
    }
    Ok(Finding {
        check: "identifiers held",
        scope: format!("{identifiers} identifiers, each held by a case"),
        problems,
    })
}

/// The groups a fresh relink computes, compared with the stored ones without writing
/// (a read-only database is checked too): a case that would move means the stored
/// group ids are stale or wrong.
fn groups(conn: &mut Connection) -> Result<Finding> {
    let (moved, groups) = crate::link::stale_groups(conn)?;
    let problems = if moved == 0 {
        Vec::new()
    } else {
        vec![format!(
            "{} cases would change group on a fresh relink (stored group ids are stale)",
            moved
        )]
    };
    Ok(Finding {
        check: "linked groups",
        scope: format!(
            "{} as a fresh relink computes them",
            plural(groups, "group")
        ),
        problems,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store_with_a_case() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let csv = dir.path().join("w.csv");
        std::fs::write(
            &csv,
            "report_no,caller_number\nA1,13812345678\nA2,13812345678\n,x\n",
        )
        .unwrap();
        let mut store = Store::open(&dir.path().join("db.sqlite")).unwrap();
        crate::import::import_files(&mut store, &[csv], &mut |_| {
            std::ops::ControlFlow::Continue(())
        });
        (dir, store)
    }

    #[test]
    fn a_fresh_import_passes_every_check() {
        let (_dir, mut store) = store_with_a_case();
        let report = check(&mut store).unwrap();
        assert!(report.ok(), "{report:#?}");
        assert_eq!(report.findings.len(), 6);
    }

    #[test]
    fn broken_counts_relations_and_orphans_are_found() {
        let (_dir, mut store) = store_with_a_case();
        store
            .conn
            .execute_batch(
                "UPDATE batches SET imported = imported + 1;
                 INSERT INTO identifiers (kind_code, value, display_kept) VALUES (0, '+8613900000000', 'x');
                 INSERT INTO identifiers (kind_code, value, tier)
                     SELECT kind_code, value, 1 FROM identifiers WHERE tier = 0 LIMIT 1;
                 PRAGMA foreign_keys = OFF;
                 INSERT INTO case_identifiers (case_id, identifier_id, role, origin, display)
                 VALUES (999, 1, 'caller', 'caller_number', 'x');",
            )
            .unwrap();
        let report = check(&mut store).unwrap();
        let failed: Vec<&str> = report
            .findings
            .iter()
            .filter(|f| !f.ok())
            .map(|f| f.check)
            .collect();
        assert_eq!(
            failed,
            [
                "foreign keys",
                "batch counts",
                "case identifiers",
                "identifiers held",
            ]
        );
        let counts = &report.findings[2].problems;
        assert!(
            counts[0].contains("batch 1 (w.csv): 3 read but 3 imported"),
            "{counts:?}"
        );
        assert!(
            counts[1].contains("3 imported + 0 updated but 2 cases"),
            "{counts:?}"
        );
        assert!(report.findings[5].scope.starts_with("skipped"));
        let held = &report.findings[4].problems;
        assert!(
            held.iter()
                .any(|p| p.starts_with("1 identifiers stored twice")),
            "{held:?}"
        );
    }

    /// A corrected report: the counts add up with `updated` (and the version kept
    /// by it); a batch that claims no update while a version says otherwise is found.
    #[test]
    fn updates_are_counted_and_a_wrong_count_is_found() {
        let (dir, mut store) = store_with_a_case();
        let csv = dir.path().join("w2.csv");
        std::fs::write(&csv, "report_no,caller_number\nA1,13987654321\n").unwrap();
        crate::import::import_files(&mut store, &[csv], &mut |_| {
            std::ops::ControlFlow::Continue(())
        });
        let report = check(&mut store).unwrap();
        assert!(report.ok(), "{report:#?}");
        store
            .conn
            .execute(
                "UPDATE batches SET updated = 0, rows_read = 0 WHERE id = 2",
                [],
            )
            .unwrap();
        let report = check(&mut store).unwrap();
        let counts = &report.findings[2].problems;
        assert!(
            counts
                .iter()
                .any(|p| p.contains("batch 2 (w2.csv): 0 imported + 0 updated but 1 cases")),
            "{counts:?}"
        );
        assert!(
            counts
                .iter()
                .any(|p| p.contains("0 updated but 1 versions kept as replaced by it")),
            "{counts:?}"
        );
    }

    #[test]
    fn stale_groups_are_found_and_left_alone() {
        let (_dir, mut store) = store_with_a_case();
        store.conn.execute("DELETE FROM case_group_of", []).unwrap();
        let report = check(&mut store).unwrap();
        let groups = &report.findings[5];
        assert_eq!(groups.check, "linked groups");
        assert!(
            groups.problems[0].starts_with("2 cases would change group"),
            "{groups:?}"
        );
        // The check changed nothing: the groups are still stale.
        let stale: i64 = store
            .conn
            .query_row(
                "SELECT COUNT(*) FROM cases
                  WHERE id NOT IN (SELECT case_id FROM case_groups)",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(stale, 2);
    }

    /// `check` writes nothing: it runs on a database opened read-only (a copy on a
    /// read-only medium, a file the analyst may not write).
    #[test]
    fn a_read_only_database_is_checked() {
        let (dir, store) = store_with_a_case();
        let path = store.path().to_path_buf();
        drop(store);
        let mut ro = Store::open_read_only(&path).unwrap();
        let report = check(&mut ro).unwrap();
        assert!(
            report.findings.iter().all(|f| f.ok()),
            "{:?}",
            report.findings
        );
        let write = ro.connection().execute("DELETE FROM case_group_of", []);
        assert!(write.is_err(), "the connection is read-only");
        drop(dir);
    }
}
