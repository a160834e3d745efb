//! The file's own numbering of its identifiers, made on the parsing thread: each
//! distinct (kind, value) gets the next number, so that the writer finds an
//! identifier's database id by index in a vector instead of hashing the value again
//! (the hashing moved off the writer, the import's bottleneck: ~2 CPU-s at a million
//! rows). Two million identifiers at a million rows: the values live in one arena and
//! a bucket is 12 bytes (a map of `(IdKind, String)` keys spent a heap allocation per
//! key and 40-byte buckets).

use std::hash::BuildHasher;

use hashbrown::HashTable;

use super::row::FoundIdentifier;
use crate::model::IdKind;

/// The number of an identifier the numbering could not hold (see [`Numbering::number`]).
pub const NO_NUMBER: u32 = u32::MAX;

#[derive(Clone, Copy)]
struct Slot {
    number: u32,
    start: u32,
    len: u16,
    kind: IdKind,
}

pub struct Numbering {
    arena: String,
    table: HashTable<Slot>,
    hasher: hashbrown::DefaultHashBuilder,
}

impl Numbering {
    /// Room for about `expected` identifiers without regrowing.
    pub fn with_capacity(expected: usize) -> Numbering {
        Numbering {
            arena: String::new(),
            table: HashTable::with_capacity(expected),
            hasher: hashbrown::DefaultHashBuilder::default(),
        }
    }

    /// The numbers of a row's identifiers, in order.
    pub fn number_all(&mut self, found: &[FoundIdentifier]) -> Vec<u32> {
        found
            .iter()
            .map(|f| self.number(f.identifier.kind, &f.identifier.value))
            .collect()
    }

    /// The number of (kind, value): the one it got when first seen, else the next.
    /// [`NO_NUMBER`] when the value cannot be held (longer than 64 KiB, the arena past
    /// 4 GiB, or numbers run out): the writer then asks the database each time.
    pub fn number(&mut self, kind: IdKind, value: &str) -> u32 {
        let hash = self.hasher.hash_one((kind, value));
        let Numbering {
            arena,
            table,
            hasher,
        } = self;
        let text = |s: &Slot| {
            arena
                .get(s.start as usize..s.start as usize + s.len as usize)
                .unwrap_or_default()
        };
        if let Some(slot) = table.find(hash, |s| s.kind == kind && text(s) == value) {
            return slot.number;
        }
        let (Ok(start), Ok(len), Ok(number)) = (
            u32::try_from(arena.len()),
            u16::try_from(value.len()),
            u32::try_from(table.len()),
        ) else {
            return NO_NUMBER;
        };
        if u32::try_from(arena.len() + value.len()).is_err() || number == NO_NUMBER {
            return NO_NUMBER;
        }
        arena.push_str(value);
        let slot = Slot {
            number,
            start,
            len,
            kind,
        };
        table.insert_unique(hash, slot, |s| {
            hasher.hash_one((s.kind, &arena[s.start as usize..][..s.len as usize]))
        });
        number
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_distinct_kind_and_value_gets_the_next_number_once() {
        let mut numbering = Numbering::with_capacity(2);
        let values: Vec<String> = (0..5000).map(|i| format!("+86138{i:08}")).collect();
        for (i, v) in values.iter().enumerate() {
            assert_eq!(numbering.number(IdKind::Phone, v), i as u32);
        }
        assert_eq!(numbering.number(IdKind::Service, "95118"), 5000);
        assert_eq!(
            numbering.number(IdKind::Partial, "95118"),
            5001,
            "kind is part of the key"
        );
        for (i, v) in values.iter().enumerate().rev() {
            assert_eq!(numbering.number(IdKind::Phone, v), i as u32);
        }
        assert_eq!(numbering.number(IdKind::Service, "95118"), 5000);
        assert_eq!(numbering.number(IdKind::Service, "9511"), 5002);
        assert_eq!(numbering.number(IdKind::Service, ""), 5003);
    }

    #[test]
    fn a_value_too_long_to_hold_gets_no_number_and_takes_none_from_the_others() {
        let mut numbering = Numbering::with_capacity(1);
        let long = "x".repeat(70_000);
        assert_eq!(numbering.number(IdKind::Wallet, &long), NO_NUMBER);
        assert_eq!(numbering.number(IdKind::Wallet, &long), NO_NUMBER);
        assert_eq!(numbering.number(IdKind::Wallet, &long[..65_535]), 0);
        assert_eq!(numbering.number(IdKind::Wallet, "short"), 1);
    }
}
