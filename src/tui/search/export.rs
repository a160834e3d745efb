//! `e` on search results: every match of the query, in rank order, with the CLI's
//! `search` columns, written a chunk of rows at a time on the export worker. Either
//! engine hands over its ranked case ids as [`Hit`]s, a chunk at a time (explained
//! matches of 600k results at once were 160 MB more); the rows are read back here.

use std::collections::HashMap;
use std::path::Path;

use casebench::export::listings;
use casebench::export::write_rows_file;
use casebench::search::{Hit, HitRow, hit_rows};
use casebench::store::Store;

use crate::tui::export::Counter;

/// Hits whose rows are read from the database at once.
const ROWS_AT_ONCE: usize = 1024;

/// Results handed over per call of a [`Chunks`] at most (small in tests, so that
/// they cross chunks).
pub const CHUNK: usize = if cfg!(test) { 1000 } else { 20_000 };

/// The next results in rank order, None when there are no more.
pub type Chunks<'a> = dyn FnMut() -> casebench::Result<Option<Vec<Hit>>> + 'a;

/// Writes the hits `next` hands over (ranked) to `path`; returns the rows written.
pub fn write_hits(
    store: &Store,
    path: &Path,
    unmask: bool,
    next: &mut Chunks<'_>,
    progress: &mut dyn FnMut(usize),
) -> casebench::Result<usize> {
    let mut count = Counter::new(progress);
    write_rows_file(
        listings::columns(&listings::SEARCH_COLUMNS),
        None,
        path,
        &mut |w| {
            while let Some(hits) = next()? {
                write_chunk(store, w, &hits, unmask, &mut count)?;
            }
            Ok(())
        },
    )
}

fn write_chunk(
    store: &Store,
    w: &mut casebench::export::RowWriter<'_>,
    hits: &[Hit],
    unmask: bool,
    count: &mut Counter<'_>,
) -> casebench::Result<()> {
    {
        for chunk in hits.chunks(ROWS_AT_ONCE) {
            let rows = hit_rows(store, chunk)?;
            let by_case: HashMap<i64, &HitRow> = rows.iter().map(|r| (r.case_id, r)).collect();
            for hit in chunk {
                // A case deleted since the search ran has no row.
                let Some(row) = by_case.get(&hit.case_id) else {
                    continue;
                };
                let cells = listings::search_row(hit, row, listings::hit_script(row, unmask));
                count.row(w, &cells)?;
            }
        }
        Ok(())
    }
}
