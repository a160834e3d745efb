//! The one channel the UI thread listens on: terminal input from the input thread,
//! and results and progress from the workers. Nothing else wakes the loop.

use std::path::PathBuf;
use std::sync::mpsc::Sender;

use casebench::link::ignore::IgnoreOutcome;
use casebench::link::report::{Hub, Member, PossibleLink};
use casebench::store::queries::{BatchRow, RejectedRow};
use casebench::store::views::{CaseDetail, GroupRow, Totals, TypeRow, WeekRow};

use super::search::SearchPage;

/// A message to the UI thread.
#[derive(Debug)]
pub enum Msg {
    /// A key, a resize, a mouse event.
    Term(crossterm::event::Event),
    /// A search worker's reply to the query of this generation.
    Search {
        generation: u64,
        result: Result<SearchPage, String>,
    },
    /// A loading job's result, for the screen that asked with this generation.
    Loaded {
        generation: u64,
        result: Result<Loaded, String>,
    },
    /// The search engine's state (its index built, or why not).
    SearchStatus(String),
    Import(ImportEvent),
    Exported(Result<(PathBuf, usize), String>),
    Ignored(Result<IgnoreOutcome, String>),
}

/// What a loading job read.
#[derive(Debug)]
pub enum Loaded {
    Totals(Totals),
    Detail(Box<DetailData>),
    Groups(Vec<GroupRow>),
    Group(Vec<Member>),
    Hubs(Vec<Hub>),
    Imports(ImportsData),
    Stats(StatsData),
    /// A case's possible links, which follow its detail.
    Possible {
        report_no: String,
        links: Result<Vec<PossibleLink>, String>,
    },
    /// New files waiting in imports/ (checked at start).
    Pending(Vec<PathBuf>),
}

#[derive(Debug, Clone)]
pub struct DetailData {
    pub case: CaseDetail,
    /// Its group's cases with the evidence tying them (empty when in no group).
    pub members: Vec<Member>,
    /// Read after the rest (a scan of every identifier): None until then.
    pub possible: Option<Result<Vec<PossibleLink>, String>>,
    /// Its versions (corrected reports), oldest first; one when never updated.
    pub history: casebench::store::history::CaseHistory,
}

#[derive(Debug, Clone, Default)]
pub struct ImportsData {
    pub batches: Vec<BatchRow>,
    pub rejected: Vec<RejectedRow>,
    pub pending: Vec<PathBuf>,
}

#[derive(Debug, Clone, Default)]
pub struct StatsData {
    pub weeks: Vec<WeekRow>,
    pub types: Vec<TypeRow>,
    pub hubs: Vec<Hub>,
}

/// How an import on the worker is going.
#[derive(Debug)]
pub enum ImportEvent {
    Progress {
        /// Which file of how many (from 0).
        file_index: usize,
        files: usize,
        file: String,
        bytes_done: u64,
        bytes_total: u64,
        rows: u64,
        /// The work after the rows, when the file is there (`import::Stage::label`).
        stage: Option<&'static str>,
    },
    Done(ImportSummary),
}

/// What an import did, summed over its files.
#[derive(Debug, Clone, Default)]
pub struct ImportSummary {
    /// One line per file, as the CLI prints them.
    pub lines: Vec<String>,
    pub files: usize,
    pub new_cases: u64,
    /// Cases that took a corrected report as their new version.
    pub updated_cases: u64,
    pub hit_cases: usize,
    pub groups_new: usize,
    pub groups_grew: usize,
    pub groups_merged: usize,
    pub groups_split: usize,
    pub groups_shrank: usize,
    pub failed: usize,
    pub cancelled: bool,
}

/// Forwards crossterm's input to the channel until the channel closes or input fails.
pub fn spawn_input(tx: Sender<Msg>) {
    let _ = std::thread::Builder::new()
        .name("casebench-input".into())
        .spawn(move || {
            while let Ok(ev) = crossterm::event::read() {
                if tx.send(Msg::Term(ev)).is_err() {
                    break;
                }
            }
        });
}
