//! Tags a script with a scam type when the scam-type column is empty.

use super::Code;

/// The category a script reads as, if any reads clearly enough.
pub fn tag(_script: &str) -> Option<Code> {
    // Filled in by the tagger's own work (keywords with weights over real texts).
    None
}
