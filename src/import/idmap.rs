//! The writer's map from (kind, value) to identifier id, over every identifier a file
//! holds: two million at a million rows. A map of `(IdKind, String)` keys spent a heap
//! allocation per key and 40-byte buckets (~230 MiB at that size, more while it grew);
//! here the values live in one arena and a bucket is 16 bytes (~100 MiB, sized once).

use std::hash::BuildHasher;

use hashbrown::HashTable;

use crate::model::IdKind;

#[derive(Clone, Copy)]
struct Slot {
    id: i64,
    start: u32,
    len: u16,
    kind: IdKind,
}

pub struct IdMap {
    arena: String,
    table: HashTable<Slot>,
    hasher: hashbrown::DefaultHashBuilder,
}

impl IdMap {
    /// Room for about `expected` identifiers without regrowing.
    pub fn with_capacity(expected: usize) -> IdMap {
        IdMap {
            arena: String::new(),
            table: HashTable::with_capacity(expected),
            hasher: hashbrown::DefaultHashBuilder::default(),
        }
    }

    fn hash(&self, kind: IdKind, value: &str) -> u64 {
        self.hasher.hash_one((kind, value))
    }

    pub fn get(&self, kind: IdKind, value: &str) -> Option<i64> {
        let hash = self.hash(kind, value);
        self.table
            .find(hash, |s| s.kind == kind && self.text(s) == value)
            .map(|s| s.id)
    }

    /// Remembers `id` for (kind, value). False when the value cannot be held (longer
    /// than 64 KiB, or the arena past 4 GiB): the caller then asks the database each time.
    pub fn insert(&mut self, kind: IdKind, value: &str, id: i64) -> bool {
        let (Ok(start), Ok(len)) = (u32::try_from(self.arena.len()), u16::try_from(value.len()))
        else {
            return false;
        };
        if u32::try_from(self.arena.len() + value.len()).is_err() {
            return false;
        }
        let hash = self.hash(kind, value);
        self.arena.push_str(value);
        let slot = Slot {
            id,
            start,
            len,
            kind,
        };
        let IdMap {
            arena,
            table,
            hasher,
        } = self;
        table.insert_unique(hash, slot, |s| {
            hasher.hash_one((s.kind, &arena[s.start as usize..][..s.len as usize]))
        });
        true
    }

    fn text(&self, s: &Slot) -> &str {
        self.arena
            .get(s.start as usize..s.start as usize + s.len as usize)
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_it_was_given_by_kind_and_value() {
        let mut map = IdMap::with_capacity(2);
        let values: Vec<String> = (0..5000).map(|i| format!("+86138{i:08}")).collect();
        for (i, v) in values.iter().enumerate() {
            assert!(map.insert(IdKind::Phone, v, i as i64));
        }
        assert!(map.insert(IdKind::Service, "95118", -1));
        assert!(map.insert(IdKind::Partial, "95118", -2));
        for (i, v) in values.iter().enumerate() {
            assert_eq!(map.get(IdKind::Phone, v), Some(i as i64));
            assert_eq!(map.get(IdKind::Card, v), None, "kind is part of the key");
        }
        assert_eq!(map.get(IdKind::Service, "95118"), Some(-1));
        assert_eq!(map.get(IdKind::Partial, "95118"), Some(-2));
        assert_eq!(map.get(IdKind::Service, "9511"), None);
        assert_eq!(map.get(IdKind::Service, ""), None);
    }

    #[test]
    fn a_value_too_long_to_hold_is_refused_not_truncated() {
        let mut map = IdMap::with_capacity(1);
        let long = "x".repeat(70_000);
        assert!(!map.insert(IdKind::Wallet, &long, 7));
        assert_eq!(map.get(IdKind::Wallet, &long), None);
        assert_eq!(map.get(IdKind::Wallet, &long[..65_535]), None);
    }
}
