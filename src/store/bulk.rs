//! Secondary indexes set aside for a bulk write and rebuilt after it, inside the same
//! transaction (a crash leaves them as they were). Building an index once from sorted
//! rows costs a fraction of updating it row by row in random order: measured in
//! BENCHMARKS.md ("What the speed changes gained").

use rusqlite::Connection;

use crate::Result;

/// Indexes dropped by [`set_aside`]: their DDL as the schema holds it, to run again.
#[must_use = "the indexes are gone until rebuilt"]
pub(crate) struct SetAside {
    ddl: Vec<(String, String)>,
}

/// Drops those of `names` that exist, keeping their definitions from the schema itself
/// (so the rebuilt index is the one the migrations made).
pub(crate) fn set_aside(conn: &Connection, names: &[&str]) -> Result<SetAside> {
    let mut ddl = Vec::new();
    let mut find =
        conn.prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?1")?;
    for &name in names {
        let sql: Option<Option<String>> =
            find.query_map([name], |r| r.get(0))?.next().transpose()?;
        // Automatic indexes (UNIQUE, PRIMARY KEY) have no SQL and cannot be dropped.
        if let Some(Some(sql)) = sql {
            ddl.push((name.to_string(), sql));
        }
    }
    for (name, _) in &ddl {
        // The name comes from the caller's constant list and was found in the schema.
        conn.execute_batch(&format!("DROP INDEX \"{name}\""))?;
    }
    Ok(SetAside { ddl })
}

impl SetAside {
    pub(crate) fn rebuild(self, conn: &Connection) -> Result<()> {
        for (_, sql) in &self.ddl {
            conn.execute_batch(sql)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indexes_come_back_as_the_schema_defined_them() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE t (a INTEGER, b TEXT UNIQUE);
             CREATE INDEX t_a ON t(a, b);",
        )
        .unwrap();
        let schema = |conn: &Connection| -> Vec<(String, Option<String>)> {
            conn.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name")
                .unwrap()
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap()
        };
        let before = schema(&conn);
        let aside = set_aside(&conn, &["t_a", "sqlite_autoindex_t_1", "missing"]).unwrap();
        assert_eq!(
            schema(&conn).len(),
            1,
            "only the unique constraint's index is left"
        );
        conn.execute("INSERT INTO t VALUES (1, 'x')", []).unwrap();
        aside.rebuild(&conn).unwrap();
        assert_eq!(schema(&conn), before);
        let used: String = conn
            .query_row("EXPLAIN QUERY PLAN SELECT b FROM t WHERE a = 1", [], |r| {
                r.get(3)
            })
            .unwrap();
        assert!(used.contains("t_a"), "{used}");
    }
}
