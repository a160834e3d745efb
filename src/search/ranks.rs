//! How often each byte occurs in the index's own text, for `memmem`'s prefilter.
//!
//! `memmem` looks for a needle by two of its bytes first, the two its table rates
//! rarest, and checks the whole needle only where both are in place. That table is
//! made for English text. Over identifier values it is wrong: of `8613193908053` it
//! picks the `86` that every `+86…` phone begins with, so the scan checks a million
//! values by hand, where the needle's rarer digits would have left a tenth of that.
//! Ranks counted from the haystack itself choose bytes that are rare in it.

use memchr::arch::all::packedpair::HeuristicFrequencyRank;
use memchr::memmem::{Finder, FinderBuilder};

/// Stretches of the haystack counted, and their length: enough for a stable count
/// of a few dozen distinct bytes, and a few hundred microseconds at most.
const SAMPLES: usize = 64;
const SAMPLE_BYTES: usize = 16 * 1024;

/// A rank per byte value, 0 the rarest; memmem's own table until counted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ByteRanks(Option<[u8; 256]>);

impl ByteRanks {
    /// Ranks from the bytes of evenly spaced stretches of `haystack` (all of it when
    /// short). A byte not seen ranks rarest; ties rank by byte value.
    pub fn counted(haystack: &[u8]) -> ByteRanks {
        if haystack.is_empty() {
            return ByteRanks::default();
        }
        let mut counts = [0u64; 256];
        let step = (haystack.len() / SAMPLES).max(SAMPLE_BYTES);
        for start in (0..haystack.len()).step_by(step) {
            let end = (start + SAMPLE_BYTES).min(haystack.len());
            for &b in &haystack[start..end] {
                counts[usize::from(b)] += 1;
            }
        }
        let mut order: Vec<u8> = (0..=255).collect();
        order.sort_by_key(|&b| (counts[usize::from(b)], b));
        let mut ranks = [0u8; 256];
        for (rank, &b) in order.iter().enumerate() {
            ranks[usize::from(b)] = u8::try_from(rank).unwrap_or(u8::MAX);
        }
        ByteRanks(Some(ranks))
    }

    /// A finder for `needle` whose prefilter uses these ranks.
    pub fn finder(&self, needle: &[u8]) -> Finder<'static> {
        match &self.0 {
            Some(_) => FinderBuilder::new().build_forward_with_ranker_owned(self, needle.to_vec()),
            None => Finder::new(needle).into_owned(),
        }
    }
}

/// A finder for the hot loops of the text search: memchr's AVX2 pair searcher
/// called directly where the CPU has it and the haystack is long enough for it,
/// else `memmem`. A common term is looked for about two million times a query,
/// mostly over a few hundred bytes; `memmem`'s dispatch on every call was a
/// twentieth of such a query.
#[derive(Clone, Debug)]
pub struct PairFinder {
    memmem: Finder<'static>,
    #[cfg(target_arch = "x86_64")]
    avx2: Option<memchr::arch::x86_64::avx2::packedpair::Finder>,
}

impl PairFinder {
    /// Finds `needle` where [`ByteRanks::finder`]'s would, prefiltering on the pair of
    /// bytes that one picks (memchr's own table until the ranks are counted).
    pub fn new(ranks: &ByteRanks, needle: &[u8]) -> PairFinder {
        #[cfg(target_arch = "x86_64")]
        let avx2 = {
            use memchr::arch::all::packedpair::Pair;
            let pair = match ranks.0 {
                Some(_) => Pair::with_ranker(needle, ranks),
                None => Pair::new(needle),
            };
            pair.and_then(|pair| {
                memchr::arch::x86_64::avx2::packedpair::Finder::with_pair(needle, pair)
            })
        };
        PairFinder {
            memmem: ranks.finder(needle),
            #[cfg(target_arch = "x86_64")]
            avx2,
        }
    }

    /// The first occurrence of the needle in `haystack`.
    #[inline]
    pub fn find(&self, haystack: &[u8]) -> Option<usize> {
        #[cfg(target_arch = "x86_64")]
        if let Some(f) = &self.avx2
            && haystack.len() >= f.min_haystack_len()
        {
            return f.find(haystack, self.memmem.needle());
        }
        self.memmem.find(haystack)
    }

    /// The same needle's `memmem` finder (for iterating, and for cold paths).
    pub fn memmem(&self) -> &Finder<'static> {
        &self.memmem
    }
}

impl HeuristicFrequencyRank for &ByteRanks {
    fn rank(&self, byte: u8) -> u8 {
        match &self.0 {
            Some(ranks) => ranks[usize::from(byte)],
            None => 128,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use memchr::arch::all::packedpair::Pair;

    /// Phones as the index stores them: every one begins `+86`.
    fn phones() -> String {
        (0..5000u64)
            .map(|i| format!("+861{:010}", (i * 7_919_393) % 10_000_000_000))
            .collect()
    }

    #[test]
    fn the_pair_avoids_bytes_every_value_shares() {
        let values = phones();
        let ranks = ByteRanks::counted(values.as_bytes());
        let needle = b"8613193908053";
        // memmem's own table takes the "86" at the start, which every phone holds.
        let default = Pair::new(needle).map(|p| (p.index1(), p.index2()));
        assert!(matches!(default, Some((1, 0)) | Some((0, 1))));
        let pair = Pair::with_ranker(needle, &ranks).map(|p| (p.index1(), p.index2()));
        let Some((a, b)) = pair else {
            panic!("no pair for a 13-byte needle");
        };
        assert!(
            a > 2 && b > 2,
            "pair {a}, {b} still starts in the country code"
        );
    }

    #[test]
    fn counted_finders_find_what_plain_ones_do() {
        let values = phones();
        let ranks = ByteRanks::counted(values.as_bytes());
        for needle in ["8613193908053", "0000", "+861", "99", "x"] {
            let ours: Vec<usize> = ranks
                .finder(needle.as_bytes())
                .find_iter(values.as_bytes())
                .collect();
            let plain: Vec<usize> = memchr::memmem::find_iter(values.as_bytes(), needle).collect();
            assert_eq!(ours, plain, "{needle}");
        }
    }

    proptest::proptest! {
        /// Short haystacks go to memmem, long ones to the pair searcher: both find
        /// the first occurrence memmem finds, in Chinese text as in digits.
        #[test]
        fn pair_finders_find_the_first_occurrence_memmem_finds(
            hay in "([京东客服金条白额度，。]|[0-9a-z ]){0,120}",
            needle in "([京东客服]|[0-9a-z]){1,4}",
        ) {
            let ranks = ByteRanks::counted(hay.as_bytes());
            for ranks in [ranks, ByteRanks::default()] {
                let finder = PairFinder::new(&ranks, needle.as_bytes());
                for from in [0, hay.len() / 3, hay.len() / 2] {
                    let hay = &hay.as_bytes()[from..];
                    proptest::prop_assert_eq!(
                        finder.find(hay),
                        memchr::memmem::find(hay, needle.as_bytes())
                    );
                }
            }
        }
    }

    #[test]
    fn rarer_bytes_rank_lower_and_every_rank_is_used_once() {
        let ranks = ByteRanks::counted(b"aaaaabbbc");
        let r = |b: u8| (&ranks).rank(b);
        assert!(r(b'c') < r(b'b') && r(b'b') < r(b'a'));
        assert!(r(b'z') < r(b'c'), "unseen bytes rank rarest");
        let Some(all) = ranks.0 else {
            panic!("counted ranks");
        };
        let mut seen = all.to_vec();
        seen.sort_unstable();
        assert_eq!(seen, (0..=255).collect::<Vec<u8>>());
    }
}
