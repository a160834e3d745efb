//! The identifiers' values part of the index file read a block at a time, for a cold
//! lookup of digits (`cold`): the values *containing* a full number are in a few
//! blocks of [`BLOCK`] values, and the digit grams say which (the rows of the
//! needle's grams, 2 KB each at a million cases), so that the lookup reads a few
//! hundred KB instead of the whole part (45 MB read and checksummed at a million
//! cases, every time).
//!
//! The digits part of the file (written by [`write_part`], after the values part):
//!
//! - a head with a checksum of its own: the number of identifiers, the number of
//!   values the grams cover, a checksum of each block of values (its starts, the
//!   first of the next block's included, its values' bytes, its ids, as the values
//!   part holds them) and a checksum of each gram's row;
//! - the grams' rows, a row per gram (see `grams`).
//!
//! A cold lookup reads the head, the rows of its needle's grams and the blocks whose
//! bits are set in all of them (every block whose values the grams do not cover, and
//! the last, whatever they say), each checked against its checksum before it is
//! used: a damaged head, row or block read is an error, and the lookup scans SQLite
//! instead. The index reads the part whole ([`read_part`]), checked by the part's
//! own checksum as every part is.

use std::io::{self, Read, Seek, SeekFrom, Write};
use std::ops::Range;

use memchr::memmem::Finder;
use rayon::prelude::*;

use super::grams::{self, BLOCK, DigitGrams, GRAMS};
use super::ident::values_containing;
use super::persist::{Checksum, In, Out, ensure};
use super::ranks::ByteRanks;

/// Values read at most in one go: a longer run of blocks (a short needle's, whose
/// grams allow most blocks) is read in pieces into the same buffers; fresh memory
/// for the whole part cost more than scanning it.
const RUN: usize = 256 * BLOCK;

/// What [`containing`] found in the identifiers' parts of an index file.
#[derive(Debug, Default)]
pub struct ValuesScan {
    /// SQLite id and value of each identifier whose value contains the digits, by id.
    pub hits: Vec<(i64, String)>,
    /// The last identifier of the part, id and value (None: the part is empty).
    pub last: Option<(i64, String)>,
    /// Blocks of values read.
    pub blocks: usize,
}

/// The checksum of a block of values: its starts, values and ids as the values
/// part holds them (native-endian numbers).
fn block_sum(starts: &[u8], values: &[u8], ids: &[u8]) -> u64 {
    let mut sum = Checksum::default();
    sum.update(starts);
    sum.update(values);
    sum.update(ids);
    sum.value()
}

fn sum_of(bytes: &[u8]) -> u64 {
    block_sum(bytes, &[], &[])
}

fn ne_bytes(words: &[u32], out: &mut Vec<u8>) {
    out.clear();
    for w in words {
        out.extend_from_slice(&w.to_ne_bytes());
    }
}

/// Each block's checksum, of the values `values[starts[i]..starts[i + 1]]` with
/// ids `ids[i]`.
fn block_sums(starts: &[u32], values: &[u8], ids: &[u32]) -> Vec<u64> {
    let blocks = ids.len().div_ceil(BLOCK);
    (0..blocks)
        .into_par_iter()
        .map_init(
            || (Vec::new(), Vec::new()),
            |(starts_bytes, ids_bytes), k| {
                let (a, b) = (k * BLOCK, ((k + 1) * BLOCK).min(ids.len()));
                ne_bytes(&starts[a..=b], starts_bytes);
                ne_bytes(&ids[a..b], ids_bytes);
                let bytes = &values[starts[a] as usize..starts[b] as usize];
                block_sum(starts_bytes, bytes, ids_bytes)
            },
        )
        .collect()
}

/// The checksum of each gram's row, as [`read_rows`] checks it.
pub(super) fn row_sums(grams: &DigitGrams) -> Vec<u64> {
    (0..GRAMS)
        .into_par_iter()
        .map_init(Vec::new, |bytes, g| {
            bytes.clear();
            for w in grams.row(g) {
                bytes.extend_from_slice(&w.to_ne_bytes());
            }
            sum_of(bytes)
        })
        .collect()
}

/// Writes the digits part of the identifiers whose values part holds `starts`,
/// `values` and `ids` (`IdentTable::write_values`), with their grams.
pub(super) fn write_part<W: Write>(
    out: &mut Out<W>,
    starts: &[u32],
    values: &[u8],
    ids: &[u32],
    grams: &DigitGrams,
) -> io::Result<()> {
    let mut head = Vec::new();
    {
        let mut h = Out::new(&mut head);
        h.u64(ids.len() as u64)?;
        h.u64(grams.values() as u64)?;
        h.u64s(&block_sums(starts, values, ids))?;
        h.u64s(&row_sums(grams))?;
        h.end()?;
    }
    out.raw(&head)?;
    out.u64s(grams.rows())
}

/// The grams of the digits part, read whole for the index of `idents` identifiers.
pub(super) fn read_part<R: Read>(input: &mut In<R>, idents: usize) -> io::Result<DigitGrams> {
    ensure(
        input.u64()? == idents as u64,
        "digit grams of other identifiers",
    )?;
    let values = usize::try_from(input.u64()?).unwrap_or(usize::MAX);
    // The checksums of the blocks, of the rows and of the head: for a cold lookup,
    // which reads pieces; the part's own checksum covers the whole.
    input.u64s()?;
    input.u64s()?;
    input.u64()?;
    DigitGrams::from_rows(values, input.u64s()?, idents)
}

/// Reads `len` bytes at `at` into `buf`, which only grows (a small read between two
/// large ones must not make the next zero its room again).
pub(super) fn read_at<'b, F: Read + Seek>(
    file: &mut F,
    at: u64,
    len: u64,
    buf: &'b mut Vec<u8>,
) -> io::Result<&'b [u8]> {
    let len = usize::try_from(len).map_err(|_| io::Error::other("search index file: length"))?;
    if buf.len() < len {
        buf.resize(len, 0);
    }
    file.seek(SeekFrom::Start(at))?;
    let got = &mut buf[..len];
    file.read_exact(got)?;
    Ok(got)
}

pub(super) fn u64_at<F: Read + Seek>(file: &mut F, at: u64) -> io::Result<u64> {
    let mut b = [0u8; 8];
    file.seek(SeekFrom::Start(at))?;
    file.read_exact(&mut b)?;
    Ok(u64::from_ne_bytes(b))
}

fn u32s(bytes: &[u8]) -> Vec<u32> {
    bytes
        .chunks_exact(4)
        .map(|w| u32::from_ne_bytes([w[0], w[1], w[2], w[3]]))
        .collect()
}

/// The rows of `grams` from a part whose rows start at `at`, `words` words each,
/// each checked against its checksum in `sums` before it is used.
pub(super) fn read_rows<F: Read + Seek>(
    file: &mut F,
    (at, words): (u64, usize),
    sums: &[u64],
    grams: &[usize],
    buf: &mut Vec<u8>,
) -> io::Result<Vec<Vec<u64>>> {
    let row_bytes = words as u64 * 8;
    let mut rows = Vec::with_capacity(grams.len());
    for &g in grams {
        let bytes = read_at(file, at + g as u64 * row_bytes, row_bytes, buf)?;
        ensure(
            sums.get(g) == Some(&sum_of(bytes)),
            "a gram row that does not match",
        )?;
        rows.push(
            bytes
                .chunks_exact(8)
                .map(|w| u64::from_ne_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]))
                .collect(),
        );
    }
    Ok(rows)
}

/// Where the values part keeps its arrays (`IdentTable::write_values`: starts,
/// values, ids, each after its length).
struct ValuesLayout {
    idents: usize,
    starts_at: u64,
    /// The values' bytes: where, and how many.
    bytes_at: u64,
    total: u64,
    ids_at: u64,
}

impl ValuesLayout {
    /// Reads the lengths of the values part at `(at, len)`, of `idents` identifiers,
    /// and checks that they add up to the part.
    fn read<F: Read + Seek>(
        file: &mut F,
        (at, len): (u64, u64),
        idents: usize,
    ) -> io::Result<Self> {
        let n = idents as u64;
        let starts = u64_at(file, at)?;
        ensure(
            starts == if n == 0 { 0 } else { n + 1 },
            "identifier starts of another length",
        )?;
        let starts_at = at + 8;
        let total_at = starts_at + 4 * starts;
        let total = u64_at(file, total_at)?;
        ensure(
            total_at
                .checked_add(8)
                .and_then(|x| x.checked_add(total))
                .and_then(|x| x.checked_add(8 + 4 * n + 8))
                == Some(at + len),
            "identifier values of another length",
        )?;
        let bytes_at = total_at + 8;
        ensure(
            u64_at(file, bytes_at + total)? == n,
            "identifier ids of another length",
        )?;
        Ok(ValuesLayout {
            idents,
            starts_at,
            bytes_at,
            total,
            ids_at: bytes_at + total + 8,
        })
    }
}

/// The head of the digits part at `(at, len)`: the identifiers' count, the values
/// the grams cover, each block's checksum and each row's, checked against the head's
/// own checksum.
struct Head {
    idents: usize,
    gram_values: usize,
    blocks: Vec<u64>,
    rows: Vec<u64>,
    /// Where the rows start, and the words of each.
    rows_at: u64,
    words: usize,
}

impl Head {
    fn read<F: Read + Seek>(
        file: &mut F,
        (at, len): (u64, u64),
        buf: &mut Vec<u8>,
    ) -> io::Result<Head> {
        let n = u64_at(file, at)?;
        let blocks = n.div_ceil(BLOCK as u64);
        let head_len = blocks
            .checked_mul(8)
            .and_then(|b| b.checked_add(8 * 5 + 8 * GRAMS as u64));
        let head_len = match head_len {
            Some(h) if h <= len => h,
            _ => {
                return Err(io::Error::other(
                    "search index file: a digits head past its part",
                ));
            }
        };
        let bytes = read_at(file, at, head_len, buf)?;
        let mut input = In::new(bytes, head_len);
        let idents = usize::try_from(input.u64()?).unwrap_or(usize::MAX);
        let gram_values = usize::try_from(input.u64()?).unwrap_or(usize::MAX);
        let block_sums = input.u64s()?;
        let rows = input.u64s()?;
        input.check_sum()?;
        let words = grams::row_words(gram_values);
        ensure(
            gram_values <= idents
                && block_sums.len() as u64 == blocks
                && rows.len() == GRAMS
                && Some(len)
                    == (GRAMS as u64)
                        .checked_mul(words as u64 * 8)
                        .and_then(|r| r.checked_add(head_len + 8 + 8)),
            "a digits part of another size",
        )?;
        Ok(Head {
            idents,
            gram_values,
            blocks: block_sums,
            rows,
            rows_at: at + head_len + 8,
            words,
        })
    }

    /// The identifiers that may hold `needle`, as ranges of indexes, ascending and
    /// apart: the blocks every row of its grams allows (every block when the grams
    /// cannot tell), those the grams do not cover, and the last block.
    fn candidates<F: Read + Seek>(
        &self,
        file: &mut F,
        needle: &[u8],
        buf: &mut Vec<u8>,
    ) -> io::Result<Vec<Range<usize>>> {
        let n = self.idents;
        let mut ranges = match grams::grams_of(needle) {
            Some(grams) => {
                let rows = read_rows(file, (self.rows_at, self.words), &self.rows, &grams, buf)?;
                let rows: Vec<&[u64]> = rows.iter().map(Vec::as_slice).collect();
                grams::blocks_in_every(&rows, self.gram_values)
            }
            None => std::iter::once(0..n).collect(),
        };
        if self.gram_values < n {
            ranges.push(self.gram_values / BLOCK * BLOCK..n);
        }
        if n > 0 {
            ranges.push((n - 1) / BLOCK * BLOCK..n);
        }
        ranges.sort_unstable_by_key(|r| r.start);
        let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
        for r in ranges {
            match merged.last_mut() {
                Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
                _ => merged.push(r),
            }
        }
        Ok(merged)
    }
}

/// Identifiers whose value contains `needle`, read from the values part at `values`
/// and the digits part at `digits` of `file` (offset, length), a block at a time:
/// what `IdentTable::containing` finds, by id, and the last identifier of the part.
/// Every piece read is checked (the head, each row, each block) before it is used.
pub(super) fn containing<F: Read + Seek>(
    file: &mut F,
    values: (u64, u64),
    digits: (u64, u64),
    needle: &str,
) -> io::Result<ValuesScan> {
    let mut buf = Vec::new();
    let head = Head::read(file, digits, &mut buf)?;
    let layout = ValuesLayout::read(file, values, head.idents)?;
    let n = layout.idents;
    let ranges = head.candidates(file, needle.as_bytes(), &mut buf)?;
    let mut scan = ValuesScan::default();
    let mut finder: Option<Finder<'static>> = None;
    let (mut starts_buf, mut ids_buf) = (Vec::new(), Vec::new());
    let runs = ranges.iter().flat_map(|r| {
        (r.start..r.end)
            .step_by(RUN)
            .map(move |a| a..(a + RUN).min(r.end))
    });
    for run in runs {
        let (a, b) = (run.start, run.end);
        let starts_bytes = read_at(
            file,
            layout.starts_at + 4 * a as u64,
            4 * (b - a + 1) as u64,
            &mut starts_buf,
        )?;
        let starts = u32s(starts_bytes);
        let (first, last) = (starts[0], starts[starts.len() - 1]);
        ensure(
            starts.windows(2).all(|w| w[0] <= w[1]) && u64::from(last) <= layout.total,
            "identifier values out of bounds",
        )?;
        let bytes = read_at(
            file,
            layout.bytes_at + u64::from(first),
            u64::from(last - first),
            &mut buf,
        )?;
        let ids_bytes = read_at(
            file,
            layout.ids_at + 4 * a as u64,
            4 * (b - a) as u64,
            &mut ids_buf,
        )?;
        // Each block checked before any of it is used.
        for k in a / BLOCK..b.div_ceil(BLOCK) {
            let (x, y) = (k * BLOCK - a, ((k + 1) * BLOCK).min(n) - a);
            let (s, e) = ((starts[x] - first) as usize, (starts[y] - first) as usize);
            let sum = block_sum(
                &starts_bytes[4 * x..4 * (y + 1)],
                &bytes[s..e],
                &ids_bytes[4 * x..4 * y],
            );
            ensure(
                head.blocks.get(k) == Some(&sum),
                "a block of values that does not match",
            )?;
        }
        scan.blocks += (b - a).div_ceil(BLOCK);
        let ids = u32s(ids_bytes);
        let value = |k: usize| {
            let (s, e) = (
                (starts[k] - first) as usize,
                (starts[k + 1] - first) as usize,
            );
            std::str::from_utf8(&bytes[s..e])
                .map(str::to_string)
                .map_err(|_| io::Error::other("search index file: a value that is not UTF-8"))
        };
        // Rarity counted from the first run read (see `ranks`): digits are common.
        let finder =
            finder.get_or_insert_with(|| ByteRanks::counted(bytes).finder(needle.as_bytes()));
        let mut found = Vec::new();
        values_containing(finder, needle.len(), bytes, &starts, first as usize, |k| {
            found.push(k);
        });
        for k in found {
            scan.hits.push((i64::from(ids[k]), value(k)?));
        }
        if b == n {
            scan.last = Some((i64::from(ids[b - a - 1]), value(b - a - 1)?));
        }
    }
    Ok(scan)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::ident::{IdentTable, Slot};

    fn table(values: &[String]) -> IdentTable {
        let mut t = IdentTable::default();
        for (i, v) in values.iter().enumerate() {
            t.push(2 * i as i64 + 5, v, 0).unwrap();
            t.link(i as u32, i as u32, Slot::Account, false);
        }
        t.reindex();
        t
    }

    /// The values and digits parts of `t` as the index file lays them out, at a
    /// few bytes into a buffer; their offsets and lengths.
    fn parts(t: &IdentTable) -> (Vec<u8>, (u64, u64), (u64, u64)) {
        let mut bytes = vec![7u8; 13];
        let mut at = [0u64; 3];
        at[0] = bytes.len() as u64;
        {
            let mut out = Out::new(&mut bytes);
            t.write_values(&mut out).unwrap();
            out.end().unwrap();
        }
        at[1] = bytes.len() as u64;
        {
            let mut out = Out::new(&mut bytes);
            t.write_digits(&mut out).unwrap();
            out.end().unwrap();
        }
        at[2] = bytes.len() as u64;
        (bytes, (at[0], at[1] - at[0]), (at[1], at[2] - at[1]))
    }

    fn seeded(seed: u64) -> impl FnMut(u64) -> u64 {
        let mut rng = fastrand::Rng::with_seed(seed);
        move |m| rng.u64(..m)
    }

    /// Random digit strings (3 to 20 digits, a few with a separator), over many
    /// blocks, and numbers of the same phone range.
    fn generated(n: usize, seed: u64) -> Vec<String> {
        let mut next = seeded(seed);
        (0..n)
            .map(|i| {
                if i % 5 == 0 {
                    return format!("+86138{:08}", next(100_000_000));
                }
                let len = 3 + next(18) as usize;
                (0..len)
                    .map(|_| match next(60) {
                        58 => '*',
                        59 => 'x',
                        d => char::from(b'0' + (d % 10) as u8),
                    })
                    .collect()
            })
            .collect()
    }

    fn plain(values: &[String], needle: &str) -> Vec<(i64, String)> {
        values
            .iter()
            .enumerate()
            .filter(|(_, v)| v.contains(needle))
            .map(|(i, v)| (2 * i as i64 + 5, v.clone()))
            .collect()
    }

    #[test]
    fn the_blocks_read_hold_every_value_containing_the_needle() {
        // Needles cut from values all over the table (every place in a block), long
        // and short, and random ones: the blocks the grams allow hold every value
        // a plain scan finds; the last identifier is always told.
        let values = generated(20 * BLOCK + 37, 0x5eed);
        let t = table(&values);
        let (bytes, v, d) = parts(&t);
        let mut next = seeded(7);
        let mut needles: Vec<String> = (0..values.len())
            .step_by(BLOCK / 3)
            .filter_map(|i| {
                let len = 3 + next(12) as usize;
                let v = values[i].as_bytes();
                let at = next(v.len().saturating_sub(len).max(1) as u64) as usize;
                let cut = v.get(at..at + len)?;
                cut.iter()
                    .all(u8::is_ascii_digit)
                    .then(|| String::from_utf8_lossy(cut).into_owned())
            })
            .collect();
        needles.extend((0..60).map(|_| {
            (0..4 + next(8))
                .map(|_| char::from(b'0' + next(10) as u8))
                .collect()
        }));
        let (mut matched, mut long, mut read) = (0, 0, 0);
        let last = Some((
            2 * values.len() as i64 + 3,
            values[values.len() - 1].clone(),
        ));
        for needle in &needles {
            let scan = containing(&mut std::io::Cursor::new(&bytes), v, d, needle).unwrap();
            let want = plain(&values, needle);
            assert_eq!(scan.hits, want, "{needle}");
            assert_eq!(scan.last, last);
            matched += want.len();
            if needle.len() >= 7 {
                long += 1;
                read += scan.blocks;
            }
        }
        assert!(
            matched > 100,
            "the needles should match something: {matched}"
        );
        // A needle of seven digits or more reads a block or two, not 21.
        assert!(
            long > 20 && read < 3 * long,
            "{read} blocks for {long} needles"
        );
    }

    #[test]
    fn the_grams_cover_what_they_cover_and_no_more() {
        // Identifiers pushed after the grams were made: their blocks are read
        // whatever the grams say, the last one too.
        let values = generated(5 * BLOCK + 3, 11);
        let mut t = table(&values[..3 * BLOCK + 9]);
        for (i, v) in values.iter().enumerate().skip(3 * BLOCK + 9) {
            t.push(2 * i as i64 + 5, v, 0).unwrap();
        }
        let (bytes, v, d) = parts(&t);
        for needle in ["13800000", "0000", "123", "99999999999"] {
            let scan = containing(&mut std::io::Cursor::new(&bytes), v, d, needle).unwrap();
            assert_eq!(scan.hits, plain(&values, needle), "{needle}");
        }
        let needle = &values[values.len() - 2][..];
        let scan = containing(&mut std::io::Cursor::new(&bytes), v, d, needle).unwrap();
        assert!(scan.hits.iter().any(|(_, h)| h == needle));
    }

    #[test]
    fn a_damaged_piece_read_is_an_error_and_one_not_read_is_not_used() {
        let mut values = generated(8 * BLOCK, 3);
        values[2 * BLOCK + 5] = "+8619876543210".to_string();
        let t = table(&values);
        let (bytes, v, d) = parts(&t);
        let needle = "19876543210";
        let read = |b: &Vec<u8>| containing(&mut std::io::Cursor::new(b), v, d, needle);
        let good = read(&bytes).unwrap();
        assert_eq!(good.hits, plain(&values, needle));
        assert!(good.blocks <= 3, "{}", good.blocks);
        // Which bytes a lookup reads: those whose change it tells.
        let mut told = 0;
        for at in (v.0..d.0 + d.1).step_by(7) {
            let mut bad = bytes.clone();
            bad[at as usize] ^= 0x04;
            match read(&bad) {
                Err(_) => told += 1,
                // A byte the lookup did not read: the same answer.
                Ok(scan) => {
                    assert_eq!(scan.hits, good.hits, "byte {at}");
                    assert_eq!(scan.last, good.last, "byte {at}");
                }
            }
        }
        assert!(told > 50, "{told}");
        // The hit's own block, its value's bytes, changed: an error, never a miss.
        let value_at = bytes
            .windows(needle.len())
            .position(|w| w == needle.as_bytes())
            .unwrap();
        let mut bad = bytes.clone();
        bad[value_at + 3] = b'0';
        assert!(read(&bad).is_err());
    }
}
