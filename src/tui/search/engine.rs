//! The search engine behind the Cases screen: `casebench::search` on a thread of its
//! own. The thread builds the in-memory index from the store (the first frame does
//! not wait for it; queries typed meanwhile wait, and only the newest runs), then
//! answers each request with a page: ranked cases read back from SQLite, with the
//! engine's matched positions turned into highlight marks. A keystroke asks for the
//! first page; scrolling for the page around the selection (`Searcher::search_page`,
//! which refines the same query's matches rather than scanning every case).
//!
//! Cancellation is the engine's: every request takes a new generation from the shared
//! counter, which makes the one running stale; it stops at its next chunk of cases.
//! The index is shared (read-locked) with the export worker, which ranks every match.

use std::path::Path;
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, RwLock};
use std::time::Instant;

use casebench::search::{
    CancelToken, Generations, Hit, MatchedField, Query, SearchIndex, SearchResults, Searcher,
};
use casebench::store::Store;
use casebench::store::views;

use super::{CaseSearch, HitField, Mark, PAGE, SearchHit, SearchPage};
use crate::tui::event::Msg;
use crate::tui::jobs::BuildExport;

enum Request {
    Search {
        token: CancelToken,
        text: String,
        generation: u64,
        offset: usize,
        limit: usize,
        /// Unscoped terms may match victims' data (`m`).
        unmasked: bool,
    },
    /// The store changed: take in new cases and the ignore marks.
    Refresh,
}

/// The index, once built; None before (or when it could not be).
type Shared = Arc<RwLock<Option<SearchIndex>>>;

pub struct EngineSearch {
    requests: Sender<Request>,
    /// For answering in the worker's place when it has stopped.
    replies: Sender<Msg>,
    generations: Generations,
    index: Shared,
    unmasked: bool,
}

impl EngineSearch {
    /// Starts the thread; it reports with `Msg::SearchStatus` when the index is built.
    pub fn spawn(db: &Path, replies: Sender<Msg>) -> casebench::Result<EngineSearch> {
        let store = Store::open_existing(db)?;
        let (requests, inbox) = mpsc::channel();
        let index: Shared = Arc::new(RwLock::new(None));
        let shared = index.clone();
        let answers = replies.clone();
        std::thread::Builder::new()
            .name("casebench-search".into())
            .spawn(move || serve(store, shared, inbox, replies))
            .map_err(|e| casebench::Error::io(db, e))?;
        Ok(EngineSearch {
            requests,
            replies: answers,
            generations: Generations::new(),
            index,
            unmasked: false,
        })
    }
}

impl CaseSearch for EngineSearch {
    fn query(&mut self, query: &str, generation: u64) {
        self.page(query, generation, 0, PAGE);
    }

    fn page(&mut self, query: &str, generation: u64, offset: usize, limit: usize) {
        let token = self.generations.next();
        let sent = self.requests.send(Request::Search {
            token,
            text: query.to_string(),
            generation,
            offset,
            limit,
            unmasked: self.unmasked,
        });
        if sent.is_err() {
            // The box must not wait for an answer that never comes.
            let _ = self.replies.send(Msg::Search {
                generation,
                result: Err("the search worker stopped".into()),
            });
        }
    }

    fn set_unmasked(&mut self, unmasked: bool) {
        self.unmasked = unmasked;
    }

    fn refresh(&mut self) {
        if self.requests.send(Request::Refresh).is_err() {
            let _ = self.replies.send(Msg::SearchStatus(Err(
                "the search worker stopped: new cases are not searched".into(),
            )));
        }
    }

    fn export(&self, query: &str) -> BuildExport {
        let index = self.index.clone();
        let text = query.to_string();
        let unmasked = self.unmasked;
        Box::new(move |store, path, progress| {
            let mut query = Query::parse_with(&text, store.scam_types())
                .map(|q| Query { unmasked, ..q })
                .map_err(|e| casebench::Error::Invalid(e.to_string()))?;
            query.read_tags(store.connection())?;
            let guard = index
                .read()
                .map_err(|_| casebench::Error::Invalid("the search index failed".into()))?;
            let Some(ix) = guard.as_ref() else {
                return Err(casebench::Error::Invalid(
                    "the search index is not built yet".into(),
                ));
            };
            // A chunk of the ranking at a time, each explained alone; the same query
            // again refines its own matches, and ranks the same way.
            let mut searcher = Searcher::new();
            let never = CancelToken::never();
            let mut done = 0;
            let mut next = || -> casebench::Result<Option<Vec<Hit>>> {
                let page = searcher
                    .search_page(ix, &query, done, super::export::CHUNK, &never)
                    .map_err(|_| casebench::Error::Invalid("the search was cancelled".into()))?;
                // Past the end a page is the last one again: keep only what is new.
                let hits: Vec<Hit> = page.hits.into_iter().filter(|h| h.rank > done).collect();
                done += hits.len();
                Ok((!hits.is_empty()).then_some(hits))
            };
            super::export::write_hits(store, path, unmasked, &mut next, progress)
        })
    }

    fn name(&self) -> &'static str {
        "index"
    }
}

fn serve(store: Store, shared: Shared, inbox: Receiver<Request>, replies: Sender<Msg>) {
    let started = Instant::now();
    let built = SearchIndex::build(&store);
    let len = match built {
        Ok(index) => {
            let len = index.len();
            if let Ok(mut slot) = shared.write() {
                *slot = Some(index);
            }
            len
        }
        Err(e) => {
            let _ = replies.send(Msg::SearchStatus(Err(format!("no search index: {e}"))));
            // Answer every query with the reason rather than leave the box hanging.
            while let Ok(request) = inbox.recv() {
                if let Request::Search { generation, .. } = request {
                    let _ = replies.send(Msg::Search {
                        generation,
                        result: Err(format!("no search index: {e}")),
                    });
                }
            }
            return;
        }
    };
    let _ = replies.send(Msg::SearchStatus(Ok(format!(
        "index of {} built in {:.1} s",
        crate::tui::text::plural(len as i64, "case", "cases"),
        started.elapsed().as_secs_f64()
    ))));
    let mut searcher = Searcher::new();
    while let Ok(first) = inbox.recv() {
        // Refreshes in order; of the searches, only the newest is worth running.
        let mut newest = None;
        for request in std::iter::once(first).chain(inbox.try_iter().collect::<Vec<_>>()) {
            match request {
                Request::Refresh => {
                    let updated = match shared.write() {
                        Ok(mut slot) => match slot.as_mut() {
                            Some(index) => index.add_cases_since(&store).map(|_| ()),
                            None => Ok(()),
                        },
                        Err(_) => Ok(()),
                    };
                    if let Err(e) = updated {
                        let _ = replies.send(Msg::SearchStatus(Err(format!(
                            "the search index was not brought up to date: {e}"
                        ))));
                    }
                    searcher.forget();
                }
                search @ Request::Search { .. } => newest = Some(search),
            }
        }
        let Some(Request::Search {
            token,
            text,
            generation,
            offset,
            limit,
            unmasked,
        }) = newest
        else {
            continue;
        };
        if token.is_stale() {
            continue;
        }
        let Ok(guard) = shared.read() else {
            return;
        };
        let Some(index) = guard.as_ref() else {
            continue;
        };
        let parsed = Query::parse_with(&text, store.scam_types())
            .map_err(|e| e.to_string())
            .and_then(|q| {
                let mut q = Query { unmasked, ..q };
                q.read_tags(store.connection()).map_err(|e| e.to_string())?;
                Ok(q)
            });
        let result = match parsed {
            Err(e) => Err(e),
            Ok(query) => match searcher.search_page(index, &query, offset, limit, &token) {
                Err(_cancelled) => continue,
                Ok(results) => page(&store, &text, &results).map_err(|e| e.to_string()),
            },
        };
        drop(guard);
        if token.is_stale() {
            continue;
        }
        if replies.send(Msg::Search { generation, result }).is_err() {
            return;
        }
    }
}

/// The page of results as the screen shows it.
fn page(store: &Store, query: &str, results: &SearchResults) -> casebench::Result<SearchPage> {
    let hits = &results.hits;
    let ids: Vec<i64> = hits.iter().map(|h| h.case_id).collect();
    let lines = views::case_lines(store.connection(), &ids)?;
    let mut by_id: std::collections::HashMap<i64, views::CaseLine> =
        lines.into_iter().map(|l| (l.id, l)).collect();
    let hits: Vec<SearchHit> = hits
        .iter()
        .filter_map(|h| {
            Some(SearchHit {
                line: by_id.remove(&h.case_id)?,
                marks: marks(h),
            })
        })
        .collect();
    // Ranks count from 1; a page past the end was moved back to the last one.
    let offset = results.hits.first().map_or(0, |h| h.rank.saturating_sub(1));
    Ok(SearchPage {
        query: query.to_string(),
        offset,
        total: results.total.max(offset + hits.len()),
        at_least: !results.exhaustive,
        hits,
    })
}

/// The engine's matched positions as highlight marks on the columns shown.
fn marks(hit: &Hit) -> Vec<Mark> {
    let mut out = Vec::new();
    for m in &hit.matches {
        let positions = m.positions.clone();
        let value = m.identifier.clone();
        let fields: &[HitField] = match m.field {
            MatchedField::Caller => &[HitField::Caller],
            MatchedField::Account => &[HitField::Account],
            // Found in the narrative: shown in whichever column lists it.
            MatchedField::NarrativeIdentifier => &[HitField::Caller, HitField::Account],
            MatchedField::Script => &[HitField::Script],
            MatchedField::ScamType => &[HitField::ScamType],
            MatchedField::ReportNo => &[HitField::ReportNo],
            _ => &[],
        };
        for &field in fields {
            out.push(Mark::At {
                field,
                value: if m.field.is_identifier() {
                    value.clone()
                } else {
                    None
                },
                positions: positions.clone(),
            });
        }
    }
    out
}
