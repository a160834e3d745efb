//! Reading what the index holds out of SQLite: the cases' text fields (folded, their
//! Latin words collected) and the identifiers with their postings.
//!
//! A large build reads on three connections at once (two halves of the cases, and
//! the identifiers): reading and folding are most of a build, and there are 2 cores.

use std::borrow::Cow;
use std::collections::HashSet;
use std::path::Path;

use encoding_rs::UTF_8;
use memchr::memmem::Finder;
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags, params};

use super::fields::{FIELDS, NO_AMOUNT, date_key};
use super::fold::fold_into;
use super::ident::{IdentTable, Slot, iflags};
use crate::{Error, Result};

/// Latin words kept for typo expansion are this long at most.
const MAX_WORD: usize = 32;

/// Below this many new cases one thread reads them all.
pub const SPLIT_MIN: i64 = 50_000;

/// Cases from one range of SQLite ids, folded, ready to append.
#[derive(Default)]
pub struct CasePart {
    pub ids: Vec<u32>,
    pub dates: Vec<u32>,
    /// Scam-type codes (`Code::id`).
    pub codes: Vec<u8>,
    /// Losses in fen (`fields::NO_AMOUNT` when none parsed).
    pub amounts: Vec<i64>,
    /// Report numbers, upper case, one after another; `report_ends` cuts them.
    pub reports: String,
    pub report_ends: Vec<u32>,
    /// End of each text field in `text`, case by case.
    pub ends: Vec<u32>,
    /// Per case: its text has a character of four bytes.
    pub wide: Vec<bool>,
    pub text: String,
    pub vocab: HashSet<Box<str>>,
}

/// One identifier's link to one case, before the case and the identifier have their
/// index numbers (read apart from the identifiers, on another connection).
pub struct FoundPosting {
    pub case_db_id: u32,
    pub ident_db_id: i64,
    pub slot: Slot,
    pub narrative: bool,
}

/// The database file to open more readers on, when the cases in `after..=upto` are
/// many enough to read in parallel. Not when `conn` is inside a transaction (another
/// connection would not see its rows) or has no file. The ranges every reader gets
/// are bounded by ids taken from `conn`, so all read the same cases.
pub fn split_path(conn: &Connection, after: i64, upto: i64, split_min: i64) -> Option<&str> {
    let path = conn.path().filter(|p| !p.is_empty())?;
    let parallel = upto - after >= split_min.max(2)
        && conn.is_autocommit()
        && rayon::current_num_threads() > 1;
    parallel.then_some(path)
}

/// A read-only connection of its own to `path`.
fn reader(path: &str) -> Result<Connection> {
    let mut conn = Connection::open_with_flags(
        Path::new(path),
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    crate::store::wait_for_locks(&mut conn, crate::store::BUSY_TIMEOUT)?;
    Ok(conn)
}

/// [`cases`] on a read-only connection of its own to `path`.
pub fn cases_on_reader(path: &str, after: i64, upto: i64) -> Result<CasePart> {
    cases(&reader(path)?, after, upto)
}

/// [`postings`] on a read-only connection of its own to `path`.
pub fn postings_on_reader(path: &str, after: i64, upto: i64) -> Result<Vec<FoundPosting>> {
    postings(&reader(path)?, after, upto)
}

/// The cases' text columns, in the order of `TextField::ALL`.
macro_rules! text_columns {
    () => {
        "script, scam_type, victim_name, caller_raw, account_raw, contact_raw"
    };
}

/// Reads and folds the cases with ids in `after..=upto`.
pub fn cases(conn: &Connection, after: i64, upto: i64) -> Result<CasePart> {
    let mut part = CasePart::default();
    let mut stmt = conn.prepare(concat!(
        "SELECT id, reported_at, ",
        text_columns!(),
        ", scam_type_code, amount_fen, report_no
           FROM cases WHERE id > ?1 AND id <= ?2 ORDER BY id"
    ))?;
    let mut rows = stmt.query(params![after, upto])?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let id = u32::try_from(id)
            .map_err(|_| Error::TooBig("search index: a case id past 4 billion"))?;
        part.ids.push(id);
        // A date that did not parse is NULL: empty here, as `date_key` wants it.
        part.dates.push(date_key(&text_of(r.get_ref(1)?)?));
        let code: i64 = r.get(2 + FIELDS)?;
        part.codes
            .push(crate::scamtype::Code::from_id(code).id() as u8);
        let amount: Option<i64> = r.get(3 + FIELDS)?;
        part.amounts.push(amount.unwrap_or(NO_AMOUNT));
        let report = text_of(r.get_ref(4 + FIELDS)?)?;
        part.reports.push_str(&report.trim().to_ascii_uppercase());
        part.report_ends.push(
            u32::try_from(part.reports.len())
                .map_err(|_| Error::TooBig("search index: report numbers past 4 GiB"))?,
        );
        let mut wide = false;
        for f in 0..FIELDS {
            let value = text_of(r.get_ref(2 + f)?)?;
            let at = part.text.len();
            let folded = fold_into(&value, &mut part.text);
            wide |= folded.wide;
            // Words from the first letter on: most fields have none.
            if let Some(first) = folded.first_letter {
                add_words(part.text.get(at + first..).unwrap_or(""), &mut part.vocab);
            }
            let end = u32::try_from(part.text.len())
                .map_err(|_| Error::TooBig("search index: more text than 4 GiB"))?;
            part.ends.push(end);
        }
        part.wide.push(wide);
    }
    Ok(part)
}

/// Whether a text field of a case with id in `after..=upto`, folded as [`cases`]
/// folds it, holds `needle`: what a contiguous text match needs.
pub fn any_field_holds(
    conn: &Connection,
    after: i64,
    upto: i64,
    needle: &Finder<'_>,
) -> Result<bool> {
    let mut stmt = conn.prepare_cached(concat!(
        "SELECT ",
        text_columns!(),
        " FROM cases WHERE id > ?1 AND id <= ?2"
    ))?;
    let mut rows = stmt.query(params![after, upto])?;
    let mut folded = String::new();
    while let Some(r) = rows.next()? {
        for f in 0..FIELDS {
            folded.clear();
            fold_into(&text_of(r.get_ref(f)?)?, &mut folded);
            if needle.find(folded.as_bytes()).is_some() {
                return Ok(true);
            }
        }
    }
    Ok(false)
}

/// A text column's value; empty when it is not text (NULL: a date that did not
/// parse). Text that is not UTF-8 is damage (the import stores only UTF-8): an error,
/// never an empty field that silently matches nothing. encoding_rs validates with
/// SIMD: the standard library's check of every script was a tenth of a build.
fn text_of(value: ValueRef<'_>) -> Result<Cow<'_, str>> {
    match value {
        ValueRef::Text(bytes) => UTF_8
            .decode_without_bom_handling_and_without_replacement(bytes)
            .ok_or_else(|| Error::Damaged("text that is not UTF-8".into())),
        _ => Ok(Cow::Borrowed("")),
    }
}

/// Adds the identifiers above the last one `idents` holds to it (their postings
/// are read by [`postings`], once their values are sorted elsewhere); returns
/// whether there were any.
pub fn identifier_values(conn: &Connection, idents: &mut IdentTable) -> Result<bool> {
    let held = idents.len();
    let mut stmt = conn.prepare(
        "SELECT id, value, ignored, official FROM identifiers WHERE id > ?1 ORDER BY id",
    )?;
    let mut rows = stmt.query(params![idents.last_db_id()])?;
    while let Some(r) = rows.next()? {
        let flags = ident_flags(r.get(2)?, r.get(3)?);
        idents.push(r.get(0)?, &text_of(r.get_ref(1)?)?, flags)?;
    }
    Ok(idents.len() > held)
}

/// The postings of the cases in `after..=upto` (linked once the cases and the
/// identifiers they name are numbered).
pub fn postings(conn: &Connection, after: i64, upto: i64) -> Result<Vec<FoundPosting>> {
    let mut stmt = conn.prepare(
        "SELECT case_id, identifier_id, role, origin FROM case_identifiers
          WHERE case_id > ?1 AND case_id <= ?2",
    )?;
    let mut rows = stmt.query(params![after, upto])?;
    let mut found = Vec::new();
    while let Some(r) = rows.next()? {
        let Ok(case_db_id) = u32::try_from(r.get::<_, i64>(0)?) else {
            continue;
        };
        let origin = r.get_ref(3)?.as_bytes().unwrap_or(b"");
        found.push(FoundPosting {
            case_db_id,
            ident_db_id: r.get(1)?,
            slot: Slot::from_row_bytes(r.get_ref(2)?.as_bytes().unwrap_or(b""), origin),
            narrative: Slot::is_narrative(origin),
        });
    }
    Ok(found)
}

pub fn ident_flags(ignored: i64, official: i64) -> u8 {
    let mut f = 0;
    if ignored != 0 {
        f |= iflags::IGNORED;
    }
    if official != 0 {
        f |= iflags::OFFICIAL;
    }
    f
}

/// Adds the ASCII-letter words of folded text to the vocabulary. Bytes, not chars:
/// a byte of a multi-byte character is never an ASCII letter, so it separates words
/// just as the character would. Between words, eight bytes are tested at once (most
/// of a Chinese narrative has no letter: a test per byte was a sixth of a build).
fn add_words(text: &str, vocab: &mut HashSet<Box<str>>) {
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i <= bytes.len() {
        if i == start {
            // No word under way: skip to the next letter.
            while let Some(eight) = bytes
                .get(i..i + 8)
                .and_then(|b| <[u8; 8]>::try_from(b).ok())
            {
                let letters = ascii_letters(u64::from_le_bytes(eight));
                if letters != 0 {
                    // Little-endian: the first byte is the lowest.
                    i += letters.trailing_zeros() as usize / 8;
                    break;
                }
                i += 8;
            }
            start = i;
        }
        if bytes.get(i).is_some_and(u8::is_ascii_alphabetic) {
            i += 1;
            continue;
        }
        if (3..=MAX_WORD).contains(&(i - start))
            && let Some(word) = text.get(start..i)
            && !vocab.contains(word)
        {
            vocab.insert(word.into());
        }
        i += 1;
        start = i;
    }
}

/// The high bit of each of the eight bytes of `x` that is an ASCII letter.
fn ascii_letters(x: u64) -> u64 {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Upper case folded onto lower (no other byte lands on a letter), high bits
    // cleared: adding below 0x80 then carries into no neighbour.
    let low = (x | 0x2020_2020_2020_2020) & !HIGH;
    let from_a = low.wrapping_add(0x1f1f_1f1f_1f1f_1f1f); // high bit: >= b'a'
    let past_z = low.wrapping_add(0x0505_0505_0505_0505); // high bit: > b'z'
    from_a & !past_z & !x & HIGH
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_collected_once() {
        let mut v = HashSet::new();
        add_words(
            "cancel your student loan, student 金条 ab金条éxyzé abcdefghijklmnopqrstuvwxyzabcdefg",
            &mut v,
        );
        let mut words: Vec<&str> = v.iter().map(|w| &**w).collect();
        words.sort_unstable();
        assert_eq!(words, ["cancel", "loan", "student", "xyz", "your"]);
        let mut v = HashSet::new();
        add_words("end", &mut v);
        assert!(v.contains("end"));
    }

    /// The check of a few cases' text agrees with the index's own folding: a number
    /// written in full-width digits is found by its folded form, one cut across two
    /// fields is not (no text match spans fields), and only the ids asked for are read.
    #[test]
    fn a_fields_text_is_searched_as_the_index_folds_it() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(concat!(
            "CREATE TABLE cases (id INTEGER PRIMARY KEY, ",
            text_columns!(),
            ");
             INSERT INTO cases (id, script, contact_raw) VALUES (1, '对方电话１３８１２３４５６７８', NULL);
             INSERT INTO cases (id, script, scam_type) VALUES (2, '账号6222', '0001');
             INSERT INTO cases (id, victim_name) VALUES (3, '王某 7304918265');"
        ))
        .unwrap();
        let holds = |needle: &str, after, upto| {
            any_field_holds(&conn, after, upto, &Finder::new(needle.as_bytes())).unwrap()
        };
        assert!(holds("13812345678", 0, 3));
        assert!(!holds("13812345678", 1, 3));
        assert!(!holds("62220001", 0, 3));
        assert!(holds("7304918265", 2, 3));
        assert!(!holds("7304918265", 0, 2));
    }

    #[test]
    fn text_columns_read_as_as_str_reads_them_and_bad_utf8_is_damage() {
        for value in [
            ValueRef::Text("金条 loan".as_bytes()),
            ValueRef::Text(b"\xef\xbb\xbfbom kept"),
            ValueRef::Text(b""),
            ValueRef::Null,
            ValueRef::Integer(7),
            ValueRef::Blob(b"blob"),
        ] {
            assert_eq!(
                text_of(value).unwrap(),
                value.as_str().unwrap_or(""),
                "{value:?}"
            );
        }
        for value in [
            ValueRef::Text(b"bad \xff byte"),
            ValueRef::Text(b"\xe9\x87"),
        ] {
            assert!(
                matches!(text_of(value), Err(Error::Damaged(_))),
                "{value:?}"
            );
        }
    }

    /// The vocabulary as a test of every byte collects it.
    fn words_bytewise(text: &str) -> HashSet<Box<str>> {
        let mut vocab = HashSet::new();
        let bytes = text.as_bytes();
        let mut start = 0;
        for i in 0..=bytes.len() {
            if bytes.get(i).is_some_and(u8::is_ascii_alphabetic) {
                continue;
            }
            if (3..=MAX_WORD).contains(&(i - start)) {
                vocab.insert(text[start..i].into());
            }
            start = i + 1;
        }
        vocab
    }

    #[test]
    fn eight_bytes_at_once_find_exactly_the_letters() {
        for b in 0..=255u8 {
            for at in 0..8 {
                let mut eight = [b'1'; 8];
                eight[at] = b;
                let got = ascii_letters(u64::from_le_bytes(eight));
                let want = if b.is_ascii_alphabetic() {
                    0x80u64 << (8 * at)
                } else {
                    0
                };
                assert_eq!(got, want, "{b:#x} at {at}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn words_skipped_eight_bytes_at_once_are_the_words_of_every_byte(
            s in "([a-zA-Z]{0,40}|[ ,.0-9@\\[`{~]{0,9}|[金条é①Ｚ\u{80}-\u{7ff}]{0,12}){0,12}",
        ) {
            let mut got = HashSet::new();
            add_words(&s, &mut got);
            proptest::prop_assert_eq!(got, words_bytewise(&s));
        }
    }
}
