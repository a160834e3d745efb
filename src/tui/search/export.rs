//! `e` on search results: every match of the query, in rank order, with the CLI's
//! `search` columns, written a chunk of rows at a time on the export worker. The core
//! ranks (`search::each_ranked`: the index once built, else SQLite for the queries
//! it answers) and reads the rows (`search::hit_rows`); this only writes them.

use casebench::export::listings;
use casebench::export::write_rows_file;
use casebench::search::{SharedIndex, each_ranked, hit_rows};

use crate::tui::export::Counter;
use crate::tui::jobs::BuildExport;

/// Hits whose rows are read from the database at once.
const ROWS_AT_ONCE: usize = 1024;

/// Results ranked per chunk at most (small in tests, so that they cross chunks).
pub const CHUNK: usize = if cfg!(test) { 1000 } else { 20_000 };

/// The export of every result of `query`, ranked; `index` is the search worker's.
pub fn build(index: SharedIndex, query: &str, unmask: bool) -> BuildExport {
    let text = query.to_string();
    Box::new(move |store, path, progress| {
        let guard = index.read().map_err(|_| {
            casebench::Error::Thread("the search index failed: its worker stopped".into())
        })?;
        let mut count = Counter::new(progress);
        write_rows_file(
            listings::columns(&listings::SEARCH_COLUMNS),
            None,
            path,
            &mut |w| {
                let mut each = |hits: &[casebench::search::Hit]| {
                    for part in hits.chunks(ROWS_AT_ONCE) {
                        let rows = hit_rows(store, part)?;
                        let mut rows = rows.iter().peekable();
                        for hit in part {
                            // A case deleted since the search ran has no row.
                            let Some(row) = rows.next_if(|r| r.case_id == hit.case_id) else {
                                continue;
                            };
                            let script = listings::hit_script(row, unmask);
                            count.row(w, &listings::search_row(hit, row, script))?;
                        }
                    }
                    Ok(())
                };
                each_ranked(store, guard.as_ref(), &text, unmask, CHUNK, &mut each)
                    .map_err(casebench::search::SearchError::into_error)
            },
        )
    })
}
