//! The one search path: which back end answers a query, decided here for every front
//! end. The in-memory index answers whatever it is given once it is built; before
//! that (and in a shell, where building it would cost more than the query), queries
//! of identifiers, last digits and report numbers are answered by the cold SQLite
//! lookups ([`super::cold`]), which give the same hits in the same order. Text needs
//! the index.

use std::borrow::Cow;

use super::cancel::{CancelToken, Cancelled};
use super::cold;
use super::engine::{Hit, SearchResults, Searcher};
use super::index::SearchIndex;
use super::query::Query;
use crate::store::Store;

/// Which back end answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// The in-memory index.
    Index,
    /// SQLite's indexes, without the in-memory index.
    Cold,
}

/// Why a search gave no results.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// A newer query arrived.
    #[error(transparent)]
    Cancelled(#[from] Cancelled),
    /// The query needs the in-memory index, which is not built (yet).
    #[error("this query needs the search index, which is not built yet")]
    NeedsIndex,
    #[error(transparent)]
    Query(#[from] super::query::QueryError),
    #[error(transparent)]
    Store(#[from] crate::Error),
}

impl SearchError {
    /// As the core's error (a store error as it was, the others told in words).
    pub fn into_error(self) -> crate::Error {
        match self {
            SearchError::Store(e) => e,
            SearchError::Cancelled(_) => crate::Error::Cancelled,
            SearchError::Query(e) => crate::Error::Refused(e.to_string()),
            e @ SearchError::NeedsIndex => crate::Error::Inconsistent(e.to_string()),
        }
    }
}

/// Runs `query` for the results ranked `offset + 1 ..= offset + limit` (`limit` 0:
/// all from `offset`; see [`Searcher::search_page`]) on the index when there is one,
/// else from SQLite when the query allows it.
pub fn search_page(
    store: &Store,
    index: Option<&SearchIndex>,
    searcher: &mut Searcher,
    query: &Query,
    offset: usize,
    limit: usize,
    cancel: &CancelToken,
) -> Result<(SearchResults, Backend), SearchError> {
    let query = &with_tags(store, query)?;
    if let Some(ix) = index {
        let results = searcher.search_page(ix, query, offset, limit, cancel)?;
        return Ok((results, Backend::Index));
    }
    match cold::answer(store, query, offset, limit)? {
        Some(results) => Ok((results, Backend::Cold)),
        None => Err(SearchError::NeedsIndex),
    }
}

/// One query from a shell: from SQLite when the query allows it, else on an index
/// built for it.
pub fn search_once(
    store: &Store,
    query: &Query,
    limit: usize,
) -> crate::Result<(SearchResults, Backend)> {
    let query = &with_tags(store, query)?;
    if let Some(results) = cold::answer(store, query, 0, limit)? {
        return Ok((results, Backend::Cold));
    }
    let index = SearchIndex::build(store)?;
    let results = index
        .search(query, limit)
        .map_err(|_| crate::Error::Cancelled)?;
    Ok((results, Backend::Index))
}

/// Every result of the query `text` (read with the database's alias table), in rank
/// order, handed to `each` a chunk of at most `chunk` at a time: on the index when
/// there is one, else from SQLite when the query allows it. For exports: a chunk of
/// the ranking is explained at a time (all of 600k results at once were 160 MB more).
pub fn each_ranked(
    store: &Store,
    index: Option<&SearchIndex>,
    text: &str,
    unmasked: bool,
    chunk: usize,
    each: &mut dyn FnMut(&[Hit]) -> crate::Result<()>,
) -> Result<(), SearchError> {
    let mut query = Query {
        unmasked,
        ..Query::parse_with(text, store.scam_types())?
    };
    query.read_tags(store.connection())?;
    let chunk = chunk.max(1);
    let Some(ix) = index else {
        let results = cold::answer(store, &query, 0, 0)?.ok_or(SearchError::NeedsIndex)?;
        for hits in results.hits.chunks(chunk) {
            each(hits)?;
        }
        return Ok(());
    };
    // The same query again refines its own matches, and ranks the same way.
    let mut searcher = Searcher::new();
    let never = CancelToken::never();
    let mut done = 0;
    loop {
        let page = searcher.search_page(ix, &query, done, chunk, &never)?;
        // Past the end a page is the last one again: keep only what is new.
        let hits: Vec<Hit> = page.hits.into_iter().filter(|h| h.rank > done).collect();
        if hits.is_empty() {
            return Ok(());
        }
        done += hits.len();
        each(&hits)?;
    }
}

/// The query with the cases its `tag:` filters keep read from the store: tags change
/// without a new index, so they are read for each query (nothing to read without).
fn with_tags<'q>(store: &Store, query: &'q Query) -> crate::Result<Cow<'q, Query>> {
    if query.tags.is_empty() || query.tagged.is_some() {
        return Ok(Cow::Borrowed(query));
    }
    let mut read = query.clone();
    read.read_tags(store.connection())?;
    Ok(Cow::Owned(read))
}
