//! The workbench: a keyboard-first terminal UI over the core.
//!
//! One thread owns the terminal and the [`App`]; an input thread and the workers
//! (search, loading, import, export, ignore) send it messages over one channel. The
//! loop draws, waits for a message, applies it and everything else already queued
//! (a burst of keys or progress reports is drawn once), and draws again. No async
//! runtime: a channel and threads are all the concurrency this needs.
//!
//! - `keys`: the key table (actions, help, hints); `app`: state and how it changes;
//!   `ui`: drawing; `screens/`, `components/`, `popups/`: what the folders say.
//! - `jobs`: worker threads; `search`: the search adapter; `text`: data text made
//!   safe and fit for the terminal; `terminal`: raw mode, alternate screen, and
//!   putting them back on every exit and on panic.

pub mod app;
pub mod components;
pub mod event;
pub mod export;
pub mod jobs;
pub mod keys;
pub mod popups;
pub mod screens;
pub mod search;
pub mod terminal;
pub mod text;
pub mod ui;

#[cfg(test)]
mod tests;

use std::path::Path;
use std::sync::mpsc;
use std::time::Instant;

use anyhow::Context;
use casebench::store::Store;

pub use app::App;
use event::Msg;

/// Where weekly batches are dropped (the first run imports `sample/` under it).
pub const IMPORTS_DIR: &str = "imports";

/// `CASEBENCH_REPORT_FIRST_FRAME=1` prints the time from start to the first frame on
/// stderr after the terminal is restored; `=exit` also quits right after that frame
/// (for the cold-start benchmark).
pub const REPORT_FIRST_FRAME: &str = "CASEBENCH_REPORT_FIRST_FRAME";

/// Runs the workbench on the database at `db` until the analyst quits.
pub fn run(db: &Path, started: Instant) -> anyhow::Result<()> {
    let report = std::env::var(REPORT_FIRST_FRAME).ok();
    // Open before taking the terminal, so that an error prints plainly. Only the
    // default database is created (the first run loads the sample into it); one
    // named with --db or CASEBENCH_DB must exist: a typo is not an empty workbench.
    let store = if db == Path::new(casebench::store::DEFAULT_PATH) {
        Store::open(db)
    } else {
        Store::open_existing(db)
    };
    let store = match store {
        Err(e @ casebench::Error::NoDatabase(_)) => return Err(e.into()),
        opened => opened.with_context(|| format!("opening {}", db.display()))?,
    };
    let (tx, rx) = mpsc::channel();
    let search = search::CaseSearch::spawn(db, tx.clone())?;
    let jobs = jobs::Jobs::new(db, Path::new(IMPORTS_DIR), tx.clone());
    // Opened above to fail plainly before the terminal is taken; the workers open
    // their own connections.
    drop(store);
    let mut app = App::new(db, jobs, search);

    let mut term = terminal::Terminal::enter().context("setting up the terminal")?;
    let size = term.size()?;
    app.resize(size.width, size.height);
    term.draw(|f| ui::draw(f, &app))?;
    let first_frame = started.elapsed();
    let exit_now = report.as_deref() == Some("exit");

    let result = if exit_now {
        Ok(())
    } else {
        event::spawn_input(tx.clone());
        event::spawn_ticks(tx.clone());
        app.start();
        drop(tx);
        main_loop(&mut term, &mut app, &rx)
    };
    term.leave();
    if report.is_some() {
        eprintln!(
            "first frame after {:.1} ms",
            first_frame.as_secs_f64() * 1000.0
        );
    }
    result
}

fn main_loop(
    term: &mut terminal::Terminal,
    app: &mut App,
    rx: &mpsc::Receiver<Msg>,
) -> anyhow::Result<()> {
    while !app.quit {
        app.prepare();
        term.draw(|f| ui::draw(f, app))?;
        let Ok(msg) = rx.recv() else {
            break; // every sender is gone: nothing will ever wake us
        };
        app.on_msg(msg);
        // Apply whatever else is queued before drawing again.
        while !app.quit {
            match rx.try_recv() {
                Ok(msg) => app.on_msg(msg),
                Err(_) => break,
            }
        }
    }
    Ok(())
}
