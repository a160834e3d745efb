//! Which blocks of identifier values hold which runs of four digits, so that the
//! substring tier (`*5678` remembered, `5678` typed) scans a tenth of the values
//! instead of all of them.
//!
//! Over digit text every byte is common: a prefilter on two of the needle's bytes
//! fires about every hundred bytes, and scanning the whole value arena (27 MB at a
//! million cases) was half of a last-digits query. A four-digit run is one of 10,000:
//! a block of [`BLOCK`] values holds about one in eight of them.

use std::ops::Range;

use rayon::prelude::*;

/// Digits in a gram, and how many grams there are.
const GRAM_LEN: usize = 4;
pub(super) const GRAMS: usize = 10_000;
/// Identifier values per block: one bit per gram and block. Smaller blocks scan
/// less and take more memory (19 MB at 128 for two million values). A cold lookup
/// reads the values a block at a time (`value_blocks`), each block with its checksum.
pub(super) const BLOCK: usize = 128;
/// Blocks per group while the bits are set, in words of 64: a group's rows for every
/// gram (640 KB) stay in cache while it is built.
const GROUP_WORDS: usize = 8;
const GROUP_BLOCKS: usize = GROUP_WORDS * 64;
const GROUP_LEN: usize = GRAMS * GROUP_WORDS;

/// Gram bits of a value arena, a row per gram: `bits[gram * words + block / 64]`
/// holds, at bit `block % 64`, whether the block holds the gram. One gram's row is
/// contiguous, here and in the index file: a cold lookup reads the rows of its
/// needle's grams alone (2 KB each at a million cases), not all 19 MB.
#[derive(Default)]
pub struct DigitGrams {
    values: usize,
    /// Words of a row: one bit per block.
    words: usize,
    bits: Vec<u64>,
}

/// Words of a gram's row for `values` values.
pub(super) fn row_words(values: usize) -> usize {
    values.div_ceil(BLOCK).div_ceil(64)
}

impl DigitGrams {
    /// The grams of the values `arena[starts[i]..starts[i + 1]]`.
    pub fn new(arena: &[u8], starts: &[u32]) -> DigitGrams {
        let values = starts.len().saturating_sub(1);
        let blocks = values.div_ceil(BLOCK);
        let words = row_words(values);
        let value = |i: usize| {
            let (a, b) = (starts[i] as usize, starts[i + 1] as usize);
            arena.get(a..b).unwrap_or_default()
        };
        // Set group by group (each group's bits of every gram together, in cache),
        // then laid out a row per gram.
        let groups: Vec<Vec<u64>> = (0..blocks.div_ceil(GROUP_BLOCKS))
            .into_par_iter()
            .map(|g| {
                let mut rows = vec![0u64; GROUP_LEN];
                let first = g * GROUP_BLOCKS;
                for block in first..(first + GROUP_BLOCKS).min(blocks) {
                    let word = (block - first) / 64;
                    let bit = 1u64 << (block % 64);
                    for i in block * BLOCK..((block + 1) * BLOCK).min(values) {
                        for_each_gram(value(i), |gram| rows[gram * GROUP_WORDS + word] |= bit);
                    }
                }
                rows
            })
            .collect();
        let mut bits = vec![0u64; GRAMS * words];
        if words > 0 {
            bits.par_chunks_mut(words)
                .enumerate()
                .for_each(|(gram, row)| {
                    for (w, word) in row.iter_mut().enumerate() {
                        *word = groups[w / GROUP_WORDS][gram * GROUP_WORDS + w % GROUP_WORDS];
                    }
                });
        }
        DigitGrams {
            values,
            words,
            bits,
        }
    }

    /// The identifiers that may contain `digits`, as ranges of identifier indexes
    /// in ascending order: those in blocks holding every gram of it. None when the
    /// grams cannot tell (fewer than four digits, or not only digits): then every
    /// value must be scanned.
    pub fn candidates(&self, digits: &[u8]) -> Option<Vec<Range<usize>>> {
        let grams = grams_of(digits)?;
        let rows: Vec<&[u64]> = grams
            .iter()
            .map(|&g| &self.bits[g * self.words..(g + 1) * self.words])
            .collect();
        Some(blocks_in_every(&rows, self.values))
    }

    /// The identifiers covered: values added since are not in the grams.
    pub fn values(&self) -> usize {
        self.values
    }

    pub fn heap_bytes(&self) -> usize {
        self.bits.capacity() * 8
    }
}

/// The distinct grams of a needle, ascending; None when the grams cannot tell
/// (fewer than four digits, or not only digits).
pub(super) fn grams_of(digits: &[u8]) -> Option<Vec<usize>> {
    if !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    grams_within(digits)
}

/// The distinct grams of every run of four digits or more in `needle`, ascending;
/// None when it has none. A text holding the needle holds each of them.
pub(super) fn grams_within(needle: &[u8]) -> Option<Vec<usize>> {
    let mut grams = Vec::new();
    for_each_gram(needle, |g| grams.push(g));
    if grams.is_empty() {
        return None;
    }
    grams.sort_unstable();
    grams.dedup();
    Some(grams)
}

/// The values of the blocks whose bit is set in every row (rows of one length, of
/// grams over `values` values), as ranges of identifier indexes, ascending, adjacent
/// blocks as one range. Every gram of a needle, not a few: at a million cases a
/// 7-digit needle's four grams leave 12 blocks on average where three left 40.
pub(super) fn blocks_in_every(rows: &[&[u64]], values: usize) -> Vec<Range<usize>> {
    let mut ranges: Vec<Range<usize>> = Vec::new();
    let Some(first) = rows.first() else {
        return ranges;
    };
    for w in 0..first.len() {
        let mut word = rows
            .iter()
            .fold(u64::MAX, |acc, row| acc & row.get(w).copied().unwrap_or(0));
        while word != 0 {
            let block = w * 64 + word.trailing_zeros() as usize;
            word &= word - 1;
            let range = block * BLOCK..((block + 1) * BLOCK).min(values);
            if range.is_empty() {
                continue;
            }
            match ranges.last_mut() {
                Some(last) if last.end == range.start => last.end = range.end,
                _ => ranges.push(range),
            }
        }
    }
    ranges
}

/// The grams in the index file (`persist`): a part of their own, read by a cold
/// lookup a row at a time (`value_blocks`), whole by the index.
impl DigitGrams {
    /// The rows as they are written, one after the other.
    pub(super) fn rows(&self) -> &[u64] {
        &self.bits
    }

    /// A gram's row.
    pub(super) fn row(&self, gram: usize) -> &[u64] {
        self.bits
            .get(gram * self.words..(gram + 1) * self.words)
            .unwrap_or_default()
    }

    /// Grams of `values` values whose rows were read back, checked to be the size
    /// [`Self::new`] makes for them (at most `idents`: grams of fewer values are
    /// not used, see `containing`).
    pub(super) fn from_rows(
        values: usize,
        bits: Vec<u64>,
        idents: usize,
    ) -> std::io::Result<DigitGrams> {
        let words = row_words(values);
        super::persist::ensure(
            values <= idents && bits.len() == GRAMS * words,
            "digit grams of another size",
        )?;
        Ok(DigitGrams {
            values,
            words,
            bits,
        })
    }
}

/// Calls `f` with each run of four ASCII digits in `bytes` (overlapping), as a number.
/// The last four digits are kept one a byte and each gram is summed from them
/// apart: a rolling `gram % 1000 * 10 + d` chains every byte's work onto the last
/// one's, and was most of the grams' build.
fn for_each_gram(bytes: &[u8], mut f: impl FnMut(usize)) {
    let (mut last, mut run) = (0u32, 0usize);
    for &b in bytes {
        let d = b.wrapping_sub(b'0');
        if d < 10 {
            last = last << 8 | u32::from(d);
            run += 1;
            if run >= GRAM_LEN {
                let [a, b, c, d] = last.to_be_bytes().map(usize::from);
                f(a * 1000 + b * 100 + c * 10 + d);
            }
        } else {
            run = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arena(values: &[&str]) -> (Vec<u8>, Vec<u32>) {
        let mut bytes = Vec::new();
        let mut starts = vec![0];
        for v in values {
            bytes.extend_from_slice(v.as_bytes());
            starts.push(bytes.len() as u32);
        }
        (bytes, starts)
    }

    fn covered(ranges: &[Range<usize>]) -> Vec<usize> {
        ranges.iter().flat_map(|r| r.clone()).collect()
    }

    #[test]
    fn grams_are_runs_of_four_digits_within_a_value() {
        let mut seen = Vec::new();
        for_each_gram(b"12345x0007*89", |g| seen.push(g));
        assert_eq!(seen, [1234, 2345, 7]);
    }

    #[test]
    fn every_value_holding_the_digits_is_a_candidate() {
        // Enough values for several blocks and more than one group, each a phone-like
        // number; the needle sits in a few of them, far apart.
        let n = GROUP_BLOCKS * BLOCK + 3 * BLOCK + 5;
        let owned: Vec<String> = (0..n)
            .map(|i| match i {
                7 | 4000 => format!("+86139{i:04}5678"),
                i if i == n - 1 => format!("qq:{i}5678"),
                // `5678` split by a value boundary: "..56" then "78..".
                300 => "13800000056".to_string(),
                301 => "7800000000".to_string(),
                _ => format!("1380000{:04}", i % 5000),
            })
            .collect();
        let values: Vec<&str> = owned.iter().map(String::as_str).collect();
        let (bytes, starts) = arena(&values);
        let grams = DigitGrams::new(&bytes, &starts);
        assert_eq!(grams.values(), n);
        for needle in ["5678", "95678", "0000", "13800000"] {
            let ranges = grams.candidates(needle.as_bytes()).unwrap();
            let candidates = covered(&ranges);
            assert!(candidates.windows(2).all(|w| w[0] < w[1]), "{needle}");
            for (i, v) in values.iter().enumerate() {
                if v.contains(needle) {
                    assert!(
                        candidates.binary_search(&i).is_ok(),
                        "{needle} in {v} ({i})"
                    );
                }
            }
        }
        // The blocks without `5678`, with the straddling block among them, are left
        // out: only the blocks of values 7, 4000 and n - 1 remain.
        let blocks: Vec<usize> = covered(&grams.candidates(b"5678").unwrap())
            .iter()
            .map(|i| i / BLOCK)
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        assert_eq!(blocks, [0, 4000 / BLOCK, (n - 1) / BLOCK]);
    }

    #[test]
    fn short_or_mixed_needles_are_not_filtered() {
        let (bytes, starts) = arena(&["12345", "abc1234"]);
        let grams = DigitGrams::new(&bytes, &starts);
        assert!(grams.candidates(b"123").is_none());
        assert!(grams.candidates(b"12a45").is_none());
        assert!(grams.candidates(b"1234").is_some());
        assert_eq!(
            covered(&grams.candidates(b"9999").unwrap()),
            Vec::<usize>::new()
        );
    }

    #[test]
    fn an_empty_arena_has_no_candidates() {
        let grams = DigitGrams::new(&[], &[]);
        assert_eq!(grams.candidates(b"1234"), Some(Vec::new()));
    }
}
