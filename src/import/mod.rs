//! Import of weekly batches. (In progress.)
