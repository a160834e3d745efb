//! Which blocks of cases hold which runs of four digits in their text (the grams of
//! `grams`, over the text arena: a bit per gram and block of [`BLOCK`] cases), kept
//! in the index file so that a cold lookup of a number no identifier holds can tell
//! that no case's text holds it either, without the text index (0.6 s to read back
//! at a million cases, 3 s to build): the rows of the number's grams (1 KB each at a
//! million cases) leave a few blocks, and those cases are read again from SQLite and
//! folded as the index folds them (`read::cases`).
//!
//! The part (written by [`write_part`]): the length of its head; the head, with a
//! checksum of its own: the number of cases, each block's first and last SQLite case
//! id, the last case's report number (upper case, as the index keeps it) and a
//! checksum of each gram's row; then the rows. Every piece is checked before it is
//! used; the index never reads this part.

use std::io::{self, Read, Seek, Write};

use super::grams::{self, BLOCK, DigitGrams, GRAMS};
use super::persist::{In, Out, ensure};
use super::value_blocks::{read_at, read_rows, row_sums, u64_at};

/// Writes the text's digits part of the cases whose text is
/// `text[case_starts[i]..case_starts[i + 1]]`, with SQLite ids `case_ids`
/// (ascending), the last one's report number `last_report`.
pub(super) fn write_part<W: Write>(
    out: &mut Out<W>,
    text: &[u8],
    case_starts: &[u32],
    case_ids: &[u32],
    last_report: &str,
) -> io::Result<()> {
    let grams = DigitGrams::new(text, case_starts);
    let blocks: Vec<&[u32]> = case_ids.chunks(BLOCK).collect();
    let firsts: Vec<u32> = blocks.iter().filter_map(|b| b.first().copied()).collect();
    let lasts: Vec<u32> = blocks.iter().filter_map(|b| b.last().copied()).collect();
    let mut head = Vec::new();
    {
        let mut h = Out::new(&mut head);
        h.u64(grams.values() as u64)?;
        h.u32s(&firsts)?;
        h.u32s(&lasts)?;
        h.bytes(last_report.as_bytes())?;
        h.u64s(&row_sums(&grams))?;
        h.end()?;
    }
    out.u64(head.len() as u64)?;
    out.raw(&head)?;
    out.u64s(grams.rows())
}

/// The head of the text's digits part.
pub(super) struct TextHead {
    cases: usize,
    firsts: Vec<u32>,
    lasts: Vec<u32>,
    last_report: String,
    sums: Vec<u64>,
    /// Where the rows start, and the words of each.
    rows_at: u64,
    words: usize,
}

impl TextHead {
    /// Reads and checks the head of the part at `(at, len)` of `file`.
    pub(super) fn read<F: Read + Seek>(
        file: &mut F,
        (at, len): (u64, u64),
        buf: &mut Vec<u8>,
    ) -> io::Result<TextHead> {
        let head_len = u64_at(file, at)?;
        ensure(
            head_len.checked_add(8 + 8).is_some_and(|h| h <= len),
            "a text digits head past its part",
        )?;
        let bytes = read_at(file, at + 8, head_len, buf)?;
        let mut input = In::new(bytes, head_len);
        let cases = usize::try_from(input.u64()?).unwrap_or(usize::MAX);
        let firsts = input.u32s()?;
        let lasts = input.u32s()?;
        let last_report = input.string()?;
        let sums = input.u64s()?;
        input.check_sum()?;
        let words = grams::row_words(cases);
        let blocks = cases.div_ceil(BLOCK);
        // The rows after the head: their count, the rows, the part's checksum.
        let rows_at = at + 8 + head_len + 8;
        ensure(
            firsts.len() == blocks
                && lasts.len() == blocks
                && firsts.iter().zip(&lasts).all(|(f, l)| f <= l)
                && firsts.windows(2).all(|w| w[0] < w[1])
                && sums.len() == GRAMS
                && (GRAMS as u64)
                    .checked_mul(words as u64 * 8)
                    .and_then(|r| r.checked_add(rows_at - at + 8))
                    == Some(len),
            "a text digits part of another size",
        )?;
        Ok(TextHead {
            cases,
            firsts,
            lasts,
            last_report,
            sums,
            rows_at,
            words,
        })
    }

    /// The last case the part covers: its SQLite id and report number.
    pub(super) fn last(&self) -> Option<(i64, &str)> {
        self.lasts
            .last()
            .map(|&id| (i64::from(id), self.last_report.as_str()))
    }

    /// The cases whose text may hold `needle`, as ranges `after..=upto` of SQLite
    /// ids (the blocks every row of its grams allows, adjacent ones together); None
    /// when its grams cannot tell (it has no run of four digits).
    pub(super) fn may_hold<F: Read + Seek>(
        &self,
        file: &mut F,
        needle: &[u8],
        buf: &mut Vec<u8>,
    ) -> io::Result<Option<Vec<(i64, i64)>>> {
        let Some(grams) = grams::grams_within(needle) else {
            return Ok(None);
        };
        let rows = read_rows(file, (self.rows_at, self.words), &self.sums, &grams, buf)?;
        let rows: Vec<&[u64]> = rows.iter().map(Vec::as_slice).collect();
        let ranges = grams::blocks_in_every(&rows, self.cases);
        let id = |ids: &[u32], case: usize| ids.get(case / BLOCK).map_or(0, |&i| i64::from(i));
        Ok(Some(
            ranges
                .iter()
                .map(|r| {
                    (
                        id(&self.firsts, r.start) - 1,
                        id(&self.lasts, r.end.saturating_sub(1)),
                    )
                })
                .collect(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    /// A part for `texts` (case ids 10, 20, 30, …), and its head read back.
    fn part(texts: &[String]) -> (Cursor<Vec<u8>>, TextHead) {
        let mut text = Vec::new();
        let mut starts = vec![0u32];
        for t in texts {
            text.extend_from_slice(t.as_bytes());
            starts.push(text.len() as u32);
        }
        let ids: Vec<u32> = (1..=texts.len() as u32).map(|i| i * 10).collect();
        let mut bytes = Vec::new();
        {
            let mut out = Out::new(&mut bytes);
            write_part(&mut out, &text, &starts, &ids, "JJ-LAST").unwrap();
            out.end().unwrap();
        }
        let len = bytes.len() as u64;
        let mut file = Cursor::new(bytes);
        let head = TextHead::read(&mut file, (0, len), &mut Vec::new()).unwrap();
        (file, head)
    }

    #[test]
    fn the_blocks_of_every_case_holding_a_number_are_told_and_few_others() {
        // Three blocks and a bit; the number sits in a case of the second block and,
        // cut by a dash, in the third (its runs' grams all there).
        let texts: Vec<String> = (0..3 * BLOCK + 7)
            .map(|i| match i {
                200 => "对方电话13912345678，转账5000元".to_string(),
                300 => "号码139-1234-5678".to_string(),
                _ => format!("第{i}号 金额{}元", i * 7),
            })
            .collect();
        let (mut file, head) = part(&texts);
        assert_eq!(head.last(), Some((10 * texts.len() as i64, "JJ-LAST")));
        let mut buf = Vec::new();
        // Block 1 holds cases 128..256: SQLite ids 1290..=2560; block 2 the next.
        let found = head.may_hold(&mut file, b"13912345678", &mut buf).unwrap();
        assert_eq!(found, Some(vec![(1289, 2560)]));
        let cut = head
            .may_hold(&mut file, b"139-1234-5678", &mut buf)
            .unwrap();
        assert_eq!(cut, Some(vec![(1289, 3840)]));
        // A number no case holds, and one whose grams cannot tell.
        assert_eq!(
            head.may_hold(&mut file, b"18698765432", &mut buf).unwrap(),
            Some(vec![])
        );
        assert_eq!(head.may_hold(&mut file, b"wx_12", &mut buf).unwrap(), None);
    }

    #[test]
    fn a_damaged_row_or_head_is_an_error() {
        let texts: Vec<String> = (0..BLOCK + 1)
            .map(|i| format!("电话1390000{i:04}"))
            .collect();
        let (file, head) = part(&texts);
        let bytes = file.into_inner();
        let len = bytes.len() as u64;
        // The row of gram 1390, every case holds it.
        let at = head.rows_at as usize + 1390 * head.words * 8;
        let mut bad = bytes.clone();
        bad[at] ^= 1;
        let mut file = Cursor::new(bad);
        assert!(
            head.may_hold(&mut file, b"13900000001", &mut Vec::new())
                .is_err()
        );
        // A byte of the head.
        let mut bad = bytes;
        bad[20] ^= 1;
        let mut file = Cursor::new(bad);
        assert!(TextHead::read(&mut file, (0, len), &mut Vec::new()).is_err());
    }
}
