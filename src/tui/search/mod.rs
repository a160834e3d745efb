//! The Cases screen's search-as-you-type, behind one small trait so that the screen
//! does not care which engine answers: [`CaseSearch::query`] only hands the query over
//! and returns; the answer arrives later on the UI's channel as `Msg::Search` with the
//! generation it was asked with, and the screen keeps only the newest.
//!
//! Every result is reachable, none is held that is not near the screen: a keystroke
//! asks for the first page only (the engine ranks no deeper than that), and scrolling
//! asks for the rows around the selection with [`CaseSearch::page`] (the same query
//! at an offset; past the end: the last page, which also makes the count exact).
//! `e` exports every match, ranked, on the export worker ([`CaseSearch::export`]).
//!
//! - [`engine::EngineSearch`]: the search engine (`casebench::search`): an in-memory
//!   index built on its own thread, queries cancelled by newer ones, ranked results
//!   with matched positions. What the workbench uses.
//! - [`sql::LikeSearch`]: SQL over the store, each new query interrupting the one
//!   running; the fallback when the index cannot be built, and a second opinion in
//!   tests.

pub mod engine;
pub mod export;
pub mod sql;

use casebench::store::views::CaseLine;

use crate::tui::jobs::BuildExport;

pub use engine::EngineSearch;
pub use sql::LikeSearch;

/// How many results a search page holds.
pub const PAGE: usize = 200;

/// One found case with what to highlight in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchHit {
    pub line: CaseLine,
    pub marks: Vec<Mark>,
}

/// What a search matched, for highlighting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mark {
    /// This text, wherever it shows (case-insensitively).
    Text(String),
    /// Character positions in one field's text (or in one identifier value of it).
    At {
        field: HitField,
        value: Option<String>,
        positions: Vec<u32>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HitField {
    ReportNo,
    Caller,
    Account,
    ScamType,
    Script,
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
    /// `total` is a lower bound: more may match (the SQL fallback stops at a page;
    /// the index skips its fuzzy pass once contiguous matches fill the page).
    pub at_least: bool,
}

/// A search engine as the Cases screen sees it.
pub trait CaseSearch: Send {
    /// Queues `query` (a newer one replaces it); the reply is `Msg::Search` with
    /// `generation`. Never blocks.
    fn query(&mut self, query: &str, generation: u64);
    /// Queues a request for `limit` results of `query` from rank `offset` (from 0;
    /// `usize::MAX`: the last `limit`), answered like [`CaseSearch::query`].
    fn page(&mut self, query: &str, generation: u64, offset: usize, limit: usize);
    /// Writes every result of `query`, ranked, with the CLI's `search` columns; runs
    /// on the export worker.
    fn export(&self, query: &str) -> BuildExport;
    /// `m`: victims' names and phones shown (and searched by unscoped terms) or not;
    /// the queries after this follow it.
    fn set_unmasked(&mut self, _unmasked: bool) {}
    /// The store changed (import, ignore): take in what is new.
    fn refresh(&mut self) {}
    /// Shown in the search box's title.
    fn name(&self) -> &'static str;
}
