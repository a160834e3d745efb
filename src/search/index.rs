//! The in-memory search index, built from SQLite at open and extended after each
//! import without a rebuild.
//!
//! Cases are numbered densely (`u32`) in SQLite id order. Per case the index keeps
//! only what matching and ranking need: the SQLite id, a sortable report date, and
//! six text fields, folded, side by side in one string arena (text stored once;
//! offsets are `u32`). Everything shown — report numbers, amounts, identifier lists —
//! is read back from SQLite for the page of results only (see `rows`).

use std::collections::HashSet;
use std::io::{self, Read, Write};
use std::path::Path;

use super::ident::IdentTable;
use super::persist::{self, In, Out, Stamp, ensure};
use super::ranks::{ByteRanks, PairFinder};
use super::read::{self, CasePart, ident_flags};
use super::text_blocks::{self, TextHead};
use super::value_blocks;
use crate::store::Store;
use crate::{Error, Result};
use fuzzy_matcher::skim::SkimMatcherV2;
use memchr::memmem::Finder;

pub use super::fields::TextField;
use super::fields::{FIELDS, NO_AMOUNT};

/// Stretches of the arena sampled by [`SearchIndex::sampled_count`], and their length.
const SAMPLES: usize = 8;
const SAMPLE_BYTES: usize = 16 * 1024;

pub struct SearchIndex {
    case_db_ids: Vec<u32>,
    /// Report date packed to sort newest first (0 when unknown).
    dates: Vec<u32>,
    /// The case's scam-type code (`Code::id`), for `type:` filters.
    codes: Vec<u8>,
    /// The case's loss in fen ([`NO_AMOUNT`] when none parsed), for `amount:`.
    amounts: Vec<i64>,
    /// Report numbers (upper case) laid end to end, cut by `report_ends` (one a case),
    /// and the cases in the order of their report numbers: a number's prefix finds
    /// its cases by binary search.
    reports: String,
    report_ends: Vec<u32>,
    report_order: Vec<u32>,
    /// Per case: its text has a character of four bytes in UTF-8 (emoji, rare
    /// ideographs); without one, a match's place in characters is bounded tighter.
    wide: Vec<bool>,
    /// `text[starts[c * FIELDS + f]..starts[c * FIELDS + f + 1]]` is field f of case c.
    starts: Vec<u32>,
    text: String,
    pub(super) idents: IdentTable,
    /// Byte frequencies of `text`, for the text searches' prefilter.
    ranks: ByteRanks,
    /// Distinct Latin words of the text, for typo-tolerant matching.
    vocab: HashSet<Box<str>>,
    /// Bumped by every update: a previous result set is only refined within one version.
    version: u64,
    /// The last case version replaced when the index was read (`case_versions`): a
    /// newer one means a corrected report rewrote a case already indexed.
    replaced_versions: i64,
    pub(super) matcher: SkimMatcherV2,
}

/// Whether the case with SQLite id `id` still has the report number `held` (upper
/// case, as the index keeps it): the last case an index file holds, checked before
/// the file is trusted.
fn still_the_case(conn: &rusqlite::Connection, id: i64, held: &str) -> bool {
    let report: Option<String> = conn
        .query_row("SELECT report_no FROM cases WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .ok();
    report.is_some_and(|r| r.trim().to_ascii_uppercase() == held)
}

/// The result of a reader thread.
fn joined<T>(handle: std::thread::ScopedJoinHandle<'_, Result<T>>) -> Result<T> {
    handle
        .join()
        .map_err(|_| Error::Thread("search index: a reader thread panicked".into()))?
}

fn too_big() -> Error {
    Error::TooBig("search index: more text than 4 GiB")
}

impl Default for SearchIndex {
    fn default() -> Self {
        SearchIndex {
            case_db_ids: Vec::new(),
            dates: Vec::new(),
            codes: Vec::new(),
            amounts: Vec::new(),
            reports: String::new(),
            report_ends: Vec::new(),
            report_order: Vec::new(),
            wide: Vec::new(),
            starts: vec![0],
            text: String::new(),
            idents: IdentTable::default(),
            ranks: ByteRanks::default(),
            vocab: HashSet::new(),
            version: 0,
            replaced_versions: 0,
            matcher: SkimMatcherV2::default(),
        }
    }
}

impl SearchIndex {
    /// The index over every case in the store: read back from the index file beside
    /// the database when that is current (see `persist`), with the cases imported
    /// since appended; else built from SQLite. Either way the file is then written
    /// if it was missing or behind (failing to write it is no error: it is a cache).
    pub fn build(store: &Store) -> Result<SearchIndex> {
        let Some(file) = persist::path_beside(store.path()) else {
            return SearchIndex::build_fresh(store);
        };
        let conn = store.connection();
        let loaded = SearchIndex::load(conn, &file).ok().flatten();
        let from_file = loaded.is_some();
        // Taken before the cases are read: a batch committed meanwhile is then read
        // again from SQLite by the next process, never missed.
        let stamp = Stamp::read(conn, None).ok();
        let mut index = loaded.unwrap_or_default();
        let added = match index.add_cases_since(store) {
            Ok(added) => added,
            // The file agreed with the database's stamp but not with its cases (a
            // count that differs): build from SQLite, which tells real damage.
            Err(_) if from_file => {
                index = SearchIndex::build_fresh(store)?;
                usize::MAX
            }
            Err(e) => return Err(e),
        };
        if let Some(stamp) = stamp
            && (!from_file || added > 0)
        {
            // A cache: an unwritable folder or a full disk costs the next process
            // a build, nothing more.
            let _ = index.save(&file, &stamp);
        }
        Ok(index)
    }

    /// Builds the index from SQLite alone (no index file read or written).
    pub fn build_fresh(store: &Store) -> Result<SearchIndex> {
        let mut index = SearchIndex::default();
        index.add_cases_since(store)?;
        Ok(index)
    }

    /// [`Self::build`] reading ranges of `split_min` cases or more in two halves.
    #[cfg(test)]
    pub(super) fn build_split(store: &Store, split_min: i64) -> Result<SearchIndex> {
        let mut index = SearchIndex::default();
        index.add_cases(store, split_min)?;
        Ok(index)
    }

    /// Adds the cases imported since the index was built or last updated (SQLite ids
    /// above the last one indexed), the identifiers they brought, and re-reads which
    /// identifiers are ignored or official. Returns the number of cases added.
    pub fn add_cases_since(&mut self, store: &Store) -> Result<usize> {
        self.add_cases(store, read::SPLIT_MIN)
    }

    pub(super) fn add_cases(&mut self, store: &Store, split_min: i64) -> Result<usize> {
        let conn = store.connection();
        let replaced: i64 =
            conn.query_row("SELECT COALESCE(MAX(id), 0) FROM case_versions", [], |r| {
                r.get(0)
            })?;
        if replaced != self.replaced_versions && !self.case_db_ids.is_empty() {
            // Corrected reports rewrote cases already indexed, and the arena only
            // grows: it is read again whole (updates come with a weekly import).
            let version = self.version;
            *self = SearchIndex::default();
            self.version = version;
        }
        self.replaced_versions = replaced;
        let last_case = self.last_case_id();
        let first_new_case = self.case_db_ids.len();
        let held_idents = self.idents.len();

        let max_case: i64 =
            conn.query_row("SELECT COALESCE(MAX(id), 0) FROM cases", [], |r| r.get(0))?;
        let (parts, found, orders) = match read::split_path(conn, last_case, max_case, split_min) {
            // Each half of the cases on a connection of its own, and the upper
            // half's postings on a third; the identifiers meanwhile on this one, then
            // the lower half's postings; the identifiers' value orders sorted on a
            // thread of their own as soon as the values are in. Reading is most of a
            // build: no core should idle while the last reader finishes.
            Some(path) => std::thread::scope(|scope| {
                let mid = last_case + (max_case - last_case) / 2;
                let upper = scope.spawn(move || read::cases_on_reader(path, mid, max_case));
                let lower = scope.spawn(move || read::cases_on_reader(path, last_case, mid));
                let upper_postings =
                    scope.spawn(move || read::postings_on_reader(path, mid, max_case));
                let new_idents = read::identifier_values(conn, &mut self.idents);
                let idents = &self.idents;
                let orders = matches!(new_idents, Ok(true))
                    .then(|| scope.spawn(move || Ok(idents.value_orders())));
                let found = read::postings(conn, last_case, mid);
                let orders = orders.map(joined).transpose()?;
                new_idents?;
                let mut found = found?;
                found.extend(joined(upper_postings)?);
                Ok::<_, Error>((vec![joined(lower)?, joined(upper)?], found, orders))
            })?,
            None => {
                let part = read::cases(conn, last_case, max_case)?;
                read::identifier_values(conn, &mut self.idents)?;
                let found = read::postings(conn, last_case, max_case)?;
                (vec![part], found, None)
            }
        };
        let mut texts = Vec::with_capacity(parts.len());
        let mut arena_len = self.text.len();
        for part in parts {
            let text = self.number(part, arena_len)?;
            arena_len += text.len();
            texts.push(text);
        }
        // A damaged table can end a scan early without an error: what was read must be
        // every case up to `max_case` that a count through the smallest index knows
        // (`+id` keeps SQLite from counting along the damaged table instead; cases an
        // import commits meanwhile are above `max_case`).
        let counted: i64 = conn.query_row(
            "SELECT COUNT(*) FROM cases WHERE +id <= ?1",
            [max_case],
            |r| r.get(0),
        )?;
        if counted != self.case_db_ids.len() as i64 {
            return Err(Error::Damaged(format!(
                "{} cases read, {counted} counted",
                self.case_db_ids.len()
            )));
        }
        let added = self.case_db_ids.len() - first_new_case;
        if added > 0 {
            // Report numbers in order, for prefix look-ups (a million in ~0.1 s).
            let n = u32::try_from(self.case_db_ids.len()).map_err(|_| too_big())?;
            let mut order: Vec<u32> = (0..n).collect();
            rayon::slice::ParallelSliceMut::par_sort_unstable_by(order.as_mut_slice(), |&a, &b| {
                self.report_no(a).cmp(self.report_no(b))
            });
            self.report_order = order;
        }
        let new_identifiers = self.idents.len() != held_idents;
        // The cases' text joins the arena on one core while the postings are linked
        // and sorted on the other.
        let SearchIndex {
            text,
            idents,
            case_db_ids,
            ..
        } = self;
        std::thread::scope(|scope| {
            scope.spawn(move || {
                for part in texts {
                    if text.is_empty() {
                        // The first part of a build becomes the arena, uncopied.
                        *text = part;
                    } else {
                        // Exactly: growing by doubling left up to half the arena
                        // unused (the heap budget); for a large arena the growth is
                        // a remap, not a copy.
                        text.reserve_exact(part.len());
                        text.push_str(&part);
                    }
                }
                text.shrink_to_fit();
            });
            for p in found {
                let case = super::ident::position_of(case_db_ids, i64::from(p.case_db_id));
                if let (Some(case), Some(ident)) = (case, idents.find_db_id(p.ident_db_id)) {
                    idents.link(ident, case, p.slot, p.narrative);
                }
            }
            if added > 0 || new_identifiers {
                match orders {
                    Some(orders) => idents.reindex_with(orders),
                    None => idents.reindex(),
                }
            }
        });
        self.ranks = ByteRanks::counted(self.text.as_bytes());
        // Identifiers read just now came with their marks: only those held before
        // need theirs read again.
        if held_idents > 0 {
            self.refresh_flags(store)?;
        }
        self.version += 1;
        Ok(added)
    }

    /// Numbers the cases of a part read by [`read::cases`] (which come after every
    /// case held) whose text will start at byte `base` of the arena; returns that
    /// text, for the caller to append.
    fn number(&mut self, part: CasePart, base: usize) -> Result<String> {
        u32::try_from(base + part.text.len()).map_err(|_| too_big())?;
        self.case_db_ids.extend(part.ids);
        self.dates.extend(part.dates);
        self.codes.extend(part.codes);
        self.amounts.extend(part.amounts);
        let base_report = u32::try_from(self.reports.len()).map_err(|_| too_big())?;
        self.reports.push_str(&part.reports);
        self.report_ends
            .extend(part.report_ends.iter().map(|e| base_report + e));
        self.wide.extend(part.wide);
        self.starts
            .extend(part.ends.into_iter().map(|e| (base + e as usize) as u32));
        if self.vocab.is_empty() {
            self.vocab = part.vocab;
        } else {
            self.vocab.extend(part.vocab);
        }
        Ok(part.text)
    }

    /// Re-reads the ignored and official marks (after `casebench ignore`).
    pub fn refresh_flags(&mut self, store: &Store) -> Result<()> {
        let mut stmt = store.connection().prepare(
            "SELECT id, ignored, official FROM identifiers WHERE ignored != 0 OR official != 0",
        )?;
        let marked: Vec<(i64, u8)> = stmt
            .query_map([], |r| Ok((r.get(0)?, ident_flags(r.get(1)?, r.get(2)?))))?
            .collect::<rusqlite::Result<_>>()?;
        for i in 0..self.idents.len() {
            let i = u32::try_from(i).unwrap_or(u32::MAX);
            self.idents.set_flags(i, 0);
        }
        for (db_id, flags) in marked {
            if let Some(i) = self.idents.find_db_id(db_id) {
                self.idents.set_flags(i, flags);
            }
        }
        self.version += 1;
        Ok(())
    }

    /// Number of cases indexed.
    pub fn len(&self) -> usize {
        self.case_db_ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.case_db_ids.is_empty()
    }

    /// The highest SQLite case id indexed (0 when empty).
    pub fn last_case_id(&self) -> i64 {
        self.case_db_ids.last().map_or(0, |&id| i64::from(id))
    }

    /// Changes whenever the index does.
    pub fn version(&self) -> u64 {
        self.version
    }

    /// Approximate heap bytes held (the budget: 600 MB at a million cases).
    pub fn heap_bytes(&self) -> usize {
        self.case_db_ids.capacity() * 4
            + self.dates.capacity() * 4
            + self.codes.capacity()
            + self.amounts.capacity() * 8
            + self.reports.capacity()
            + self.report_ends.capacity() * 4
            + self.report_order.capacity() * 4
            + self.wide.capacity()
            + self.starts.capacity() * 4
            + self.text.capacity()
            + self.idents.heap_bytes()
            + self.vocab.iter().map(|w| w.len() + 16).sum::<usize>()
            + self.vocab.capacity() * 17
    }

    pub(super) fn case_db_id(&self, case: u32) -> i64 {
        self.case_db_ids
            .get(case as usize)
            .map_or(0, |&id| i64::from(id))
    }

    pub(super) fn date(&self, case: u32) -> u32 {
        self.dates.get(case as usize).copied().unwrap_or(0)
    }

    /// Case `case`'s report number (upper case).
    pub(super) fn report_no(&self, case: u32) -> &str {
        let i = case as usize;
        let start = match i {
            0 => 0,
            _ => self.report_ends.get(i - 1).copied().unwrap_or(0) as usize,
        };
        let end = self.report_ends.get(i).copied().unwrap_or(0) as usize;
        self.reports.get(start..end).unwrap_or("")
    }

    /// The cases whose report number starts with `prefix` (upper case), each with
    /// whether it is the whole number.
    pub(super) fn reports_starting(&self, prefix: &str) -> Vec<(u32, bool)> {
        let from = self
            .report_order
            .partition_point(|&c| self.report_no(c) < prefix);
        self.report_order[from..]
            .iter()
            .map_while(|&c| {
                let no = self.report_no(c);
                no.starts_with(prefix)
                    .then_some((c, no.len() == prefix.len()))
            })
            .collect()
    }

    /// The cases that pass `query`'s filters (scam type, report dates, loss), in
    /// case order. A case whose date or amount did not parse passes no filter on it.
    pub(super) fn cases_passing(&self, query: &super::Query) -> Vec<u32> {
        let filters = query.filters();
        (0..self.codes.len())
            .filter(|&i| {
                filters.pass(
                    self.codes[i],
                    self.dates.get(i).copied().unwrap_or(0),
                    self.amounts.get(i).copied().unwrap_or(NO_AMOUNT),
                    self.case_db_ids[i].into(),
                )
            })
            .filter_map(|i| u32::try_from(i).ok())
            .collect()
    }

    /// The most bytes a character of case `case`'s text takes in UTF-8 (3 or 4).
    pub(super) fn max_char_bytes(&self, case: u32) -> usize {
        if self.wide.get(case as usize).copied().unwrap_or(true) {
            4
        } else {
            3
        }
    }

    /// Field `field` of case `case`, folded.
    pub(super) fn field(&self, case: u32, field: TextField) -> &str {
        let i = case as usize * FIELDS + field as usize;
        match (self.starts.get(i), self.starts.get(i + 1)) {
            (Some(&a), Some(&b)) => self.text.get(a as usize..b as usize).unwrap_or(""),
            _ => "",
        }
    }

    /// All text fields of case `case`, folded, one after another.
    pub(super) fn case_text(&self, case: u32) -> &str {
        let i = case as usize * FIELDS;
        match (self.starts.get(i), self.starts.get(i + FIELDS)) {
            (Some(&a), Some(&b)) => self.text.get(a as usize..b as usize).unwrap_or(""),
            _ => "",
        }
    }

    /// A finder for `needle` in the arena, its prefilter fitted to the arena's bytes.
    pub(super) fn finder(&self, needle: &[u8]) -> Finder<'static> {
        self.ranks.finder(needle)
    }

    /// [`Self::finder`] for the text search's hot loops.
    pub(super) fn pair_finder(&self, needle: &[u8]) -> PairFinder {
        PairFinder::new(&self.ranks, needle)
    }

    /// The whole text arena (every case's fields, one after another).
    pub(super) fn arena(&self) -> &str {
        &self.text
    }

    /// Where case `case`'s text starts in the arena (the arena's end past the last).
    pub(super) fn case_start(&self, case: usize) -> usize {
        self.starts
            .get(case * FIELDS)
            .map_or(self.text.len(), |&s| s as usize)
    }

    /// All text fields of case `case` as one string, and where each field ends in it.
    pub(super) fn case_fields(&self, case: u32) -> (&str, [usize; FIELDS]) {
        let i = case as usize * FIELDS;
        let mut ends = [0; FIELDS];
        let Some(starts) = self.starts.get(i..=i + FIELDS) else {
            return ("", ends);
        };
        let base = starts[0] as usize;
        for (end, &s) in ends.iter_mut().zip(&starts[1..]) {
            *end = s as usize - base;
        }
        let text = self.text.get(base..base + ends[FIELDS - 1]).unwrap_or("");
        (text, ends)
    }

    /// True when some text field of case `case` holds `finder`'s needle (not merely
    /// the case's text across two fields): one search over the case's text.
    pub(super) fn field_holds(&self, case: u32, finder: &Finder<'_>) -> bool {
        let (text, ends) = self.case_fields(case);
        let len = finder.needle().len();
        let bytes = text.as_bytes();
        let mut at = 0;
        while let Some(found) = bytes.get(at..).and_then(|b| finder.find(b)) {
            let pos = at + found;
            let end = ends
                .iter()
                .copied()
                .find(|&e| e > pos)
                .unwrap_or(bytes.len());
            if pos + len <= end {
                return true;
            }
            at = end;
        }
        false
    }

    /// Which of the consecutive cases `first..first + n` hold `finder`'s needle in
    /// their text: one `memmem` pass over their stretch of the arena instead of a
    /// search per field (the needle may span two fields of a case: a candidate, not
    /// a match). A hit across two cases marks neither; the search resumes at the
    /// next case's start.
    pub(super) fn cases_holding(&self, first: u32, n: usize, finder: &Finder<'_>) -> Vec<bool> {
        if finder.needle().is_empty() {
            return vec![true; n];
        }
        let mut holds = vec![false; n];
        let first = first as usize;
        let last = (first + n).min(self.len());
        if first >= last {
            return holds;
        }
        let bytes = self.text.as_bytes();
        let case_start = |k: usize| self.starts[k * FIELDS] as usize;
        let end = case_start(last);
        let needle = finder.needle().len();
        let mut at = case_start(first);
        while let Some(found) = finder.find(&bytes[at..end]) {
            let pos = at + found;
            let lo = self.case_at(pos, first, last);
            let case_end = case_start(lo + 1);
            if pos + needle <= case_end {
                holds[lo - first] = true;
            }
            at = case_end;
        }
        holds
    }

    /// The case holding arena byte `pos`: the last of the cases `from..last` that
    /// starts at or before it (`from` must). A run's next hit is mostly in one of the
    /// next few cases: those are tried in turn, then steps that double, and a binary
    /// search only between the last two (a search of the whole rest of the run
    /// missed the cache at most of its steps: a fifth of a common term's scan).
    pub(super) fn case_at(&self, pos: usize, from: usize, last: usize) -> usize {
        let mut lo = from;
        for _ in 0..4 {
            if lo + 1 >= last || self.case_start(lo + 1) > pos {
                return lo;
            }
            lo += 1;
        }
        let mut step = 4;
        let mut hi = loop {
            let probe = lo + step;
            if probe >= last || self.case_start(probe) > pos {
                break probe.min(last);
            }
            lo = probe;
            step *= 2;
        };
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if self.case_start(mid) <= pos {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        lo
    }

    /// How often `finder`'s needle occurs in a sample of the arena ([`SAMPLES`]
    /// stretches of [`SAMPLE_BYTES`], spread evenly): an estimate of how common it
    /// is, to search the rarest of several needles first. Costs tens of µs.
    pub(super) fn sampled_count(&self, finder: &Finder<'_>) -> usize {
        let bytes = self.text.as_bytes();
        let step = bytes.len() / SAMPLES;
        (0..SAMPLES)
            .map(|i| {
                let at = i * step;
                let stretch = bytes.get(at..(at + SAMPLE_BYTES).min(bytes.len()));
                stretch.map_or(0, |s| finder.find_iter(s).count())
            })
            .sum()
    }

    /// Latin words of the corpus within `max` edits of `word` (nearest first),
    /// excluding those that contain it (they match contiguously anyway).
    pub(super) fn similar_words(
        &self,
        word: &str,
        max: usize,
        limit: usize,
    ) -> Vec<(String, usize)> {
        let len = word.chars().count();
        let mut found: Vec<(String, usize)> = self
            .vocab
            .iter()
            .filter(|w| w.len().abs_diff(len) <= max && !w.contains(word))
            .filter_map(|w| {
                let d = strsim::osa_distance(word, w);
                (d <= max).then(|| (w.to_string(), d))
            })
            .collect();
        found.sort_unstable_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
        found.truncate(limit);
        found
    }
}

/// The index file (see `persist`): the text arena as one part, everything else as
/// the other, each checked as it is read back so that a damaged file is rebuilt,
/// never trusted into a panic.
impl SearchIndex {
    /// Writes the index to `path`, stamped `stamp`.
    fn save(&self, path: &Path, stamp: &Stamp) -> io::Result<()> {
        persist::save(
            path,
            stamp,
            &self.text,
            &|out| self.idents.write_values(out),
            &|out| self.idents.write_digits(out),
            &|out| self.write_rest(out),
            &|out| {
                let case_starts: Vec<u32> = self.starts.iter().step_by(FIELDS).copied().collect();
                let last = u32::try_from(self.len().saturating_sub(1)).unwrap_or(u32::MAX);
                text_blocks::write_part(
                    out,
                    self.text.as_bytes(),
                    &case_starts,
                    &self.case_db_ids,
                    self.report_no(last),
                )
            },
        )
    }

    fn write_rest<W: Write>(&self, out: &mut Out<W>) -> io::Result<()> {
        out.u32s(&self.case_db_ids)?;
        out.u32s(&self.dates)?;
        out.bytes(&self.codes)?;
        out.i64s(&self.amounts)?;
        out.bytes(self.reports.as_bytes())?;
        out.u32s(&self.report_ends)?;
        out.u32s(&self.report_order)?;
        let wide: Vec<u8> = self.wide.iter().map(|&w| u8::from(w)).collect();
        out.bytes(&wide)?;
        out.u32s(&self.starts)?;
        let mut words: Vec<&str> = self.vocab.iter().map(|w| &**w).collect();
        words.sort_unstable();
        out.bytes(words.join("\n").as_bytes())?;
        out.u64(self.replaced_versions as u64)?;
        self.idents.write_to(out)
    }

    /// The index in `path`, if it is there and current for `conn` (stamp, last case).
    fn load(conn: &rusqlite::Connection, path: &Path) -> io::Result<Option<SearchIndex>> {
        let stamp_of = |max_batch: i64| Stamp::read(conn, Some(max_batch)).ok();
        let loaded = persist::load(
            path,
            &stamp_of,
            |input| input.string(),
            IdentTable::read_values,
            IdentTable::read_digits,
            SearchIndex::read_rest,
        )?;
        let Some((text, mut index)) = loaded else {
            return Ok(None);
        };
        index.text = text;
        index.check()?;
        // The last case held is still the case it was.
        if let Some(last) = index.len().checked_sub(1) {
            let held = index.report_no(u32::try_from(last).unwrap_or(u32::MAX));
            if !still_the_case(conn, index.last_case_id(), held) {
                return Ok(None);
            }
        }
        index.ranks = ByteRanks::counted(index.text.as_bytes());
        Ok(Some(index))
    }

    /// Identifiers whose value contains `digits`, read in the identifiers' parts of
    /// the index file at `path` alone, the blocks of values its digit grams allow
    /// (`value_blocks`), if it is there and current for `conn`: its stamp agrees,
    /// and its last identifier is still the one it was. Their SQLite ids and values,
    /// by id, and the last identifier the file holds: identifiers imported since
    /// (ids above it) are not in it. For the cold lookups, which would otherwise scan
    /// every value in SQLite.
    pub(super) fn identifiers_containing(
        conn: &rusqlite::Connection,
        path: &Path,
        digits: &str,
    ) -> io::Result<Option<value_blocks::ValuesScan>> {
        let stamp_of = |max_batch: i64| Stamp::read(conn, Some(max_batch)).ok();
        let Some(mut opened) = persist::open_parts(path, &stamp_of)? else {
            return Ok(None);
        };
        let found =
            value_blocks::containing(&mut opened.file, opened.values, opened.digits, digits)?;
        if let Some((last_id, held)) = &found.last {
            let value: Option<String> = conn
                .query_row(
                    "SELECT value FROM identifiers WHERE id = ?1",
                    [last_id],
                    |r| r.get(0),
                )
                .ok();
            if value.is_none_or(|v| v != *held) {
                return Ok(None);
            }
        }
        Ok(Some(found))
    }

    /// Whether some case's text may hold `needle` (a folded term with a run of four
    /// digits or more) where a text search would find it, told from the text's
    /// digit grams in the index file at `path` (`text_blocks`) and the cases of the
    /// blocks they allow, read from SQLite with those imported since the file: false
    /// only when no case's text holds it. None when the file cannot tell: not there
    /// or not current (its stamp, its last case), grams that cannot tell, or more
    /// than `at_most` cases to read. For the cold lookups of a number no identifier
    /// holds, which the engine would look for in every case's text.
    pub(super) fn text_may_hold(
        conn: &rusqlite::Connection,
        path: &Path,
        needle: &str,
        at_most: usize,
    ) -> Result<Option<bool>> {
        let stamp_of = |max_batch: i64| Stamp::read(conn, Some(max_batch)).ok();
        let io = |e| Error::io(path, e);
        let Some(mut opened) = persist::open_parts(path, &stamp_of).map_err(io)? else {
            return Ok(None);
        };
        let mut buf = Vec::new();
        let head = TextHead::read(&mut opened.file, opened.text_digits, &mut buf).map_err(io)?;
        let mut last_id = 0;
        if let Some((id, held)) = head.last() {
            if !still_the_case(conn, id, held) {
                return Ok(None);
            }
            last_id = id;
        }
        let Some(mut ranges) = head
            .may_hold(&mut opened.file, needle.as_bytes(), &mut buf)
            .map_err(io)?
        else {
            return Ok(None);
        };
        // The blocks' cases counted by their ids' span (at least as many: a short
        // number's grams may allow thousands of blocks, no query each), then those
        // imported since the file.
        let spans: i64 = ranges.iter().map(|(after, upto)| upto - after).sum();
        let since: i64 =
            conn.query_row("SELECT COUNT(*) FROM cases WHERE id > ?1", [last_id], |r| {
                r.get(0)
            })?;
        if usize::try_from(spans + since).map_or(true, |n| n > at_most) {
            return Ok(None);
        }
        ranges.push((last_id, i64::MAX));
        let finder = Finder::new(needle.as_bytes());
        for (after, upto) in ranges {
            if read::any_field_holds(conn, after, upto, &finder)? {
                return Ok(Some(true));
            }
        }
        Ok(Some(false))
    }

    fn read_rest<R: Read>(input: &mut In<R>, values: IdentTable) -> io::Result<SearchIndex> {
        let case_db_ids = input.u32s()?;
        let dates = input.u32s()?;
        let codes = input.bytes()?;
        let amounts = input.i64s()?;
        let reports = input.string()?;
        let report_ends = input.u32s()?;
        let report_order = input.u32s()?;
        let wide = input.bytes()?.into_iter().map(|b| b != 0).collect();
        let starts = input.u32s()?;
        let vocab = input
            .string()?
            .split('\n')
            .filter(|w| !w.is_empty())
            .map(Box::from)
            .collect();
        let replaced_versions = input.u64()? as i64;
        let idents = IdentTable::read_from(values, input)?;
        Ok(SearchIndex {
            case_db_ids,
            dates,
            codes,
            amounts,
            reports,
            report_ends,
            report_order,
            wide,
            starts,
            idents,
            vocab,
            replaced_versions,
            ..SearchIndex::default()
        })
    }

    /// What every reader of the index takes for granted, checked on an index read
    /// back from a file (the identifiers were checked as they were read).
    fn check(&self) -> io::Result<()> {
        let n = self.case_db_ids.len();
        ensure(
            [
                self.dates.len(),
                self.codes.len(),
                self.amounts.len(),
                self.report_ends.len(),
                self.wide.len(),
            ]
            .iter()
            .all(|&l| l == n)
                && self.report_order.len() == n
                && self.starts.len() == n * FIELDS + 1,
            "arrays of different lengths",
        )?;
        ensure(
            self.case_db_ids.windows(2).all(|w| w[0] < w[1]),
            "case ids out of order",
        )?;
        let codes = crate::scamtype::Code::ALL.len();
        ensure(
            self.codes.iter().all(|&c| usize::from(c) < codes),
            "an unknown scam-type code",
        )?;
        ensure(
            ascending_within(&self.starts, &self.text)
                && self.starts.first() == Some(&0)
                && self.starts.last().map(|&s| s as usize) == Some(self.text.len()),
            "text fields out of bounds",
        )?;
        ensure(
            ascending_within(&self.report_ends, &self.reports)
                && self.report_ends.last().map_or(0, |&e| e as usize) == self.reports.len(),
            "report numbers out of bounds",
        )?;
        ensure(
            self.report_order.iter().all(|&c| (c as usize) < n),
            "a report order past the cases",
        )?;
        ensure(
            self.idents
                .cases_below(u32::try_from(n).unwrap_or(u32::MAX)),
            "postings past the cases",
        )
    }
}

/// True when `ends` ascend and each is a character boundary of `text`.
pub(super) fn ascending_within(ends: &[u32], text: &str) -> bool {
    ends.windows(2).all(|w| w[0] <= w[1]) && ends.iter().all(|&e| text.is_char_boundary(e as usize))
}

#[cfg(test)]
mod tests {
    use super::super::fields::date_key;

    #[test]
    fn dates_sort_like_the_text() {
        let mut dates = [
            "2026-11-02 14:35",
            "2026-11-02",
            "2025-12-31 23:59",
            "2026-11-10",
            "",
        ];
        dates.sort_by_key(|d| date_key(d));
        assert_eq!(
            dates,
            [
                "",
                "2025-12-31 23:59",
                "2026-11-02",
                "2026-11-02 14:35",
                "2026-11-10"
            ]
        );
    }
}
