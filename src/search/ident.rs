//! The identifier side of the index: every identifier value once, in one string
//! arena, with two sorted orders over it — by value (exact lookups) and by reversed
//! value (suffix lookups: the last digits a victim remembers) — and the postings that
//! tie identifiers to cases. Lookups are binary searches; only the substring tier
//! scans, and it scans the identifier values (a few bytes each), never the cases.

use std::cmp::Ordering;

use memchr::memmem::Finder;
use rayon::prelude::*;

use super::cancel::{CancelToken, Cancelled};
use super::grams::DigitGrams;
use super::postings::Postings;
use super::ranks::ByteRanks;

/// Which slot of a case an identifier fills; decides which scopes it answers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Slot {
    Caller = 0,
    Account = 1,
    Contact = 2,
    VictimPhone = 3,
    /// Found in the narrative, or a role this version does not know.
    Other = 4,
    /// The case's report number (not an identifier of the database: matched by
    /// prefix against the index's report numbers).
    ReportNo = 5,
}

impl Slot {
    /// From the `role` and `origin` of `case_identifiers` (the column bytes: no
    /// UTF-8 check per posting read). A partial number keeps the slot of the column
    /// it was written in.
    pub fn from_row_bytes(role: &[u8], origin: &[u8]) -> Slot {
        match role {
            b"caller" => Slot::Caller,
            b"account" => Slot::Account,
            b"contact" => Slot::Contact,
            b"victim_phone" => Slot::VictimPhone,
            _ => match origin {
                b"caller_number" => Slot::Caller,
                b"receiving_account" => Slot::Account,
                b"contact_ids" => Slot::Contact,
                b"victim_phone" => Slot::VictimPhone,
                _ => Slot::Other,
            },
        }
    }

    /// True when the identifier was found in the narrative rather than a column.
    pub fn is_narrative(origin: &[u8]) -> bool {
        !matches!(
            origin,
            b"caller_number" | b"receiving_account" | b"contact_ids" | b"victim_phone"
        )
    }

    fn from_u8(n: u8) -> Slot {
        match n & !NARRATIVE {
            0 => Slot::Caller,
            1 => Slot::Account,
            2 => Slot::Contact,
            3 => Slot::VictimPhone,
            _ => Slot::Other,
        }
    }
}

/// Bit set in a posting's slot byte for an identifier found in the narrative.
const NARRATIVE: u8 = 0x10;

/// Flag bits kept per identifier.
pub mod iflags {
    pub const IGNORED: u8 = 1;
    pub const OFFICIAL: u8 = 2;
}

/// How an identifier matched a term.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum IdTier {
    Substring = 1,
    /// A partial number and a full one that agree as far as the partial shows.
    Partial = 2,
    Suffix = 3,
    Exact = 4,
}

/// The identifiers' value orders, as [`IdentTable::value_orders`] sorted them for
/// its first `idents` identifiers.
pub struct ValueOrders {
    idents: usize,
    by_value: Vec<u32>,
    by_reversed: Vec<u32>,
    grams: DigitGrams,
}

#[derive(Default)]
pub struct IdentTable {
    /// SQLite ids, ascending (identifiers are loaded in id order).
    db_ids: Vec<u32>,
    flags: Vec<u8>,
    /// `values[starts[i]..starts[i + 1]]` is identifier i's canonical value.
    starts: Vec<u32>,
    values: String,
    by_value: Vec<u32>,
    by_reversed: Vec<u32>,
    /// Byte frequencies of `values`, for the substring scan's prefilter.
    ranks: ByteRanks,
    /// Which blocks of values hold which four-digit runs: what the substring scan
    /// may skip.
    grams: DigitGrams,
    postings: Postings,
}

/// Where SQLite id `db_id` is in `ids` (ascending). Ids are dense unless rows were
/// deleted: the id's offset from the first is tried before a binary search, which
/// spares millions of searches when postings are read.
pub(super) fn position_of(ids: &[u32], db_id: i64) -> Option<u32> {
    let id = u32::try_from(db_id).ok()?;
    let (&first, &last) = (ids.first()?, ids.last()?);
    let guess = id.checked_sub(first)? as usize;
    // Without gaps the offset is the place: no read of `ids` (a cache miss).
    if (last - first) as usize == ids.len() - 1 {
        return (id <= last).then(|| u32::try_from(guess).ok()).flatten();
    }
    if ids.get(guess) == Some(&id) {
        return u32::try_from(guess).ok();
    }
    ids.binary_search(&id)
        .ok()
        .and_then(|i| u32::try_from(i).ok())
}

/// The first 16 bytes of `bytes`, big-endian, zero-padded: comparing two keys
/// agrees with comparing the byte strings whenever the keys differ (a shorter string
/// pads with 0, below any byte that could follow a common prefix, NUL aside; equal
/// keys fall back to the full comparison).
///
/// Laid into a zeroed buffer and read as one number: shifting a `u128` by each
/// byte cost several times as much, for every identifier of every build.
fn prefix_key(bytes: impl Iterator<Item = u8>) -> u128 {
    let mut key = [0u8; 16];
    for (slot, b) in key.iter_mut().zip(bytes) {
        *slot = b;
    }
    u128::from_be_bytes(key)
}

fn rev_cmp(value: &str, key: &[u8]) -> Ordering {
    value.bytes().rev().cmp(key.iter().copied())
}

/// Compares the first `key.len()` bytes of the reversed value with `key`.
fn rev_prefix_cmp(value: &str, key: &[u8]) -> Ordering {
    value.bytes().rev().take(key.len()).cmp(key.iter().copied())
}

impl IdentTable {
    pub fn len(&self) -> usize {
        self.db_ids.len()
    }

    pub fn last_db_id(&self) -> i64 {
        self.db_ids.last().map_or(0, |&id| i64::from(id))
    }

    pub fn value(&self, ident: u32) -> &str {
        let i = ident as usize;
        match (self.starts.get(i), self.starts.get(i + 1)) {
            (Some(&a), Some(&b)) => self.values.get(a as usize..b as usize).unwrap_or(""),
            _ => "",
        }
    }

    pub fn flags(&self, ident: u32) -> u8 {
        self.flags.get(ident as usize).copied().unwrap_or(0)
    }

    pub fn is_ignored(&self, ident: u32) -> bool {
        self.flags(ident) & iflags::IGNORED != 0
    }

    /// The internal index of an identifier by its SQLite id.
    pub fn find_db_id(&self, db_id: i64) -> Option<u32> {
        position_of(&self.db_ids, db_id)
    }

    /// Adds an identifier (SQLite ids must arrive ascending). Call [`Self::reindex`] after a batch.
    pub fn push(&mut self, db_id: i64, value: &str, flags: u8) -> crate::Result<()> {
        let too_big = || crate::Error::TooBig("search index: too many identifiers");
        let id = u32::try_from(db_id).map_err(|_| too_big())?;
        if self.starts.is_empty() {
            self.starts.push(0);
        }
        self.values.push_str(value);
        self.starts
            .push(u32::try_from(self.values.len()).map_err(|_| too_big())?);
        self.db_ids.push(id);
        self.flags.push(flags);
        Ok(())
    }

    pub fn set_flags(&mut self, ident: u32, flags: u8) {
        if let Some(f) = self.flags.get_mut(ident as usize) {
            *f = flags;
        }
    }

    /// Adds postings (any order); call [`Self::reindex`] after a batch.
    pub fn link(&mut self, ident: u32, case: u32, slot: Slot, narrative: bool) {
        let slot = slot as u8 | if narrative { NARRATIVE } else { 0 };
        self.postings.add(ident, case, slot);
    }

    /// Re-sorts the orders after identifiers and postings were added.
    pub fn reindex(&mut self) {
        let orders = self.value_orders();
        self.reindex_with(orders);
    }

    /// [`Self::reindex`] with value orders computed beforehand by
    /// [`Self::value_orders`] (on another thread while the postings were read);
    /// recomputed if identifiers were added since.
    pub fn reindex_with(&mut self, orders: ValueOrders) {
        self.postings.rebuild(self.len());
        let orders = if orders.idents == self.len() {
            orders
        } else {
            self.value_orders()
        };
        self.by_value = orders.by_value;
        self.by_reversed = orders.by_reversed;
        self.grams = orders.grams;
        self.ranks = ByteRanks::counted(self.values.as_bytes());
    }

    /// The two orders of the identifiers' values (exact and suffix lookups) and
    /// their digit grams: they depend on the values alone, not on the postings.
    pub fn value_orders(&self) -> ValueOrders {
        // One buffer of keys for both sorts: a second one of the same size, freed
        // after the first, stayed in the allocator's heap (30 MB at a million
        // cases, under glibc's threshold for giving memory back).
        let mut keyed = Vec::new();
        ValueOrders {
            idents: self.len(),
            grams: DigitGrams::new(self.values.as_bytes(), &self.starts),
            by_value: self.sorted_by(&mut keyed, |v| prefix_key(v.bytes()), |a, b| a.cmp(b)),
            by_reversed: self.sorted_by(
                &mut keyed,
                |v| prefix_key(v.bytes().rev()),
                |a, b| a.bytes().rev().cmp(b.bytes().rev()),
            ),
        }
    }

    /// Identifier indexes in the order of `cmp` over their values, ties by index.
    /// Each identifier is sorted as one `u128`: the first 12 bytes of its prefix key
    /// above its index, so that a plain integer sort decides nearly every comparison
    /// over contiguous memory (comparing values through the arena, what the key
    /// spares, made the two orders most of an index build's sorting; sorting
    /// (key, index) pairs with a comparator was still a fifth of a build). Values
    /// alike in their first 12 bytes come out in index order, next to each other,
    /// and are put in `cmp` order after.
    fn sorted_by(
        &self,
        keyed: &mut Vec<u128>,
        key: impl Fn(&str) -> u128 + Sync,
        cmp: impl Fn(&str, &str) -> Ordering + Sync,
    ) -> Vec<u32> {
        const INDEX_BITS: u32 = 32;
        let n = u32::try_from(self.len()).unwrap_or(u32::MAX);
        keyed.clear();
        keyed.par_extend(
            (0..n)
                .into_par_iter()
                .map(|i| key(self.value(i)) >> INDEX_BITS << INDEX_BITS | u128::from(i)),
        );
        keyed.par_sort_unstable();
        let mut order: Vec<u32> = keyed.iter().map(|&k| k as u32).collect();
        let mut run = 0;
        for k in 1..=keyed.len() {
            if keyed.get(k).map(|&next| next >> INDEX_BITS) != Some(keyed[run] >> INDEX_BITS) {
                if k - run > 1 {
                    order[run..k]
                        .sort_by(|&a, &b| cmp(self.value(a), self.value(b)).then(a.cmp(&b)));
                }
                run = k;
            }
        }
        order
    }

    /// Identifiers whose value is exactly `value` (any kind).
    pub fn exact(&self, value: &str) -> &[u32] {
        let lo = self.by_value.partition_point(|&i| self.value(i) < value);
        let hi = self.by_value.partition_point(|&i| self.value(i) <= value);
        &self.by_value[lo..hi]
    }

    /// Identifiers whose value ends with `suffix`.
    pub fn ending_with(&self, suffix: &str) -> &[u32] {
        let key: Vec<u8> = suffix.bytes().rev().collect();
        self.ending_with_reversed(&key)
    }

    fn ending_with_reversed(&self, key: &[u8]) -> &[u32] {
        let lo = self
            .by_reversed
            .partition_point(|&i| rev_cmp(self.value(i), key) == Ordering::Less);
        let hi = self
            .by_reversed
            .partition_point(|&i| rev_prefix_cmp(self.value(i), key) != Ordering::Greater);
        self.by_reversed.get(lo..hi).unwrap_or(&[])
    }

    /// Partial identifiers (`6222*1234`, `*1234`) that `digits` could be the whole of:
    /// the digits start with the visible head and end with the visible tail.
    pub fn partials_of(&self, digits: &str) -> Vec<u32> {
        let mut out = Vec::new();
        let bytes = digits.as_bytes();
        for tail in 1..bytes.len() {
            let mut key: Vec<u8> = bytes[bytes.len() - tail..].iter().rev().copied().collect();
            key.push(b'*');
            for &i in self.ending_with_reversed(&key) {
                let value = self.value(i);
                let head = value.split('*').next().unwrap_or("");
                if digits.starts_with(head) && head.len() + tail < digits.len() {
                    out.push(i);
                }
            }
        }
        out
    }

    /// Identifiers whose value contains `digits` anywhere: a parallel scan of the
    /// values ([`values_containing`]), only of the blocks whose digit grams allow a
    /// match when the grams can tell.
    pub fn containing(&self, digits: &str, cancel: &CancelToken) -> Result<Vec<u32>, Cancelled> {
        const CHUNK: usize = 1 << 14;
        if digits.is_empty() {
            return Ok(Vec::new());
        }
        let n = self.len();
        let runs = match self.grams.candidates(digits.as_bytes()) {
            Some(runs) if self.grams.values() == n => runs,
            _ => (0..n)
                .step_by(CHUNK)
                .map(|a| a..(a + CHUNK).min(n))
                .collect(),
        };
        let finder = self.ranks.finder(digits.as_bytes());
        let bytes = self.values.as_bytes();
        let found: Result<Vec<Vec<u32>>, Cancelled> = runs
            .par_iter()
            .with_min_len(16)
            .map(|run| {
                cancel.check()?;
                // Offsets of values run.start..=run.end: value i is starts[i]..starts[i + 1].
                let starts = &self.starts[run.start..=run.end];
                let mut hits = Vec::new();
                values_containing(&finder, digits.len(), bytes, starts, 0, |k| {
                    hits.push(u32::try_from(run.start + k).unwrap_or(u32::MAX));
                });
                Ok(hits)
            })
            .collect();
        Ok(found?.into_iter().flatten().collect())
    }

    /// The cases holding identifier `ident`: the slot each holds it in, and whether
    /// it was found in the narrative.
    pub fn cases_of(&self, ident: u32) -> impl Iterator<Item = (u32, Slot, bool)> + '_ {
        self.postings
            .of(ident)
            .map(|(case, slot)| (case, Slot::from_u8(slot), slot & NARRATIVE != 0))
    }

    /// Numbers that a partial one (`138*5678`, `*5678`) may stand for: full numbers
    /// ending with its tail whose digits (a country code aside) start with its head,
    /// and partial numbers whose visible parts agree with it.
    pub fn completing(&self, partial: &str) -> Vec<u32> {
        let mut parts = partial.split('*').filter(|p| !p.is_empty());
        let (head, tail) = match (partial.starts_with('*'), parts.next(), parts.next_back()) {
            (true, Some(tail), None) => ("", tail),
            (false, Some(head), Some(tail)) => (head, tail),
            _ => return Vec::new(),
        };
        self.ending_with(tail)
            .iter()
            .copied()
            .filter(|&i| {
                let value = self.value(i);
                if let Some((own_head, _)) = value.split_once('*') {
                    // Another partial of the same number, as far as both show.
                    return own_head.starts_with(head) || head.starts_with(own_head);
                }
                let digits = value.trim_start_matches('+');
                let national = digits.strip_prefix("86").unwrap_or(digits);
                [digits, national]
                    .iter()
                    .any(|d| d.starts_with(head) && d.len() > head.len() + tail.len())
            })
            .collect()
    }

    /// Approximate heap bytes, for the memory budget.
    pub fn heap_bytes(&self) -> usize {
        self.db_ids.capacity() * 4
            + self.flags.capacity()
            + self.starts.capacity() * 4
            + self.values.capacity()
            + self.by_value.capacity() * 4
            + self.by_reversed.capacity() * 4
            + self.grams.heap_bytes()
            + self.postings.heap_bytes()
    }
}

/// The table in the index file (`persist`, written by `index`): its parts as they
/// are, checked as they are read back. The values and ids are a part of the file of
/// their own (`write_values`), their digit grams another (`write_digits`), which a
/// cold lookup of digits reads a piece at a time (`value_blocks`); the rest
/// (`write_to`) is read after them (`read_from`).
impl IdentTable {
    pub(super) fn write_values<W: std::io::Write>(
        &self,
        out: &mut super::persist::Out<W>,
    ) -> std::io::Result<()> {
        out.u32s(&self.starts)?;
        out.bytes(self.values.as_bytes())?;
        out.u32s(&self.db_ids)
    }

    pub(super) fn write_digits<W: std::io::Write>(
        &self,
        out: &mut super::persist::Out<W>,
    ) -> std::io::Result<()> {
        super::value_blocks::write_part(
            out,
            &self.starts,
            self.values.as_bytes(),
            &self.db_ids,
            &self.grams,
        )
    }

    /// The table whose values [`Self::read_values`] read, with its digit grams.
    pub(super) fn read_digits<R: std::io::Read>(
        input: &mut super::persist::In<R>,
        values: IdentTable,
    ) -> std::io::Result<IdentTable> {
        let grams = super::value_blocks::read_part(input, values.len())?;
        Ok(IdentTable { grams, ..values })
    }

    pub(super) fn write_to<W: std::io::Write>(
        &self,
        out: &mut super::persist::Out<W>,
    ) -> std::io::Result<()> {
        out.bytes(&self.flags)?;
        out.u32s(&self.by_value)?;
        out.u32s(&self.by_reversed)?;
        self.postings.write_to(out)
    }

    /// The values and ids alone, for [`Self::read_from`] to read the rest into.
    pub(super) fn read_values<R: std::io::Read>(
        input: &mut super::persist::In<R>,
    ) -> std::io::Result<IdentTable> {
        use super::persist::ensure;
        let starts = input.u32s()?;
        let values = input.string()?;
        let db_ids = input.u32s()?;
        let n = db_ids.len();
        ensure(
            db_ids.windows(2).all(|w| w[0] < w[1]),
            "identifier ids out of order",
        )?;
        ensure(
            (n == 0 && starts.is_empty() || starts.len() == n + 1)
                && super::index::ascending_within(&starts, &values)
                && starts.last().map_or(0, |&s| s as usize) == values.len(),
            "identifier values out of bounds",
        )?;
        let ranks = ByteRanks::counted(values.as_bytes());
        Ok(IdentTable {
            db_ids,
            starts,
            values,
            ranks,
            ..IdentTable::default()
        })
    }

    /// The table whose ids, values and grams [`Self::read_digits`] read, with the rest.
    pub(super) fn read_from<R: std::io::Read>(
        values: IdentTable,
        input: &mut super::persist::In<R>,
    ) -> std::io::Result<IdentTable> {
        use super::persist::ensure;
        let flags = input.bytes()?;
        let by_value = input.u32s()?;
        let by_reversed = input.u32s()?;
        let n = values.db_ids.len();
        let postings = Postings::read_from(input, n)?;
        ensure(flags.len() == n, "identifier flags of another length")?;
        ensure(
            by_value.len() == n
                && by_reversed.len() == n
                && by_value
                    .iter()
                    .chain(&by_reversed)
                    .all(|&i| (i as usize) < n),
            "identifier orders past the identifiers",
        )?;
        Ok(IdentTable {
            flags,
            by_value,
            by_reversed,
            postings,
            ..values
        })
    }

    /// True when every posting names a case below `cases`.
    pub(super) fn cases_below(&self, cases: u32) -> bool {
        self.postings.cases_below(cases)
    }
}

/// Calls `hit(k)` for each value k of a run of values that holds `needle` (found by
/// `finder`, of `needle_len` bytes): value k is `bytes[starts[k] - base..starts[k +
/// 1] - base]`, starts ascending and within `bytes`. The run is searched as one run
/// of bytes (one `memmem` pass, not a call per value: 5-10x faster); a hit that
/// straddles two values is not a match, and the search resumes at the next value's
/// start. Each value once, in order.
pub(super) fn values_containing(
    finder: &Finder<'_>,
    needle_len: usize,
    bytes: &[u8],
    starts: &[u32],
    base: usize,
    mut hit: impl FnMut(usize),
) {
    let (Some(&first), Some(&last)) = (starts.first(), starts.last()) else {
        return;
    };
    let end = last as usize - base;
    let mut at = first as usize - base;
    while let Some(found) = finder.find(&bytes[at..end]) {
        let pos = at + found + base;
        // The value holding `pos`: the last start at or before it.
        let k = starts.partition_point(|&s| s as usize <= pos) - 1;
        let value_end = starts[k + 1] as usize - base;
        if pos - base + needle_len <= value_end {
            hit(k);
        }
        // Each value once; a straddling hit resumes at the next value.
        at = value_end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(values: &[&str]) -> IdentTable {
        let mut t = IdentTable::default();
        for (i, v) in values.iter().enumerate() {
            t.push(i as i64 + 1, v, 0).unwrap();
            t.link(i as u32, i as u32, Slot::Account, false);
        }
        t.reindex();
        t
    }

    #[test]
    fn orders_sorted_before_more_identifiers_came_are_sorted_again() {
        let mut early = table(&["+8613812345678", "6217001234"]);
        let mut whole = table(&["+8613812345678", "6217001234"]);
        let stale = early.value_orders();
        for t in [&mut early, &mut whole] {
            t.push(3, "6222021234", 0).unwrap();
            t.link(2, 2, Slot::Account, false);
        }
        early.reindex_with(stale);
        whole.reindex();
        for t in [&early, &whole] {
            assert_eq!(t.exact("6222021234"), [2]);
            assert_eq!(t.ending_with("1234"), [1, 2]);
            assert_eq!(t.cases_of(2).count(), 1);
        }
        assert_eq!(early.by_value, whole.by_value);
        assert_eq!(early.by_reversed, whole.by_reversed);
    }

    fn values<'a>(t: &'a IdentTable, ids: &[u32]) -> Vec<&'a str> {
        let mut v: Vec<&str> = ids.iter().map(|&i| t.value(i)).collect();
        v.sort_unstable();
        v
    }

    #[test]
    fn exact_suffix_and_substring_lookups() {
        let t = table(&[
            "+8613812345678",
            "6222021234567890123",
            "6217001234",
            "*1234",
            "6222*0123",
            "abc@qq.com",
        ]);
        assert_eq!(values(&t, t.exact("6217001234")), ["6217001234"]);
        assert!(t.exact("621700123").is_empty());
        assert_eq!(values(&t, t.ending_with("1234")), ["*1234", "6217001234"]);
        assert_eq!(values(&t, t.ending_with("890123")), ["6222021234567890123"]);
        let all = t.containing("1234", &CancelToken::never()).unwrap();
        assert_eq!(
            values(&t, &all),
            [
                "*1234",
                "+8613812345678",
                "6217001234",
                "6222021234567890123"
            ]
        );
        assert_eq!(
            values(&t, &t.partials_of("6222021234567890123")),
            ["6222*0123"]
        );
        assert!(t.partials_of("6217000123").is_empty());
        assert_eq!(values(&t, &t.completing("138*5678")), ["+8613812345678"]);
        assert_eq!(
            values(&t, &t.completing("*0123")),
            ["6222*0123", "6222021234567890123"]
        );
        assert!(t.completing("139*5678").is_empty());
    }

    #[test]
    fn substring_scan_ignores_hits_across_values() {
        // "..12" + "1212": the first hit straddles the two values; the second value
        // still holds the term on its own. Empty values and self-overlap too.
        let vals = ["9912", "1212", "", "12", "3412", "1234", "121212"];
        let t = table(&vals);
        for term in ["1212", "12", "1234", "34", "2", "99121212"] {
            let got = t.containing(term, &CancelToken::never()).unwrap();
            let mut want: Vec<&str> = vals.iter().copied().filter(|v| v.contains(term)).collect();
            want.sort_unstable();
            assert_eq!(values(&t, &got), want, "{term}");
        }
    }

    /// Numbers from a seeded generator (the one `casebench generate` uses):
    /// `next(m)` is below `m`.
    fn seeded(seed: u64) -> impl FnMut(u64) -> u64 {
        let mut rng = fastrand::Rng::with_seed(seed);
        move |m| rng.u64(..m)
    }

    #[test]
    fn substring_scan_over_many_blocks_finds_what_a_plain_scan_finds() {
        // Random digit strings of 3 to 18 characters, a few with a separator, over
        // thousands of values (many gram blocks); needles of 3 to 7 digits (those
        // of 3 the grams cannot filter).
        let mut next = seeded(0x5eed);
        let owned: Vec<String> = (0..3000)
            .map(|_| {
                let len = 3 + next(16) as usize;
                (0..len)
                    .map(|_| match next(40) {
                        38 => '*',
                        39 => 'x',
                        d => char::from(b'0' + (d % 10) as u8),
                    })
                    .collect()
            })
            .collect();
        let vals: Vec<&str> = owned.iter().map(String::as_str).collect();
        let t = table(&vals);
        // One less than a gram block: the cuts come from every place in a block.
        const CUT_EVERY: usize = 127;
        // Needles cut from values all over the table (every block's last value
        // among them), and random ones, most of which match nothing.
        let mut needles: Vec<String> = (0..vals.len())
            .step_by(CUT_EVERY)
            .filter_map(|i| {
                let len = 3 + next(5) as usize;
                let v = vals[i].as_bytes();
                let at = next(v.len().saturating_sub(len).max(1) as u64) as usize;
                let cut = v.get(at..at + len)?;
                cut.iter()
                    .all(u8::is_ascii_digit)
                    .then(|| String::from_utf8_lossy(cut).into_owned())
            })
            .collect();
        needles.extend((0..100).map(|_| {
            let len = 4 + next(4) as usize;
            (0..len)
                .map(|_| char::from(b'0' + next(10) as u8))
                .collect()
        }));
        let mut matched = 0;
        for needle in &needles {
            let got = t.containing(needle, &CancelToken::never()).unwrap();
            let want: Vec<u32> = (0..vals.len() as u32)
                .filter(|&i| vals[i as usize].contains(needle.as_str()))
                .collect();
            assert_eq!(got, want, "{needle}");
            matched += want.len();
        }
        assert!(
            matched > 150,
            "the needles should match something: {matched}"
        );
    }

    #[test]
    fn value_orders_agree_with_sorting_the_strings() {
        // Values sharing their first 10-14 bytes (phones of one range, cards of one
        // bank), front and back, some equal: the integer sort and its fix-up of
        // values alike in their first 12 bytes must give the strings' own order.
        let mut next = seeded(0x9e37_79b9);
        let owned: Vec<String> = (0..2000)
            .map(|_| {
                let digits: String = (0..next(6))
                    .map(|_| char::from(b'0' + next(3) as u8))
                    .collect();
                match next(3) {
                    0 => format!("+861381234{digits}"),
                    1 => format!("{digits}4321876543210"),
                    _ => format!("62220212345{digits}"),
                }
            })
            .collect();
        let vals: Vec<&str> = owned.iter().map(String::as_str).collect();
        let t = table(&vals);
        let mut want: Vec<u32> = (0..vals.len() as u32).collect();
        want.sort_by(|&a, &b| vals[a as usize].cmp(vals[b as usize]).then(a.cmp(&b)));
        assert_eq!(t.by_value, want);
        want.sort_by(|&a, &b| {
            let (a_rev, b_rev) = (
                vals[a as usize].bytes().rev(),
                vals[b as usize].bytes().rev(),
            );
            a_rev.cmp(b_rev).then(a.cmp(&b))
        });
        assert_eq!(t.by_reversed, want);
    }

    #[test]
    fn prefix_keys_order_like_the_strings() {
        let words = [
            "",
            "+8613812345678",
            "+86138123456789999",
            "+86138123456789998",
            "+8613812345678999",
            "6222",
            "62220",
            "a\u{0}",
            "a",
            "abc@qq.com",
            "\u{ff}",
        ];
        for a in words {
            for b in words {
                let (ka, kb) = (prefix_key(a.bytes()), prefix_key(b.bytes()));
                if ka != kb {
                    assert_eq!(ka.cmp(&kb), a.cmp(b), "{a:?} {b:?}");
                }
            }
        }
        let t = table(&words);
        let by_value: Vec<&str> = t.by_value.iter().map(|&i| t.value(i)).collect();
        let mut want = words.to_vec();
        want.sort_unstable();
        assert_eq!(by_value, want);
        let by_reversed: Vec<&str> = t.by_reversed.iter().map(|&i| t.value(i)).collect();
        want.sort_by(|a, b| a.bytes().rev().cmp(b.bytes().rev()));
        assert_eq!(by_reversed, want);
    }

    #[test]
    fn positions_with_and_without_gaps() {
        let dense = [5, 6, 7, 8];
        assert_eq!(position_of(&dense, 7), Some(2));
        assert_eq!(position_of(&dense, 4), None);
        assert_eq!(position_of(&dense, 9), None);
        let gaps = [2, 3, 10, 11, 40];
        for (i, &id) in gaps.iter().enumerate() {
            assert_eq!(position_of(&gaps, i64::from(id)), Some(i as u32));
        }
        for id in [1, 4, 9, 12, 41, -1, i64::MAX] {
            assert_eq!(position_of(&gaps, id), None, "{id}");
        }
        assert_eq!(position_of(&[], 1), None);
    }

    #[test]
    fn postings_and_db_ids() {
        let t = table(&["a", "b"]);
        assert_eq!(t.find_db_id(2), Some(1));
        assert_eq!(t.find_db_id(3), None);
        assert_eq!(
            t.cases_of(1).collect::<Vec<_>>(),
            [(1, Slot::Account, false)]
        );
    }
}
