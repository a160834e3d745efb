//! Search: one query language for the CLI and the TUI, over an in-memory index built
//! from SQLite.
//!
//! - [`query`] parses what the analyst typed ([`Query::parse`], [`QueryError`]).
//! - [`SearchIndex`] holds what matching needs: identifier values with exact and
//!   suffix orders, and each case's text fields folded in one arena. Built with
//!   [`SearchIndex::build`] (read back from the index file beside the database
//!   while that is current, see `persist`; [`SearchIndex::build_fresh`] reads
//!   SQLite alone), extended after an import with [`SearchIndex::add_cases_since`].
//! - [`Searcher`] runs queries, refining the previous results while the query grows;
//!   [`CancelToken`]s from [`Generations`] drop stale queries mid-scan.
//! - `cold` answers identifier, last-digits and report-number queries from SQLite's
//!   indexes without the in-memory index, with the same hits in the same order.
//! - `answer` is the one search path: [`search_page`] picks the back end (the index
//!   once built, else the cold lookups), [`search_once`] serves a shell,
//!   [`each_ranked`] an export.
//! - [`SearchWorker`] runs all that on its own thread for the TUI, building the index
//!   beside it and answering what SQLite can meanwhile.
//! - [`hit_rows`] reads back from SQLite what a page of results shows (the line and
//!   the highlight marks), for the CLI and the TUI alike.

mod answer;
pub mod cancel;
pub(crate) mod cold;
mod engine;
mod fields;
mod fold;
mod grams;
mod ident;
mod index;
mod persist;
mod postings;
pub mod query;
mod ranks;
mod read;
mod rows;
mod text;
mod text_blocks;
mod value_blocks;
mod worker;

pub use answer::{Backend, SearchError, each_ranked, search_once, search_page};
pub use cancel::{CancelToken, Cancelled, Generations};
pub use engine::{Hit, MatchKind, MatchedField, SearchResults, Searcher, TermMatch};
pub use fold::fold;
pub use index::SearchIndex;
pub use query::{Query, QueryError, Scope, Term, TermKind};
pub use rows::{HitField, HitRow, Mark, hit_rows, marks};
pub use worker::{Ask, Page, Reply, SearchWorker, SharedIndex, Sink};

#[cfg(test)]
mod cold_tests;
#[cfg(test)]
mod same_results;
#[cfg(test)]
mod tests;
