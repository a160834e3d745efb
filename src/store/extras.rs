//! A case's unknown columns (`extra`, a JSON object) as stored since migration 019:
//! each distinct text once in `case_extras`, the case row holding its id (`extra_id`,
//! NULL for none). This module owns both directions: [`text_of`], the one expression
//! every reader takes the text through, and [`Extras`], the import's map text → id.

use std::collections::HashMap;

use rusqlite::{Statement, Transaction};

use crate::Result;

/// The SQL expression for the `extra` text of the case row aliased `alias`: the empty
/// text for a row with no unknown columns, as the column held before migration 019.
/// A subquery by the text's primary key (one seek), so that a reader's plan over
/// `cases` is unchanged (a join would be one more table in each of them).
pub fn text_of(alias: &str) -> String {
    format!("COALESCE((SELECT e.text FROM case_extras e WHERE e.id = {alias}.extra_id), '')")
}

/// The ids of the stored texts, read whole as an import begins (a few dozen rows: files
/// repeat a few police stations or districts), and of those the import inserts as they
/// come. The import is the one writer of `case_extras`, under its write lock, so each
/// text is stored once without an index on it.
pub struct Extras<'t> {
    insert: Statement<'t>,
    known: HashMap<String, i64>,
}

impl<'t> Extras<'t> {
    pub fn new(tx: &'t Transaction<'t>) -> Result<Self> {
        let known = tx
            .prepare("SELECT text, id FROM case_extras")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Extras {
            insert: tx.prepare("INSERT INTO case_extras (text) VALUES (?1)")?,
            known,
        })
    }

    /// The id to store for `text` (None for the empty text: no unknown columns).
    pub fn id(&mut self, text: &str) -> Result<Option<i64>> {
        if text.is_empty() {
            return Ok(None);
        }
        if let Some(&id) = self.known.get(text) {
            return Ok(Some(id));
        }
        let id = self.insert.insert([text])?;
        self.known.insert(text.to_string(), id);
        Ok(Some(id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same text gets the same id within an import and in the next one; the empty
    /// text none; the text reads back through `text_of`.
    #[test]
    fn each_text_is_stored_once_and_read_back() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        super::super::migrate::apply(&mut conn).unwrap();
        let a = r#"{"派出所":"高新区派出所"}"#;
        let b = r#"{"派出所":"城关派出所"}"#;
        let first = {
            let tx = conn.transaction().unwrap();
            let ids = {
                let mut extras = Extras::new(&tx).unwrap();
                [a, b, a, ""].map(|t| extras.id(t).unwrap())
            };
            tx.commit().unwrap();
            ids
        };
        assert_eq!(first[0], first[2]);
        assert_ne!(first[0], first[1]);
        assert_eq!(first[3], None);
        let tx = conn.transaction().unwrap();
        let again = Extras::new(&tx).unwrap().id(b).unwrap();
        assert_eq!(again, first[1], "a later import finds the stored text");
        let n: i64 = tx
            .query_row("SELECT COUNT(*) FROM case_extras", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 2);
        let read: String = tx
            .query_row(
                &format!("SELECT {} FROM (SELECT ?1 AS extra_id) x", text_of("x")),
                [first[0]],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(read, a);
    }
}
