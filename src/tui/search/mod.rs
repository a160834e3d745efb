//! The Cases screen's search-as-you-type over the core's one search path: a
//! [`CaseSearch`] hands each request to the core's worker (`search::SearchWorker`)
//! and returns; the answer arrives later on the UI's channel as `Msg::Search` with
//! the generation it was asked with, and the screen keeps only the newest.
//!
//! The worker builds the in-memory index at start without holding anything up:
//! meanwhile identifier, last-digits and report-number queries are answered from
//! SQLite at once, and a text query waits for the index (the box says "building the
//! index..."); the core decides which (`search::search_page`).
//!
//! Every result is reachable, none is held that is not near the screen: a keystroke
//! asks for the first page only (the engine ranks no deeper than that), and scrolling
//! asks for the rows around the selection with [`CaseSearch::page`] (the same query
//! at an offset; past the end: the last page, which also makes the count exact).
//! `e` exports every match, ranked, on the export worker ([`CaseSearch::export`]).

pub mod export;

use std::path::Path;
use std::sync::mpsc::Sender;

use casebench::search::{Ask, Backend, Reply, SearchWorker};
use casebench::store::views::CaseLine;

pub use casebench::search::{HitField, Mark};

use crate::tui::event::Msg;
use crate::tui::jobs::BuildExport;

/// How many results a search page holds.
pub const PAGE: usize = 200;

/// One found case with what to highlight in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchHit {
    pub line: CaseLine,
    pub marks: Vec<Mark>,
}

/// The answer to one query: some of its results, from `offset` in rank order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchPage {
    pub query: String,
    /// The rank (from 0) of the first of `hits`.
    pub offset: usize,
    pub hits: Vec<SearchHit>,
    /// Cases matched (at least `offset + hits.len()`).
    pub total: usize,
    /// `total` is a lower bound: more may match (the index skips its fuzzy pass once
    /// contiguous matches fill the page; SQLite skips the scan for digits inside
    /// values once better matches fill it).
    pub at_least: bool,
    /// Answered from SQLite while the index was building (else by the index).
    pub cold: bool,
}

/// The search as the Cases screen sees it.
pub struct CaseSearch {
    worker: SearchWorker,
    /// For answering in the worker's place when it has stopped.
    replies: Sender<Msg>,
    unmasked: bool,
}

impl CaseSearch {
    /// Starts the worker; it reports with `Msg::SearchStatus` when the index is built.
    pub fn spawn(db: &Path, replies: Sender<Msg>) -> casebench::Result<CaseSearch> {
        let tx = replies.clone();
        let worker = SearchWorker::spawn(db, Box::new(move |reply| forward(&tx, reply)))?;
        Ok(CaseSearch {
            worker,
            replies,
            unmasked: false,
        })
    }

    /// Queues `query` (a newer one replaces it); the reply is `Msg::Search` with
    /// `generation`. Never blocks.
    pub fn query(&mut self, query: &str, generation: u64) {
        self.page(query, generation, 0, PAGE);
    }

    /// Queues a request for `limit` results of `query` from rank `offset` (from 0;
    /// `usize::MAX`: the last `limit`), answered like [`CaseSearch::query`].
    pub fn page(&mut self, query: &str, generation: u64, offset: usize, limit: usize) {
        let sent = self.worker.search(Ask {
            tag: generation,
            text: query.to_string(),
            offset,
            limit,
            unmasked: self.unmasked,
        });
        if !sent {
            // The box must not wait for an answer that never comes.
            let _ = self.replies.send(Msg::Search {
                generation,
                result: Err("the search worker stopped".into()),
            });
        }
    }

    /// `m`: victims' names and phones shown (and searched by unscoped terms) or not;
    /// the queries after this follow it.
    pub fn set_unmasked(&mut self, unmasked: bool) {
        self.unmasked = unmasked;
    }

    /// The store changed (import, ignore): take in what is new.
    pub fn refresh(&mut self) {
        if !self.worker.update() {
            let _ = self.replies.send(Msg::SearchStatus(Err(
                "the search worker stopped: new cases are not searched".into(),
            )));
        }
    }

    /// Writes every result of `query`, ranked, with the CLI's `search` columns; runs
    /// on the export worker.
    pub fn export(&self, query: &str) -> BuildExport {
        export::build(self.worker.index(), query, self.unmasked)
    }
}

/// The worker's reply as the UI's message.
fn forward(tx: &Sender<Msg>, reply: Reply) {
    let msg = match reply {
        Reply::Page { tag, query, page } => {
            let results = &page.results;
            let hits: Vec<SearchHit> = page
                .rows
                .into_iter()
                .map(|row| SearchHit {
                    line: row.line,
                    marks: row.marks,
                })
                .collect();
            // Ranks count from 1; a page past the end was moved back to the last one.
            let offset = results.hits.first().map_or(0, |h| h.rank.saturating_sub(1));
            Msg::Search {
                generation: tag,
                result: Ok(SearchPage {
                    query,
                    offset,
                    total: results.total.max(offset + hits.len()),
                    at_least: !results.exhaustive,
                    cold: page.backend == Backend::Cold,
                    hits,
                }),
            }
        }
        Reply::Failed { tag, message, .. } => Msg::Search {
            generation: tag,
            result: Err(message),
        },
        Reply::Built { cases, seconds } => Msg::SearchStatus(Ok(format!(
            "index of {} built in {seconds:.1} s",
            crate::tui::text::plural(cases as i64, "case", "cases"),
        ))),
        Reply::BuildFailed(e) | Reply::UpdateFailed(e) => Msg::SearchStatus(Err(e)),
    };
    let _ = tx.send(msg);
}
