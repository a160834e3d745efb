//! The search index kept in a file beside the database (`DB-search`), so that a new
//! process reads it back instead of building it from SQLite: a cold `casebench
//! search` or the workbench's first text query at a million cases waits for a read
//! of the file (plain reads, no mmap) instead of 1.5 s of reading and folding rows.
//!
//! The file is a cache, never the truth. It is used only when its stamp agrees with
//! the database: the same file format and casebench program (version, size and
//! time of the executable), the same schema
//! version, the same scam-type mapping (codes are rewritten in place when the alias
//! table changes), the same corrected-report count (a correction rewrites a case in
//! place), the same import batches up to the last one it saw, and the same number
//! of cases up to the last one it holds, the last one with the same report number.
//! Cases imported since (ids above its last) are read from SQLite and appended, as
//! after an import in the workbench, and the file is written again; anything else
//! that differs, or a file that does not read back whole and consistent, and the
//! index is built from SQLite. Identifiers' ignored and official marks are always
//! read again from the database.
//!
//! Five parts, each with its checksum: the text arena (read on a thread of its
//! own), the identifiers' values and ids, their digit grams (`value_blocks`: a row
//! per gram, a checksum per row and per block of values), the rest, and the digit
//! grams of the text arena (`text_blocks`, which the index does not read). A cold
//! lookup of digits reads the grams' rows of its needle and the blocks of values
//! they allow ([`open_parts`]), instead of scanning every value in SQLite; a number
//! no identifier holds, the text grams' rows, to tell that no case's text holds it.
//!
//! Written under a temporary name (owner-only, like the database: it holds the
//! victims' names) and renamed over the old file, so a reader never sees half a file.
//! Failing to write it (a read-only folder, a full disk) only costs the next
//! process a build.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use encoding_rs::{DecoderResult, UTF_8};
use rusqlite::Connection;
use rusqlite::types::ValueRef;
use sha2::{Digest, Sha256};

/// The start of every index file, and its layout's version: bump it whenever what
/// is written changes.
const MAGIC: &[u8; 8] = b"CBSIX\x00\x00\x04";
/// Written native-endian: a file from a machine of the other byte order is rebuilt.
const BYTE_ORDER: u32 = 0x0102_0304;
/// Elements converted per read or write call.
const CHUNK: usize = 1 << 16;

/// What the file was made from (see the module doc). Compared whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    digest: [u8; 32],
    /// The last import batch the digest covers.
    max_batch: i64,
}

impl Stamp {
    /// The database's stamp for an index whose last batch is `max_batch` (None: the
    /// newest one now).
    pub fn read(conn: &Connection, max_batch: Option<i64>) -> rusqlite::Result<Stamp> {
        let max_batch = match max_batch {
            Some(b) => b,
            None => conn.query_row("SELECT COALESCE(MAX(id), 0) FROM batches", [], |r| r.get(0))?,
        };
        let mut h = Sha256::new();
        h.update(MAGIC);
        h.update(env!("CARGO_PKG_VERSION").as_bytes());
        // The program itself (its size and time): another build may fold or lay out
        // text otherwise under the same version number, and must not read this one's.
        if let Ok(exe) = std::env::current_exe().and_then(std::fs::metadata) {
            h.update(exe.len().to_le_bytes());
            let when = exe
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok());
            h.update(when.map_or(0, |d| d.as_nanos()).to_le_bytes());
        }
        let mut rows = |sql: &str, param: Option<i64>| -> rusqlite::Result<()> {
            let mut stmt = conn.prepare(sql)?;
            let columns = stmt.column_count();
            let mut rows = match param {
                Some(p) => stmt.query([p])?,
                None => stmt.query([])?,
            };
            h.update(sql.as_bytes());
            while let Some(r) = rows.next()? {
                for c in 0..columns {
                    hash_value(&mut h, r.get_ref(c)?);
                }
            }
            Ok(())
        };
        rows(
            "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
            None,
        )?;
        rows("SELECT COALESCE(MAX(id), 0) FROM case_versions", None)?;
        rows("SELECT * FROM scam_type_mapping ORDER BY 1", None)?;
        // Every column, whatever the schema names them: a batch row that changes
        // at all makes the file stale (a rebuild, never a wrong answer).
        rows(
            "SELECT * FROM batches WHERE id <= ?1 ORDER BY id",
            Some(max_batch),
        )?;
        Ok(Stamp {
            digest: h.finalize().into(),
            max_batch,
        })
    }
}

fn hash_value(h: &mut Sha256, v: ValueRef<'_>) {
    match v {
        ValueRef::Null => h.update([0]),
        ValueRef::Integer(i) => {
            h.update([1]);
            h.update(i.to_le_bytes());
        }
        ValueRef::Real(f) => {
            h.update([2]);
            h.update(f.to_le_bytes());
        }
        ValueRef::Text(t) | ValueRef::Blob(t) => {
            h.update([3]);
            h.update((t.len() as u64).to_le_bytes());
            h.update(t);
        }
    }
}

/// Where the index file of the database at `db` lives (beside it, like SQLite's
/// `-wal`); None for a database with no file.
pub fn path_beside(db: &Path) -> Option<PathBuf> {
    if db.as_os_str().is_empty() || db.as_os_str() == ":memory:" {
        return None;
    }
    let mut name = db.as_os_str().to_os_string();
    name.push("-search");
    Some(PathBuf::from(name))
}

fn invalid(what: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("search index file: {what}"),
    )
}

/// Checks a condition of a file read back; a file that fails one is rebuilt.
pub fn ensure(ok: bool, what: &str) -> io::Result<()> {
    if ok { Ok(()) } else { Err(invalid(what)) }
}

/// A checksum of a stream of bytes, however it is cut into calls: four lanes of
/// 8-byte words mixed by multiplication (several GB/s), so that a file damaged or
/// torn anywhere is rebuilt rather than trusted. Not cryptographic: it guards
/// against accidents, and the file is the user's own.
#[derive(Debug, Clone, Default)]
pub(super) struct Checksum {
    lanes: [u64; 4],
    /// Bytes of an unfinished 32-byte block.
    pending: Vec<u8>,
    len: u64,
}

const MIX: u64 = 0x9e37_79b9_7f4a_7c15;

impl Checksum {
    fn block(&mut self, b: &[u8]) {
        for (lane, word) in self.lanes.iter_mut().zip(b.chunks_exact(8)) {
            let w = u64::from_le_bytes([
                word[0], word[1], word[2], word[3], word[4], word[5], word[6], word[7],
            ]);
            *lane = (*lane ^ w).wrapping_mul(MIX).rotate_left(29);
        }
    }

    pub(super) fn update(&mut self, mut b: &[u8]) {
        self.len += b.len() as u64;
        if !self.pending.is_empty() {
            let need = (32 - self.pending.len()).min(b.len());
            self.pending.extend_from_slice(&b[..need]);
            b = &b[need..];
            if self.pending.len() < 32 {
                return;
            }
            let block = std::mem::take(&mut self.pending);
            self.block(&block);
        }
        let mut blocks = b.chunks_exact(32);
        for block in &mut blocks {
            self.block(block);
        }
        self.pending.extend_from_slice(blocks.remainder());
    }

    pub(super) fn value(&self) -> u64 {
        let mut last = self.pending.clone();
        last.resize(32, 0);
        let mut end = self.clone();
        end.block(&last);
        end.lanes
            .iter()
            .fold(self.len, |h, &l| (h ^ l).wrapping_mul(MIX).rotate_left(31))
    }
}

/// Writes the sections of an index file: lengths first, native-endian numbers.
pub struct Out<W: Write> {
    w: W,
    buf: Vec<u8>,
    sum: Checksum,
}

impl<W: Write> Out<W> {
    pub fn new(w: W) -> Out<W> {
        Out {
            w,
            buf: Vec::with_capacity(CHUNK * 8),
            sum: Checksum::default(),
        }
    }

    fn put(&mut self, b: &[u8]) -> io::Result<()> {
        self.sum.update(b);
        self.w.write_all(b)
    }

    /// Writes `self.buf`.
    fn flush_buf(&mut self) -> io::Result<()> {
        self.sum.update(&self.buf);
        self.w.write_all(&self.buf)
    }

    pub fn u64(&mut self, v: u64) -> io::Result<()> {
        self.put(&v.to_ne_bytes())
    }

    /// Bytes as they are, no length before them (a section written by another
    /// `Out`, with its own checksum).
    pub fn raw(&mut self, b: &[u8]) -> io::Result<()> {
        self.put(b)
    }

    pub fn bytes(&mut self, b: &[u8]) -> io::Result<()> {
        self.u64(b.len() as u64)?;
        self.put(b)
    }

    /// Ends a part: its checksum, for [`In::check_sum`].
    pub fn end(&mut self) -> io::Result<()> {
        let sum = self.sum.value();
        self.w.write_all(&sum.to_ne_bytes())
    }

    pub fn u32s(&mut self, v: &[u32]) -> io::Result<()> {
        self.numbers(v, u32::to_ne_bytes)
    }

    pub fn u64s(&mut self, v: &[u64]) -> io::Result<()> {
        self.numbers(v, u64::to_ne_bytes)
    }

    pub fn i64s(&mut self, v: &[i64]) -> io::Result<()> {
        self.numbers(v, i64::to_ne_bytes)
    }

    /// A length, then each number's bytes, a chunk at a time.
    fn numbers<T: Copy, const N: usize>(
        &mut self,
        v: &[T],
        bytes: fn(T) -> [u8; N],
    ) -> io::Result<()> {
        self.u64(v.len() as u64)?;
        for chunk in v.chunks(CHUNK) {
            self.buf.clear();
            for &x in chunk {
                self.buf.extend_from_slice(&bytes(x));
            }
            self.flush_buf()?;
        }
        Ok(())
    }
}

/// Reads what [`Out`] wrote, every length bounded by what is left of the file (a
/// damaged length is an error, never a huge allocation).
pub struct In<R: Read> {
    r: R,
    left: u64,
    buf: Vec<u8>,
    sum: Checksum,
}

impl<R: Read> In<R> {
    pub fn new(r: R, len: u64) -> In<R> {
        In {
            r,
            left: len,
            buf: Vec::new(),
            sum: Checksum::default(),
        }
    }

    /// The next `n` bytes as they are (counted into the checksum).
    pub fn take(&mut self, n: usize) -> io::Result<&[u8]> {
        ensure(n as u64 <= self.left, "shorter than its lengths say")?;
        // The buffer only grows: a take of 8 bytes between two of 256 KiB must not
        // make the next one zero its room again.
        if self.buf.len() < n {
            self.buf.resize(n, 0);
        }
        let got = &mut self.buf[..n];
        self.r.read_exact(got)?;
        self.left -= n as u64;
        self.sum.update(got);
        Ok(got)
    }

    pub fn u64(&mut self) -> io::Result<u64> {
        let b = self.take(8)?;
        Ok(u64::from_ne_bytes(
            b.try_into().map_err(|_| invalid("u64"))?,
        ))
    }

    /// A length of elements of `unit` bytes, checked against what is left.
    pub fn len(&mut self, unit: u64) -> io::Result<usize> {
        let n = self.u64()?;
        ensure(
            n.checked_mul(unit).is_some_and(|b| b <= self.left),
            "a length past its end",
        )?;
        usize::try_from(n).map_err(|_| invalid("length"))
    }

    pub fn bytes(&mut self) -> io::Result<Vec<u8>> {
        let n = self.len(1)?;
        let mut v = vec![0u8; n];
        self.r.read_exact(&mut v)?;
        self.left -= n as u64;
        self.sum.update(&v);
        Ok(v)
    }

    /// Text, checked as UTF-8 as it is read: encoding_rs (SIMD, and no second pass
    /// to make the `String`; the standard library's check of Chinese text is
    /// several times slower). The string grows by exactly each chunk (a large
    /// allocation grows in place), so that the decoder, which touches every page
    /// of the room it is given, is never given the whole text's room at once.
    pub fn string(&mut self) -> io::Result<String> {
        let n = self.len(1)?;
        let mut decoder = UTF_8.new_decoder_without_bom_handling();
        let mut out = String::new();
        let mut left = n;
        while left > 0 {
            let step = left.min(CHUNK * 16);
            let last = step == left;
            let room = decoder
                .max_utf8_buffer_length_without_replacement(step)
                .ok_or_else(|| invalid("text length"))?;
            out.reserve_exact(room);
            let chunk = self.take(step)?;
            let (result, read) =
                decoder.decode_to_string_without_replacement(chunk, &mut out, last);
            ensure(
                result == DecoderResult::InputEmpty && read == step,
                "text that is not UTF-8",
            )?;
            left -= step;
        }
        out.shrink_to_fit();
        Ok(out)
    }

    pub fn u32s(&mut self) -> io::Result<Vec<u32>> {
        let n = self.len(4)?;
        let mut v = Vec::with_capacity(n);
        while v.len() < n {
            let step = (n - v.len()).min(CHUNK);
            let b = self.take(step * 4)?;
            v.extend(
                b.chunks_exact(4)
                    .map(|c| u32::from_ne_bytes([c[0], c[1], c[2], c[3]])),
            );
        }
        Ok(v)
    }

    pub fn u64s(&mut self) -> io::Result<Vec<u64>> {
        let n = self.len(8)?;
        let mut v = Vec::with_capacity(n);
        while v.len() < n {
            let step = (n - v.len()).min(CHUNK);
            let b = self.take(step * 8)?;
            v.extend(
                b.chunks_exact(8)
                    .map(|c| u64::from_ne_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]])),
            );
        }
        Ok(v)
    }

    pub fn i64s(&mut self) -> io::Result<Vec<i64>> {
        Ok(self.u64s()?.into_iter().map(|x| x as i64).collect())
    }

    /// Reads what is left before the checksum, counted into it and not kept.
    pub fn skip_to_sum(&mut self) -> io::Result<()> {
        while self.left > 8 {
            let step = usize::try_from(self.left - 8).map_or(CHUNK * 16, |n| n.min(CHUNK * 16));
            self.take(step)?;
        }
        Ok(())
    }

    /// Reads the checksum [`Out::end`] wrote and checks it against what was read;
    /// then checks that nothing is left.
    pub fn check_sum(&mut self) -> io::Result<()> {
        let want = self.sum.value();
        ensure(self.left == 8, "bytes after the index")?;
        let mut b = [0u8; 8];
        self.r.read_exact(&mut b)?;
        self.left = 0;
        ensure(
            u64::from_ne_bytes(b) == want,
            "a checksum that does not match",
        )
    }
}

/// Parts after the header.
const PARTS: usize = 5;

/// The header: magic, byte order, the stamp, then the five parts' lengths.
pub(super) const HEADER: u64 = 8 + 4 + 32 + 8 + PARTS as u64 * 8;

/// A part's writer.
type Part<'a> = &'a dyn Fn(&mut Out<&mut BufWriter<File>>) -> io::Result<()>;

/// Writes the five parts of an index (`text`: the big arena, read on a thread of
/// its own; `values`: the identifiers' ids and values, and `digits`: their grams,
/// which a cold lookup reads a piece at a time; `rest`: everything else;
/// `text_digits`: the text's grams, for cold lookups alone) to `path`, under a
/// temporary name first.
pub fn save(
    path: &Path,
    stamp: &Stamp,
    text: &str,
    values: Part<'_>,
    digits: Part<'_>,
    rest: Part<'_>,
    text_digits: Part<'_>,
) -> io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let tmp = tempfile::NamedTempFile::new_in(dir)?;
    let mut w = BufWriter::with_capacity(1 << 20, tmp.as_file().try_clone()?);
    w.write_all(MAGIC)?;
    w.write_all(&BYTE_ORDER.to_ne_bytes())?;
    w.write_all(&stamp.digest)?;
    w.write_all(&stamp.max_batch.to_ne_bytes())?;
    // The text's length is known; the others' are patched in after they are written.
    let text_len = text.len() as u64 + 16;
    w.write_all(&text_len.to_ne_bytes())?;
    w.write_all(&[0u8; 8 * (PARTS - 1)])?;
    {
        let mut out = Out::new(&mut w);
        out.bytes(text.as_bytes())?;
        out.end()?;
    }
    w.flush()?;
    // Where each of the other parts starts, and the end.
    let mut at = [0u64; PARTS];
    for (part, start) in [values, digits, rest, text_digits].into_iter().zip(&mut at) {
        *start = w.get_mut().stream_position()?;
        let mut out = Out::new(&mut w);
        part(&mut out)?;
        out.end()?;
        w.flush()?;
    }
    drop(w);
    let mut file = tmp.as_file();
    at[PARTS - 1] = file.seek(SeekFrom::End(0))?;
    file.seek(SeekFrom::Start(HEADER - 8 * (PARTS as u64 - 1)))?;
    for len in at.windows(2).map(|w| w[1] - w[0]) {
        file.write_all(&len.to_ne_bytes())?;
    }
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// An index file whose header agrees with the database: open, just past its header.
struct Opened {
    file: File,
    head: [u8; HEADER as usize],
    total: u64,
    text_len: u64,
    values_len: u64,
    digits_len: u64,
    rest_len: u64,
    text_digits_len: u64,
}

impl Opened {
    /// None when there is no such file or it is of another layout or stamp; an
    /// error when its lengths do not add up.
    fn open(path: &Path, stamp_of: &dyn Fn(i64) -> Option<Stamp>) -> io::Result<Option<Opened>> {
        let mut file = match File::open(path) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e),
        };
        let total = file.metadata()?.len();
        let mut head = [0u8; HEADER as usize];
        if total < HEADER || file.read_exact(&mut head).is_err() {
            return Ok(None);
        }
        let word = |at: usize| {
            let mut b = [0u8; 8];
            b.copy_from_slice(&head[at..at + 8]);
            u64::from_ne_bytes(b)
        };
        if &head[..8] != MAGIC || head[8..12] != BYTE_ORDER.to_ne_bytes() {
            return Ok(None);
        }
        let max_batch = word(44) as i64;
        let Some(stamp) = stamp_of(max_batch) else {
            return Ok(None);
        };
        if head[12..44] != stamp.digest || max_batch != stamp.max_batch {
            return Ok(None);
        }
        let (text_len, values_len, digits_len, rest_len, text_digits_len) =
            (word(52), word(60), word(68), word(76), word(84));
        ensure(
            [text_len, values_len, digits_len, rest_len, text_digits_len]
                .iter()
                .try_fold(HEADER, |n, &len| n.checked_add(len))
                == Some(total),
            "lengths that do not add up",
        )?;
        Ok(Some(Opened {
            file,
            head,
            total,
            text_len,
            values_len,
            digits_len,
            rest_len,
            text_digits_len,
        }))
    }

    /// Reads the part of `len` bytes at `at` through `read`, and checks its sum.
    fn part<T>(
        mut file: File,
        at: u64,
        len: u64,
        read: impl FnOnce(&mut In<BufReader<File>>) -> io::Result<T>,
    ) -> io::Result<T> {
        file.seek(SeekFrom::Start(at))?;
        let mut input = In::new(BufReader::with_capacity(1 << 20, file), len);
        let got = read(&mut input)?;
        input.check_sum()?;
        Ok(got)
    }
}

/// Reads an index file whose stamp is `stamp`: the text part on one thread and the
/// others on this one, each through `read_text`, `read_values`, `read_digits`
/// (given what `read_values` read) and `read_rest` (given what `read_digits` made
/// of it). None when there is no such file or it is of another stamp; an error when
/// it does not read back.
pub fn load<T: Send, V, D, U>(
    path: &Path,
    stamp_of: &dyn Fn(i64) -> Option<Stamp>,
    read_text: impl FnOnce(&mut In<BufReader<File>>) -> io::Result<T> + Send,
    read_values: impl FnOnce(&mut In<BufReader<File>>) -> io::Result<V>,
    read_digits: impl FnOnce(&mut In<BufReader<File>>, V) -> io::Result<D>,
    read_rest: impl FnOnce(&mut In<BufReader<File>>, D) -> io::Result<U>,
) -> io::Result<Option<(T, U)>> {
    let Some(opened) = Opened::open(path, stamp_of)? else {
        return Ok(None);
    };
    // Opened again, not cloned (a clone shares the offset, and both read at once),
    // and the same file still: another process may have renamed a newer one in.
    let mut text_file = File::open(path)?;
    let mut again = [0u8; HEADER as usize];
    text_file.read_exact(&mut again)?;
    ensure(
        again == opened.head && text_file.metadata()?.len() == opened.total,
        "replaced while read",
    )?;
    let Opened {
        file,
        text_len,
        values_len,
        digits_len,
        rest_len,
        text_digits_len,
        ..
    } = opened;
    let (text, rest) = std::thread::scope(|scope| {
        let text = scope.spawn(move || Opened::part(text_file, HEADER, text_len, read_text));
        let rest = (|| {
            let values_at = HEADER + text_len;
            let values = Opened::part(file.try_clone()?, values_at, values_len, read_values)?;
            let digits_at = values_at + values_len;
            let digits = Opened::part(file.try_clone()?, digits_at, digits_len, |input| {
                read_digits(input, values)
            })?;
            let rest_at = digits_at + digits_len;
            let rest = Opened::part(file.try_clone()?, rest_at, rest_len, |input| {
                read_rest(input, digits)
            })?;
            // The text's grams serve cold lookups alone, but a file damaged there is
            // written again like any other.
            Opened::part(file, rest_at + rest_len, text_digits_len, In::skip_to_sum)?;
            Ok::<_, io::Error>(rest)
        })();
        let text = text
            .join()
            .map_err(|_| invalid("a reader thread panicked"))?;
        Ok::<_, io::Error>((text?, rest?))
    })?;
    Ok(Some((text, rest)))
}

/// The parts of an index file a cold lookup reads a piece at a time
/// (`value_blocks`, `text_blocks`): the file, and where those parts are.
pub struct PartsFile {
    pub file: File,
    /// Offset and length of the values part, of the digits part, and of the text's
    /// digits part.
    pub values: (u64, u64),
    pub digits: (u64, u64),
    pub text_digits: (u64, u64),
}

/// The index file at `path` whose stamp is `stamp`, opened and not read, for a cold
/// lookup: None when there is no such file or it is of another layout or stamp; an
/// error when its lengths do not add up.
pub fn open_parts(
    path: &Path,
    stamp_of: &dyn Fn(i64) -> Option<Stamp>,
) -> io::Result<Option<PartsFile>> {
    let Some(Opened {
        file,
        text_len,
        values_len,
        digits_len,
        rest_len,
        text_digits_len,
        ..
    }) = Opened::open(path, stamp_of)?
    else {
        return Ok(None);
    };
    let values_at = HEADER + text_len;
    let digits_at = values_at + values_len;
    Ok(Some(PartsFile {
        file,
        values: (values_at, values_len),
        digits: (digits_at, digits_len),
        text_digits: (digits_at + digits_len + rest_len, text_digits_len),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_read_back_as_written_and_damage_is_an_error() {
        let mut bytes = Vec::new();
        {
            let mut out = Out::new(&mut bytes);
            out.u32s(&[1, 2, u32::MAX]).unwrap();
            out.bytes("金条 loan".as_bytes()).unwrap();
            out.i64s(&[i64::MIN, -1, 7]).unwrap();
            out.end().unwrap();
        }
        let mut input = In::new(&bytes[..], bytes.len() as u64);
        assert_eq!(input.u32s().unwrap(), [1, 2, u32::MAX]);
        assert_eq!(input.string().unwrap(), "金条 loan");
        assert_eq!(input.i64s().unwrap(), [i64::MIN, -1, 7]);
        input.check_sum().unwrap();

        // One bit changed anywhere: the checksum tells.
        for at in 0..bytes.len() - 8 {
            let mut bad = bytes.clone();
            bad[at] ^= 1;
            let mut input = In::new(&bad[..], bad.len() as u64);
            let read = (|| {
                input.u32s()?;
                input.string()?;
                input.i64s()?;
                input.check_sum()
            })();
            assert!(read.is_err(), "byte {at}");
        }

        // Cut short: the last section's length runs past the end.
        let cut = &bytes[..bytes.len() - 1];
        let mut input = In::new(cut, cut.len() as u64);
        input.u32s().unwrap();
        input.string().unwrap();
        input.i64s().unwrap();
        assert!(input.check_sum().is_err());

        // Not UTF-8 where text is expected.
        let mut bad = Vec::new();
        Out::new(&mut bad).bytes(b"ok \xe9\x87").unwrap();
        assert!(In::new(&bad[..], bad.len() as u64).string().is_err());

        // A length far past the file is refused before anything is allocated.
        let mut huge = Vec::new();
        Out::new(&mut huge).u64(u64::MAX / 2).unwrap();
        assert!(In::new(&huge[..], huge.len() as u64).u32s().is_err());
    }
}
