//! Stale-query detection, after gitui's generation numbers: every new query bumps a
//! shared counter; a search running for an older generation sees the counter move
//! and stops at its next chunk of cases instead of finishing work nobody will read.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// The search was abandoned because a newer query arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("search cancelled: a newer query arrived")]
pub struct Cancelled;

/// The shared generation counter: one per search front end.
#[derive(Debug, Clone, Default)]
pub struct Generations {
    latest: Arc<AtomicU64>,
}

impl Generations {
    pub fn new() -> Generations {
        Generations::default()
    }

    /// Starts a new generation (making every older token stale) and returns its token.
    pub fn next(&self) -> CancelToken {
        let generation = self.latest.fetch_add(1, Ordering::AcqRel) + 1;
        CancelToken {
            latest: Some(Arc::clone(&self.latest)),
            generation,
        }
    }

    pub fn latest(&self) -> u64 {
        self.latest.load(Ordering::Acquire)
    }
}

/// Carried by one search; checked between chunks of work.
#[derive(Debug, Clone)]
pub struct CancelToken {
    latest: Option<Arc<AtomicU64>>,
    generation: u64,
}

impl CancelToken {
    /// A token that is never stale (the CLI's one-shot search).
    pub fn never() -> CancelToken {
        CancelToken {
            latest: None,
            generation: 0,
        }
    }

    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// True once a newer generation has started.
    pub fn is_stale(&self) -> bool {
        self.latest
            .as_ref()
            .is_some_and(|l| l.load(Ordering::Acquire) != self.generation)
    }

    pub fn check(&self) -> Result<(), Cancelled> {
        if self.is_stale() {
            Err(Cancelled)
        } else {
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_newer_generation_makes_older_tokens_stale() {
        let g = Generations::new();
        let first = g.next();
        assert!(!first.is_stale());
        let second = g.next();
        assert!(first.is_stale());
        assert_eq!(first.check(), Err(Cancelled));
        assert!(!second.is_stale());
        assert_eq!(second.generation(), g.latest());
        assert!(!CancelToken::never().is_stale());
    }
}
