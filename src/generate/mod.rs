//! Synthetic weekly batches. (In progress.)
