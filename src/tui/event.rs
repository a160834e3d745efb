//! The one channel the UI thread listens on: terminal input from the input thread,
//! and results and progress from the workers. Nothing else wakes the loop.

use std::path::PathBuf;
use std::sync::mpsc::Sender;

use casebench::link::ignore::IgnoreOutcome;
use casebench::link::report::{Hub, Member, PossibleLink};
use casebench::store::queries::{BatchRow, RejectedRow};
use casebench::store::views::{CaseDetail, CaseLine, GroupRow, Totals, TypeRow, WeekRow};

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
    /// The search engine's state (its index built), or why it failed (no index, an
    /// index not brought up to date).
    SearchStatus(Result<String, String>),
    Import(ImportEvent),
    /// An export's rows written so far.
    ExportProgress {
        rows: usize,
    },
    Exported(Result<(PathBuf, usize), String>),
    Ignored(Result<IgnoreOutcome, String>),
    /// A note or tag written (what to tell the analyst), or why not.
    Casework(Result<String, String>),
    /// The timer: time to ask whether another process changed the database.
    Tick,
    /// Another connection committed to the database since the watcher last looked
    /// (see `jobs::Jobs::check_changes`).
    Changed(Change),
    /// The watcher has taken its first look: changes from now on are noticed.
    Watching,
}

/// What the watcher saw when the database's `data_version` moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Change {
    /// The newest of the app's own writes the watcher had taken in before it looked
    /// (`jobs::Jobs::absorb_changes`): a change older than the app's last own write
    /// is that write, already reloaded.
    pub absorbed: u64,
    /// Cases now less cases before (negative: fewer).
    pub new_cases: i64,
}

/// What a loading job read.
#[derive(Debug)]
pub enum Loaded {
    Totals(Totals),
    /// A page of the case list, from `offset`.
    Cases {
        offset: u64,
        lines: Vec<CaseLine>,
    },
    Detail(Box<DetailData>),
    /// The groups list: its first rows (`complete` false: the rest follow with the
    /// same generation), or all of them.
    Groups {
        rows: Vec<GroupRow>,
        complete: bool,
    },
    Group(Vec<Member>),
    /// The hubs list, as `Groups`.
    Hubs {
        rows: Vec<Hub>,
        complete: bool,
    },
    Imports(ImportsData),
    /// Boxed: the charts' counts make it the largest answer.
    Stats(Box<StatsData>),
    /// The bulletin of a period.
    Bulletin(Box<casebench::bulletin::Bulletin>),
    /// A case's possible links, which follow its detail.
    Possible {
        report_no: String,
        links: Result<Vec<PossibleLink>, String>,
    },
    /// New files waiting in imports/ (checked at start).
    Pending(Vec<PathBuf>),
    /// Every case's, group's and identifier's tags and notes, and the tag list.
    Marks(
        std::sync::Arc<casebench::casework::Annotations>,
        casebench::casework::TagList,
    ),
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
    pub bands: Vec<casebench::store::charts::Band>,
    pub contact: casebench::store::charts::Contact,
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

/// How often the timer asks whether the database changed: cheap (one pragma on the
/// watcher's connection), and an analyst back from the CLI sees the change within it.
pub const TICK: std::time::Duration = std::time::Duration::from_secs(2);

/// Sends [`Msg::Tick`] every [`TICK`] until the channel closes.
pub fn spawn_ticks(tx: Sender<Msg>) {
    let _ = std::thread::Builder::new()
        .name("casebench-tick".into())
        .spawn(move || {
            loop {
                std::thread::sleep(TICK);
                if tx.send(Msg::Tick).is_err() {
                    break;
                }
            }
        });
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
