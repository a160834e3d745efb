//! A weekly batch's identifiers looked up ahead of the writer, on a thread and a read
//! connection of their own, between the parsing thread and the writer. The writer is
//! the import's bottleneck, and a third of its instructions at a million cases were
//! these lookups (37,000 for 10,000 rows, a B-tree descent or two each); the parsing
//! thread's core had room for them.
//!
//! The read connection sees the database as it was before the file: its read
//! transaction starts after the writer's (which holds the write lock until it commits,
//! after the rows), and a reader never sees a transaction that has not committed. That
//! is what the writer's own lookup of an identifier the file has not written yet sees,
//! so the answers are the ones it would get.
//!
//! Once a chunk is passed on, the same thread reads what the relink will ask of the
//! chunk's identifiers stored before (`link::BeforeBatch`): the relink, after the
//! rows, is the writer's thread alone, and these reads were a third of it.

use std::path::Path;
use std::sync::mpsc::{Receiver, SyncSender};

use rusqlite::{Connection, OpenFlags, OptionalExtension, params};

use super::idmap::NO_NUMBER;
use super::{Chunk, Item};
use crate::Result;

/// What the database held, before the file, under the identifier the file numbered
/// so: its id and the form it is stored with, or nothing (a new identifier).
pub type Answer = (u32, Option<(i64, String)>);

pub struct Lookahead {
    conn: Connection,
    /// Numbers below this were asked already (the file numbers its identifiers in the
    /// order rows come, so a number at or above it is first seen in its row).
    next: u32,
    /// Read for the relink; what is missing it reads itself.
    before: crate::link::BeforeBatch,
}

impl Lookahead {
    /// A read connection on the database at `path`, its snapshot taken now. Call it
    /// inside the writer's transaction (and only in WAL mode: under a rollback journal
    /// the reader's lock would keep the writer from spilling its pages). `rows`: the
    /// file's rows, for the choice to read through a memory map as the writer does.
    pub fn open(path: &Path, rows: usize) -> Result<Lookahead> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(crate::store::BUSY_TIMEOUT)?;
        crate::store::map_reads_for_batch(&conn, rows)?;
        // The snapshot is taken by the first read of the transaction.
        conn.execute_batch("BEGIN")?;
        let _: i64 = conn.query_row("SELECT COUNT(*) FROM schema_migrations", [], |r| r.get(0))?;
        Ok(Lookahead {
            conn,
            next: 0,
            before: crate::link::BeforeBatch::default(),
        })
    }

    /// Hands each chunk of rows from `from` on to `to` with the answers for the
    /// identifiers first numbered in it; returns when `from` ends or `to` hangs up.
    pub fn pass<'t>(&mut self, from: Receiver<Chunk<'t>>, to: SyncSender<Chunk<'t>>) {
        let mut find = self
            .conn
            .prepare(&super::writer::find_identifier_sql())
            .ok();
        let mut reads = crate::link::BeforeReads::new(&self.conn).ok();
        let mut found: Vec<i64> = Vec::new();
        for mut chunk in from {
            if let Some(stmt) = find.as_mut()
                && look_up(stmt, &chunk.items, &mut self.next, &mut chunk.answers).is_err()
            {
                // The writer looks up what is left unanswered: slower, not wrong.
                find = None;
            }
            found.clear();
            found.extend(
                chunk
                    .answers
                    .iter()
                    .filter_map(|(_, a)| a.as_ref().map(|a| a.0)),
            );
            if to.send(chunk).is_err() {
                return;
            }
            // After the chunk is on its way: the writer never waits for these.
            if let Some(stmt) = reads.as_mut() {
                for &identifier in &found {
                    if stmt.read(identifier, &mut self.before).is_err() {
                        // The relink reads what is missing itself.
                        reads = None;
                        break;
                    }
                }
            }
        }
    }

    /// What was read for the relink.
    pub fn into_before(self) -> crate::link::BeforeBatch {
        self.before
    }
}

/// Looks up the identifiers numbered `next` or above in `items`, in order, into
/// `answers`.
fn look_up(
    find: &mut rusqlite::Statement<'_>,
    items: &[Item<'_>],
    next: &mut u32,
    answers: &mut Vec<Answer>,
) -> Result<()> {
    for item in items {
        let Item::Row {
            parsed: Ok(row),
            numbers,
            ..
        } = item
        else {
            continue;
        };
        for (found, &number) in row.identifiers.iter().zip(numbers) {
            if number == NO_NUMBER || number < *next {
                continue;
            }
            let id = &found.identifier;
            let answer = find
                .query_row(params![id.kind.code(), id.value], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })
                .optional()?;
            answers.push((number, answer));
            *next = number + 1;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::headers::ColumnMap;
    use crate::import::idmap::Numbering;
    use crate::import::row::parse_row;
    use crate::store::test_store_with_a_batch;

    /// Rows of one caller each, numbered as the parsing thread numbers them.
    fn chunk<'t>(numbering: &mut Numbering, callers: &[&str]) -> Chunk<'t> {
        let map = ColumnMap::from_headers(["report_no", "caller_number"]).unwrap();
        let items = callers
            .iter()
            .enumerate()
            .map(|(i, caller)| {
                let parsed = parse_row(&map, &[&format!("R{i}"), caller]);
                let numbers = numbering.number_all(&parsed.as_ref().unwrap().identifiers);
                Item::Row {
                    line: i as u64 + 2,
                    original: "",
                    parsed,
                    numbers,
                    prepared: None,
                    end: 0,
                }
            })
            .collect();
        Chunk {
            items,
            answers: Vec::new(),
        }
    }

    /// Inside the writer's transaction, the lookups see the database as it was before
    /// it: an identifier stored before is found with its id and stored form, one the
    /// transaction wrote is not (the writer writes it once, from the file's numbering),
    /// and each number is asked once, in the order the rows come.
    #[test]
    fn the_lookups_see_the_database_as_it_was_before_the_writers_transaction() {
        let (_dir, mut store) = test_store_with_a_batch();
        let stored = |conn: &Connection, value: &str| -> i64 {
            conn.execute(
                crate::store::lean::INSERT_IDENTIFIER,
                params![
                    crate::model::IdKind::Phone.code(),
                    value,
                    None::<&str>,
                    0,
                    0
                ],
            )
            .unwrap();
            conn.last_insert_rowid()
        };
        let before = stored(&store.conn, "+8613812345678");
        let path = store.path().to_path_buf();
        let tx = store
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .unwrap();
        stored(&tx, "+8613987654321");
        let mut ahead = Lookahead::open(&path, 10).unwrap();
        let mut numbering = Numbering::with_capacity(8);
        let first = chunk(
            &mut numbering,
            &["13812345678", "13987654321", "13812345678"],
        );
        let second = chunk(&mut numbering, &["13987654321", "13700000000"]);
        let (to_ahead, from) = std::sync::mpsc::sync_channel(4);
        let (to, answered) = std::sync::mpsc::sync_channel(4);
        to_ahead.send(first).unwrap();
        to_ahead.send(second).unwrap();
        drop(to_ahead);
        ahead.pass(from, to);
        let answers: Vec<Vec<Answer>> = answered.iter().map(|c| c.answers).collect();
        assert_eq!(
            answers,
            [
                vec![(0, Some((before, "13812345678".to_string()))), (1, None)],
                vec![(2, None)],
            ]
        );
        drop(ahead);
        tx.rollback().unwrap();
    }
}
