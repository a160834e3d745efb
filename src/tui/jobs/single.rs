//! One kept worker per kind of read, after gitui's `AsyncSingleJob`: one request runs
//! at a time, and of the requests that piled up meanwhile only the newest is kept
//! (the screen has moved on from the others). The worker keeps its connection for the
//! session (opened at its first request; opened again after a failure): a read costs
//! the read, not a thread and a fresh store. Progress and answers go out as messages
//! (data), from the handler.

use std::path::Path;
use std::sync::mpsc::{self, Receiver, Sender};

use casebench::store::Store;

/// A worker thread taking requests of type `R`.
pub struct SingleJob<R> {
    requests: Sender<R>,
}

impl<R: Send + 'static> SingleJob<R> {
    /// Starts the worker `name` over the database at `db`; `run` answers each request
    /// kept, with the worker's connection or the error opening it.
    pub fn spawn(
        name: &str,
        db: &Path,
        run: impl FnMut(Result<&Store, &casebench::Error>, R) + Send + 'static,
    ) -> std::io::Result<SingleJob<R>> {
        let (requests, inbox) = mpsc::channel();
        let db = db.to_path_buf();
        std::thread::Builder::new()
            .name(format!("casebench-{name}"))
            .spawn(move || serve(&db, &inbox, run))?;
        Ok(SingleJob { requests })
    }

    /// Queues `request` (it replaces any not yet started). Gives it back when the
    /// worker has stopped, for the caller to answer in its place.
    pub fn send(&self, request: R) -> Result<(), R> {
        self.requests.send(request).map_err(|e| e.0)
    }
}

fn serve<R>(
    db: &Path,
    inbox: &Receiver<R>,
    mut run: impl FnMut(Result<&Store, &casebench::Error>, R),
) {
    let mut store: Option<Store> = None;
    while let Ok(first) = inbox.recv() {
        // Only the newest request is still wanted.
        let request = inbox.try_iter().last().unwrap_or(first);
        if store.is_none() {
            match Store::open_existing(db) {
                Ok(s) => store = Some(s),
                Err(e) => {
                    run(Err(&e), request);
                    continue;
                }
            }
        }
        if let Some(s) = &store {
            run(Ok(s), request);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_newest_waiting_request_runs_on_one_kept_connection() {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("t.sqlite");
        drop(Store::open(&db).expect("store"));
        let (tx, rx) = mpsc::channel();
        // The worker is held inside its first request until the others are queued.
        let (go, wait) = mpsc::channel::<()>();
        let (started, running) = mpsc::channel::<()>();
        let job = SingleJob::spawn("test", &db, move |store, n: u32| {
            if n == 1 {
                let _ = started.send(());
                let _ = wait.recv();
            }
            let conn = store.expect("store").connection() as *const _ as usize;
            let _ = tx.send((n, conn));
        })
        .expect("worker");
        job.send(1).expect("queued");
        running.recv().expect("the first request runs");
        for n in 2..=4 {
            job.send(n).expect("queued");
        }
        go.send(()).expect("go");
        let (first, conn1) = rx.recv().expect("first");
        let (second, conn2) = rx.recv().expect("second");
        assert_eq!((first, second), (1, 4), "2 and 3 were replaced by 4");
        assert_eq!(conn1, conn2, "the same connection");
        drop(job);
        assert!(rx.recv().is_err(), "nothing else ran");
    }

    #[test]
    fn a_database_that_cannot_be_opened_is_told_to_the_handler() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (tx, rx) = mpsc::channel();
        let job = SingleJob::spawn(
            "test",
            &dir.path().join("missing.sqlite"),
            move |store, ()| {
                let _ = tx.send(store.is_err());
            },
        )
        .expect("worker");
        job.send(()).expect("queued");
        assert!(rx.recv().expect("answer"));
    }
}
