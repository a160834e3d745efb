//! The search engine behind the Cases screen: `casebench::search` on a thread of its
//! own. The thread builds the in-memory index from the store (the first frame does
//! not wait for it; queries typed meanwhile wait, and only the newest runs), then
//! answers each query with the visible page: ranked cases read back from SQLite, with
//! the engine's matched positions turned into highlight marks.
//!
//! Cancellation is the engine's: every query takes a new generation from the shared
//! counter, which makes the one running stale; it stops at its next chunk of cases.

use std::path::Path;
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::Instant;

use casebench::search::{
    CancelToken, Generations, Hit, MatchedField, Query, SearchIndex, SearchResults, Searcher,
};
use casebench::store::Store;
use casebench::store::views;

use super::{CaseSearch, HitField, Mark, PAGE, SearchHit, SearchPage};
use crate::tui::event::Msg;

enum Request {
    Search {
        token: CancelToken,
        text: String,
        generation: u64,
    },
    /// The store changed: take in new cases and the ignore marks.
    Refresh,
}

pub struct EngineSearch {
    requests: Sender<Request>,
    generations: Generations,
}

impl EngineSearch {
    /// Starts the thread; it reports with `Msg::SearchStatus` when the index is built.
    pub fn spawn(db: &Path, replies: Sender<Msg>) -> casebench::Result<EngineSearch> {
        let store = Store::open(db)?;
        let (requests, inbox) = mpsc::channel();
        std::thread::Builder::new()
            .name("casebench-search".into())
            .spawn(move || serve(store, inbox, replies))
            .map_err(|e| casebench::Error::io(db, e))?;
        Ok(EngineSearch {
            requests,
            generations: Generations::new(),
        })
    }
}

impl CaseSearch for EngineSearch {
    fn query(&mut self, query: &str, generation: u64) {
        let token = self.generations.next();
        let _ = self.requests.send(Request::Search {
            token,
            text: query.to_string(),
            generation,
        });
    }

    fn refresh(&mut self) {
        let _ = self.requests.send(Request::Refresh);
    }

    fn name(&self) -> &'static str {
        "index"
    }
}

fn serve(store: Store, inbox: Receiver<Request>, replies: Sender<Msg>) {
    let started = Instant::now();
    let mut index = match SearchIndex::build(&store) {
        Ok(index) => index,
        Err(e) => {
            let _ = replies.send(Msg::SearchStatus(format!("no search index: {e}")));
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
    let _ = replies.send(Msg::SearchStatus(format!(
        "index of {} cases built in {:.1} s",
        crate::tui::text::count(index.len() as i64),
        started.elapsed().as_secs_f64()
    )));
    let mut searcher = Searcher::new();
    while let Ok(first) = inbox.recv() {
        // Refreshes in order; of the searches, only the newest is worth running.
        let mut newest = None;
        for request in std::iter::once(first).chain(inbox.try_iter().collect::<Vec<_>>()) {
            match request {
                Request::Refresh => {
                    if let Err(e) = index.add_cases_since(&store) {
                        let _ = replies.send(Msg::SearchStatus(format!("index not updated: {e}")));
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
        }) = newest
        else {
            continue;
        };
        if token.is_stale() {
            continue;
        }
        let result = match Query::parse_with(&text, store.scam_types()) {
            Err(e) => Err(e.to_string()),
            Ok(query) => match searcher.search(&index, &query, PAGE, &token) {
                Err(_cancelled) => continue,
                Ok(results) => page(&store, &text, &results).map_err(|e| e.to_string()),
            },
        };
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
    Ok(SearchPage {
        query: query.to_string(),
        total: results.total.max(hits.len()),
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
