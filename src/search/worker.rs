//! Search off the caller's thread, after television's matcher thread and gitui's
//! generations: `search` only records the query and returns its generation; a worker
//! thread runs the newest query (queries that piled up meanwhile are skipped), a
//! running query is abandoned as soon as a newer one arrives, and a result is sent
//! back only if it is still the newest when done. The TUI polls `try_recv` (or
//! selects on `replies`) and draws whatever arrives.

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::JoinHandle;
use std::time::Duration;

use super::cancel::{CancelToken, Generations};
use super::engine::{SearchResults, Searcher};
use super::index::SearchIndex;
use super::query::{Query, QueryError};
use crate::store::Store;

enum Request {
    Search {
        token: CancelToken,
        text: String,
        limit: usize,
    },
    Update {
        db: PathBuf,
    },
}

/// What the worker sends back.
#[derive(Debug)]
pub enum Reply {
    /// The results of the newest query (never of a query already replaced).
    Results {
        generation: u64,
        query: String,
        results: SearchResults,
    },
    /// The newest query does not parse; the message is one line.
    Invalid {
        generation: u64,
        query: String,
        error: QueryError,
    },
    /// The index took in the cases imported since it was built.
    Updated { added: usize, total: usize },
    /// Updating failed (the database could not be read).
    UpdateFailed(String),
}

/// A search worker thread owning the index.
pub struct SearchWorker {
    requests: Option<Sender<Request>>,
    replies: Receiver<Reply>,
    generations: Generations,
    thread: Option<JoinHandle<()>>,
}

impl SearchWorker {
    /// Starts the worker over a built index.
    pub fn spawn(index: SearchIndex) -> SearchWorker {
        let (requests, inbox) = mpsc::channel();
        let (outbox, replies) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("casebench-search".into())
            .spawn(move || run(index, inbox, outbox))
            .ok();
        SearchWorker {
            requests: Some(requests),
            replies,
            generations: Generations::new(),
            thread,
        }
    }

    /// Queues a query (the newest replaces any not yet run, and cancels a running
    /// one); returns its generation, which its reply carries. Never blocks.
    pub fn search(&self, query: &str, limit: usize) -> u64 {
        let token = self.generations.next();
        let generation = token.generation();
        self.send(Request::Search {
            token,
            text: query.to_string(),
            limit,
        });
        generation
    }

    /// Asks the worker to add the cases imported since (reads the database at `db`).
    pub fn update(&self, db: PathBuf) {
        self.send(Request::Update { db });
    }

    fn send(&self, request: Request) {
        if let Some(tx) = &self.requests {
            // A worker that died has nothing to reply; `try_recv` stays empty.
            let _ = tx.send(request);
        }
    }

    /// The newest generation handed out: replies with an older one are stale.
    pub fn latest(&self) -> u64 {
        self.generations.latest()
    }

    pub fn try_recv(&self) -> Option<Reply> {
        self.replies.try_recv().ok()
    }

    pub fn recv_timeout(&self, timeout: Duration) -> Option<Reply> {
        self.replies.recv_timeout(timeout).ok()
    }

    /// The reply channel, for a front end that waits on several sources.
    pub fn replies(&self) -> &Receiver<Reply> {
        &self.replies
    }
}

impl Drop for SearchWorker {
    fn drop(&mut self) {
        // Make any running search stale, close the queue, and wait for the thread.
        let _ = self.generations.next();
        self.requests = None;
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn run(mut index: SearchIndex, inbox: Receiver<Request>, outbox: Sender<Reply>) {
    let mut searcher = Searcher::new();
    while let Ok(first) = inbox.recv() {
        // Take everything queued: updates in order, and only the newest search.
        let mut pending = vec![first];
        pending.extend(inbox.try_iter());
        let mut newest = None;
        for request in pending {
            match request {
                Request::Update { db } => {
                    let reply = match Store::open(&db).and_then(|s| index.add_cases_since(&s)) {
                        Ok(added) => Reply::Updated {
                            added,
                            total: index.len(),
                        },
                        Err(e) => Reply::UpdateFailed(e.to_string()),
                    };
                    if outbox.send(reply).is_err() {
                        return;
                    }
                }
                search @ Request::Search { .. } => newest = Some(search),
            }
        }
        let Some(Request::Search { token, text, limit }) = newest else {
            continue;
        };
        if token.is_stale() {
            continue;
        }
        let reply = match Query::parse(&text) {
            Err(error) => Reply::Invalid {
                generation: token.generation(),
                query: text,
                error,
            },
            Ok(query) => match searcher.search(&index, &query, limit, &token) {
                Ok(results) => Reply::Results {
                    generation: token.generation(),
                    query: text,
                    results,
                },
                Err(_cancelled) => continue,
            },
        };
        if token.is_stale() {
            continue;
        }
        if outbox.send(reply).is_err() {
            return;
        }
    }
}
