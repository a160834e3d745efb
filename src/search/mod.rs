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
//! - [`SearchWorker`] runs all that on its own thread for the TUI.
//! - [`hit_rows`] reads back from SQLite what a page of results shows.

pub mod cancel;
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
mod worker;

pub use cancel::{CancelToken, Cancelled, Generations};
pub use engine::{Hit, MatchKind, MatchedField, SearchResults, Searcher, TermMatch};
pub use fold::fold;
pub use index::SearchIndex;
pub use query::{Query, QueryError, Scope, Term, TermKind};
pub use rows::{HitRow, hit_rows};
pub use worker::{Reply, SearchWorker};

#[cfg(test)]
mod same_results;
#[cfg(test)]
mod tests;
