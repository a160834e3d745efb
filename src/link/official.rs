//! The built-in list of official service numbers (`db/official_numbers.txt`): a caller
//! showing one is spoofing it, and it never links cases.

use std::collections::HashSet;
use std::sync::OnceLock;

const LIST: &str = include_str!("../../db/official_numbers.txt");

fn numbers() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        LIST.lines()
            .filter_map(|line| line.split('#').next())
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .collect()
    })
}

/// Whether a canonical identifier value is an official service number. Mainland
/// numbers are also matched in E.164 (`+8695118` for a `95118` parsed as a phone).
pub fn is_official(value: &str) -> bool {
    let set = numbers();
    set.contains(value) || value.strip_prefix("+86").is_some_and(|v| set.contains(v))
}

/// The whole list, as dialled.
pub fn all() -> impl Iterator<Item = &'static str> {
    numbers().iter().copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_design_numbers_are_official() {
        for n in [
            "95118",
            "95188",
            "95588",
            "95533",
            "95599",
            "95566",
            "95555",
            "4006065500",
        ] {
            assert!(is_official(n), "{n}");
        }
        assert!(!is_official("+8613812345678"));
        assert!(!is_official(""));
    }
}
