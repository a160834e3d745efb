//! Search off the caller's thread, for the workbench (after television's matcher
//! thread and gitui's generations): [`SearchWorker::search`] only queues the request
//! and returns; the worker runs the newest request (requests that piled up meanwhile
//! are skipped), a running one is abandoned as soon as a newer one arrives, and an
//! answer is handed to the caller's sink only if it is still the newest when done.
//!
//! The worker builds the in-memory index on a thread of its own at start, and does
//! not wait for it: until it is built, queries the cold SQLite lookups can answer
//! (identifiers, last digits, report numbers) are answered at once from SQLite, and
//! the newest other query waits for the index ([`super::answer`] decides which).
//! Each answer carries its page's rows, read by [`super::hit_rows`].

use std::path::Path;
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, RwLock};
use std::thread::JoinHandle;
use std::time::Instant;

use super::answer::{self, Backend, SearchError};
use super::cancel::{CancelToken, Generations};
use super::engine::{SearchResults, Searcher};
use super::index::SearchIndex;
use super::query::Query;
use super::rows::{HitRow, hit_rows};
use crate::store::Store;

/// The index once built (None before, or when it could not be), shared with
/// whatever reads it beside the worker (an export).
pub type SharedIndex = Arc<RwLock<Option<SearchIndex>>>;

/// One search request.
#[derive(Debug, Clone)]
pub struct Ask {
    /// The caller's number for the request, carried by its answer.
    pub tag: u64,
    pub text: String,
    /// Results ranked `offset + 1 ..= offset + limit` (`usize::MAX`: the last page).
    pub offset: usize,
    pub limit: usize,
    /// Unscoped terms may match victims' data.
    pub unmasked: bool,
}

enum Request {
    Search {
        token: CancelToken,
        ask: Ask,
    },
    /// The store changed: take in new cases and the ignore marks.
    Update,
    /// The index thread finished.
    Built(Box<crate::Result<SearchIndex>>, f64),
}

/// A page of results with the rows it shows.
#[derive(Debug, Clone)]
pub struct Page {
    pub results: SearchResults,
    /// The rows of `results.hits`, in rank order (a case deleted meanwhile left out).
    pub rows: Vec<HitRow>,
    pub backend: Backend,
}

/// What the worker hands to its sink.
#[derive(Debug)]
pub enum Reply {
    /// The answer to the newest request (never to one already replaced).
    Page {
        tag: u64,
        query: String,
        page: Box<Page>,
    },
    /// The newest request failed: the query does not parse (one line), or the
    /// database could not be read, or the index it needs could not be built.
    Failed {
        tag: u64,
        query: String,
        message: String,
    },
    /// The index is built (cases, seconds); queries waiting for it run now.
    Built { cases: usize, seconds: f64 },
    /// The index could not be built: text queries get no answer (identifier ones
    /// still do, from SQLite).
    BuildFailed(String),
    /// Taking in the store's changes failed: new cases are not searched.
    UpdateFailed(String),
}

/// Where the worker's replies go (the workbench: its one event channel).
pub type Sink = Box<dyn Fn(Reply) + Send>;

/// A search worker thread owning a store connection and, once built, the index.
pub struct SearchWorker {
    requests: Option<Sender<Request>>,
    generations: Generations,
    index: SharedIndex,
    thread: Option<JoinHandle<()>>,
}

impl SearchWorker {
    /// Starts the worker over the database at `db`; the index is built on a thread
    /// of its own meanwhile.
    pub fn spawn(db: &Path, sink: Sink) -> crate::Result<SearchWorker> {
        let path = db.to_path_buf();
        SearchWorker::spawn_building(db, sink, move || {
            Store::open_existing(&path).and_then(|s| SearchIndex::build(&s))
        })
    }

    /// [`SearchWorker::spawn`] with the index made by `build` (tests hold it back).
    pub(super) fn spawn_building(
        db: &Path,
        sink: Sink,
        build: impl FnOnce() -> crate::Result<SearchIndex> + Send + 'static,
    ) -> crate::Result<SearchWorker> {
        let store = Store::open_existing(db)?;
        let (requests, inbox) = mpsc::channel();
        let index: SharedIndex = Arc::new(RwLock::new(None));
        let built = requests.clone();
        std::thread::Builder::new()
            .name("casebench-index".into())
            .spawn(move || {
                let started = Instant::now();
                let index = build();
                // A worker gone has nothing to wait for.
                let _ = built.send(Request::Built(
                    Box::new(index),
                    started.elapsed().as_secs_f64(),
                ));
            })
            .map_err(|e| crate::Error::io(db, e))?;
        let shared = index.clone();
        let thread = std::thread::Builder::new()
            .name("casebench-search".into())
            .spawn(move || run(store, shared, inbox, sink))
            .map_err(|e| crate::Error::io(db, e))?;
        Ok(SearchWorker {
            requests: Some(requests),
            generations: Generations::new(),
            index,
            thread: Some(thread),
        })
    }

    /// Queues a request (the newest replaces any not yet run, and cancels a running
    /// one). Never blocks. False when the worker has stopped (no answer will come).
    pub fn search(&self, ask: Ask) -> bool {
        let token = self.generations.next();
        self.send(Request::Search { token, ask })
    }

    /// Asks the worker to take in the cases imported and the identifiers ignored
    /// since. False when the worker has stopped.
    pub fn update(&self) -> bool {
        self.send(Request::Update)
    }

    fn send(&self, request: Request) -> bool {
        self.requests
            .as_ref()
            .is_some_and(|tx| tx.send(request).is_ok())
    }

    /// The index, for reading beside the worker (None inside until built).
    pub fn index(&self) -> SharedIndex {
        self.index.clone()
    }
}

impl Drop for SearchWorker {
    fn drop(&mut self) {
        // Make any running search stale, close the queue, and wait for the thread
        // (the index thread is left to finish on its own: its send then fails).
        let _ = self.generations.next();
        self.requests = None;
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// The state of the index as the worker sees it.
enum Built {
    Building,
    Ready,
    Failed(String),
}

fn run(store: Store, shared: SharedIndex, inbox: Receiver<Request>, sink: Sink) {
    let mut searcher = Searcher::new();
    let mut built = Built::Building;
    // The newest search the index must answer, while it builds.
    let mut waiting: Option<(CancelToken, Ask)> = None;
    // The store changed while the index was building (from what it read then).
    let mut changed_meanwhile = false;
    while let Ok(first) = inbox.recv() {
        // Take everything queued: updates and the build in order, only the newest search.
        let mut newest = None;
        for request in std::iter::once(first).chain(inbox.try_iter().collect::<Vec<_>>()) {
            match request {
                Request::Built(index, seconds) => {
                    built = match *index {
                        Ok(mut index) => {
                            if changed_meanwhile && let Err(e) = index.add_cases_since(&store) {
                                sink(Reply::UpdateFailed(format!(
                                    "the search index was not brought up to date: {e}"
                                )));
                            }
                            let cases = index.len();
                            if let Ok(mut slot) = shared.write() {
                                *slot = Some(index);
                            }
                            sink(Reply::Built { cases, seconds });
                            Built::Ready
                        }
                        Err(e) => {
                            let message = format!("no search index: {e}");
                            sink(Reply::BuildFailed(message.clone()));
                            Built::Failed(message)
                        }
                    };
                    if newest.is_none() {
                        newest = waiting.take();
                    }
                }
                Request::Update => {
                    let updated = match shared.write() {
                        Ok(mut slot) => match slot.as_mut() {
                            Some(index) => index.add_cases_since(&store).map(|_| ()),
                            None => {
                                changed_meanwhile = true;
                                Ok(())
                            }
                        },
                        Err(_) => Ok(()),
                    };
                    if let Err(e) = updated {
                        sink(Reply::UpdateFailed(format!(
                            "the search index was not brought up to date: {e}"
                        )));
                    }
                    searcher.forget();
                }
                Request::Search { token, ask } => {
                    waiting = None;
                    newest = Some((token, ask));
                }
            }
        }
        let Some((token, ask)) = newest else {
            continue;
        };
        if token.is_stale() {
            continue;
        }
        let Ok(guard) = shared.read() else {
            return;
        };
        let answer = answer(&store, guard.as_ref(), &mut searcher, &ask, &token);
        drop(guard);
        let reply = match answer {
            Ok(page) => Reply::Page {
                tag: ask.tag,
                query: ask.text,
                page: Box::new(page),
            },
            Err(SearchError::Cancelled(_)) => continue,
            Err(SearchError::NeedsIndex) => match &built {
                Built::Building => {
                    waiting = Some((token, ask));
                    continue;
                }
                // Ready cannot need it; said rather than left waiting.
                Built::Failed(message) => Reply::Failed {
                    tag: ask.tag,
                    query: ask.text,
                    message: message.clone(),
                },
                Built::Ready => Reply::Failed {
                    tag: ask.tag,
                    query: ask.text,
                    message: "the search index is missing".into(),
                },
            },
            Err(e @ (SearchError::Store(_) | SearchError::Query(_))) => Reply::Failed {
                tag: ask.tag,
                query: ask.text,
                message: e.to_string(),
            },
        };
        if token.is_stale() {
            continue;
        }
        sink(reply);
    }
}

/// One request answered: parsed with the database's alias table, run on the back end
/// [`answer::search_page`] picks, its rows read.
fn answer(
    store: &Store,
    index: Option<&SearchIndex>,
    searcher: &mut Searcher,
    ask: &Ask,
    token: &CancelToken,
) -> Result<Page, SearchError> {
    let query = Query::parse_with(&ask.text, store.scam_types()).map(|q| Query {
        unmasked: ask.unmasked,
        ..q
    })?;
    let (results, backend) =
        answer::search_page(store, index, searcher, &query, ask.offset, ask.limit, token)?;
    let rows = hit_rows(store, &results.hits)?;
    Ok(Page {
        results,
        rows,
        backend,
    })
}
