//! Matching one text term against a case's text fields.
//!
//! Three kinds of match, best first:
//!
//! 1. contiguous — the folded term occurs as written (memchr's `memmem`; the cheap
//!    test every case goes through);
//! 2. fuzzy — the term's characters in order with at most [`MAX_GAP`] characters
//!    between neighbours (`白条额度` in `白条的额度`). Finding such a run is the
//!    prefilter; Skim v2 then scores only that short run, never the whole script;
//! 3. typo — a Latin word of the text within one edit (two for long words) of the
//!    term (`studnet` → `student`), the words taken from the index's vocabulary;
//! 4. reordered — a Chinese term of four or more characters whose two-character
//!    words all occur in the field, in any order (`屏幕共享` in `共享屏幕`): Chinese
//!    puts the same words either way round.
//!
//! Terms with digits (or `@`) and quoted phrases match contiguously only: digits never
//! match as a scattered subsequence.

use fuzzy_matcher::FuzzyMatcher;
use memchr::memmem::Finder;

use super::fields::{FIELDS, TextField};
use super::fold::char_index;
use super::index::SearchIndex;
use super::query::Term;
use super::ranks::PairFinder;

/// Characters allowed between two matched characters of a fuzzy match.
pub const MAX_GAP: usize = 3;
/// Occurrences of the first character tried per field before giving up.
const MAX_STARTS: usize = 64;
/// Points for each further field a term matched in.
const FIELD_BONUS: i32 = 40;
/// Typo variants tried per term.
const MAX_VARIANTS: usize = 16;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TextKind {
    Typo,
    Fuzzy,
    Contiguous,
}

/// The best match of one term in one case.
#[derive(Debug, Clone)]
pub struct TextHit {
    pub kind: TextKind,
    /// The field of the best match (of the best upper bound when `slack` > 0).
    pub field: TextField,
    /// The score, or an upper bound of it `slack` points at most too high.
    pub score: i32,
    /// 0 when `score` is exact. A contiguous match found by a search of the whole
    /// case (positions not asked for) leaves its count of characters before the
    /// match untold: counting them for every holder of a common term was a sixth
    /// of a query; only the candidates that may reach the page are counted.
    pub slack: i32,
    /// Whether a field holds the query's phrase, when the search for the term
    /// could tell ([`PhraseProbe`]); None when it could not.
    pub phrase: Option<bool>,
    /// The term also matched (any kind) in the script.
    pub in_script: bool,
    /// Character positions in the field (filled only when asked for).
    pub positions: Vec<u32>,
}

/// The query's phrase (its text terms side by side) as one of its terms sees it:
/// every occurrence of the phrase holds the term `offset` bytes in, so a search
/// for the term that meets every occurrence of it meets the phrase's too, and
/// looks for it there at the cost of one short compare.
#[derive(Debug, Clone)]
pub struct PhraseProbe {
    phrase: Vec<u8>,
    offset: usize,
    term_len: usize,
    /// The term cannot overlap itself (no proper prefix is also a suffix): a
    /// search resuming after each occurrence meets every one, so not meeting the
    /// phrase means it is absent.
    exhaustive: bool,
}

impl PhraseProbe {
    /// The probe of `phrase` for the term `term`, found `offset` bytes into it.
    pub fn new(phrase: &str, offset: usize, term: &str) -> Option<PhraseProbe> {
        let fits = phrase.get(offset..)?.starts_with(term) && !term.is_empty();
        let t = term.as_bytes();
        let exhaustive = (1..t.len()).all(|k| t[..k] != t[t.len() - k..]);
        fits.then(|| PhraseProbe {
            phrase: phrase.as_bytes().to_vec(),
            offset,
            term_len: t.len(),
            exhaustive,
        })
    }

    /// True when the phrase lies in `text[start..end]` with the term at byte `pos`.
    fn holds_at(&self, text: &[u8], pos: usize, start: usize, end: usize) -> bool {
        let Some(at) = pos.checked_sub(self.offset).filter(|&a| a >= start) else {
            return false;
        };
        // The byte next to the term inside the phrase first: most places differ
        // there, without a call to compare the rest.
        let beside = if self.offset > 0 {
            at + self.offset - 1
        } else {
            pos + self.term_len
        };
        let inside = if self.offset > 0 {
            self.offset - 1
        } else {
            self.term_len
        };
        at + self.phrase.len() <= end
            && text.get(beside) == self.phrase.get(inside)
            && text.get(at..at + self.phrase.len()) == Some(&self.phrase)
    }
}

/// One case's text fields, one after another, as a search found them: where each
/// field ends in the text, and the most bytes a character of it takes (3 or 4).
#[derive(Debug, Clone, Copy)]
pub struct CaseText<'a> {
    pub text: &'a str,
    pub ends: [usize; FIELDS],
    pub char_bytes: usize,
}

/// A text term prepared for matching many cases.
pub struct TextTerm {
    text: String,
    chars: Vec<char>,
    finder: PairFinder,
    latin_word: bool,
    fuzzy: bool,
    /// Words of the corpus within a few edits: (finder, edits, length in chars).
    variants: Vec<(Finder<'static>, usize, u32)>,
    /// A Chinese term's two-character words, for matches in any order.
    words: Vec<Finder<'static>>,
    probe: Option<PhraseProbe>,
}

fn field_weight(field: TextField) -> i32 {
    match field {
        TextField::Script => 60,
        TextField::ScamType => 50,
        TextField::CallerText | TextField::AccountText | TextField::ContactText => 30,
        TextField::VictimName => 20,
    }
}

/// The two-character words of a term of four or more Chinese characters (`屏幕共享`
/// → `屏幕`, `共享`; an odd last character joins the one before it); none for
/// other terms.
fn chinese_words(chars: &[char]) -> Vec<String> {
    let han = |c: &char| matches!(*c as u32, 0x3400..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F);
    if chars.len() < 4 || !chars.iter().all(han) {
        return Vec::new();
    }
    let mut words: Vec<String> = chars.chunks_exact(2).map(|w| w.iter().collect()).collect();
    if chars.len() % 2 == 1 {
        words.push(chars[chars.len() - 2..].iter().collect());
    }
    words
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

/// True when `s[start..end]` is not inside a longer Latin word or number.
fn at_boundaries(s: &[u8], start: usize, end: usize) -> bool {
    let before = start == 0 || !is_word_byte(s[start - 1]);
    let after = end >= s.len() || !is_word_byte(s[end]);
    before && after
}

impl TextTerm {
    pub fn new(term: &Term, index: &SearchIndex) -> TextTerm {
        let text = term.text.clone();
        let chars: Vec<char> = text.chars().collect();
        let latin = text.bytes().all(|b| b.is_ascii_alphabetic());
        let fuzzy = term.is_fuzzy();
        let variants = if !term.quoted && latin && chars.len() >= 4 {
            let max = if chars.len() >= 8 { 2 } else { 1 };
            index
                .similar_words(&text, max, MAX_VARIANTS)
                .into_iter()
                .map(|(w, d)| {
                    let len = u32::try_from(w.chars().count()).unwrap_or(u32::MAX);
                    (index.finder(w.as_bytes()), d, len)
                })
                .collect()
        } else {
            Vec::new()
        };
        let words = if fuzzy {
            chinese_words(&chars)
                .iter()
                .map(|w| index.finder(w.as_bytes()))
                .collect()
        } else {
            Vec::new()
        };
        TextTerm {
            finder: index.pair_finder(text.as_bytes()),
            text,
            chars,
            latin_word: latin,
            fuzzy,
            variants,
            words,
            probe: None,
        }
    }

    /// Looks for the query's phrase wherever the term is found (see [`PhraseProbe`]).
    pub fn set_phrase(&mut self, probe: PhraseProbe) {
        self.probe = Some(probe);
    }

    /// Finds the folded term as written (what a contiguous match is).
    pub fn finder(&self) -> &Finder<'static> {
        self.finder.memmem()
    }

    /// True when a match of a longer term does not always imply a match of this
    /// one's prefix (typo variants): previous results cannot be refined.
    pub fn has_typo_variants(&self) -> bool {
        !self.variants.is_empty()
    }

    /// The best match in the given fields; fuzzy and typo matches only when
    /// `loose` (the engine asks for them only when contiguous ones are too few).
    /// Without positions a contiguous match's score may be an upper bound (see
    /// [`TextHit::slack`]); with them it is exact.
    pub fn best(
        &self,
        index: &SearchIndex,
        case: u32,
        fields: &[TextField],
        loose: bool,
        want_positions: bool,
    ) -> Option<TextHit> {
        if !want_positions {
            let hit = self.best_contiguous(index, case, fields);
            if hit.is_some() || !loose {
                return hit;
            }
        }
        let mut best: Option<TextHit> = None;
        let mut in_script = false;
        // A term found in several fields (the script and the scam type) says more
        // about the case than one found once.
        let mut fields_matched = 0;
        for &field in fields {
            let s = index.field(case, field);
            if let Some(hit) = self.contiguous(s, field, want_positions) {
                in_script |= field == TextField::Script;
                fields_matched += 1;
                if best.as_ref().is_none_or(|b| hit.score > b.score) {
                    best = Some(hit);
                }
            }
        }
        if best.is_none() && loose {
            for &field in fields {
                let s = index.field(case, field);
                let scattered = self.scattered(index, s, field, want_positions);
                let typo = self.typo(s, field, want_positions);
                let hit = match (scattered, typo) {
                    (Some(a), Some(b)) => Some(if b.score > a.score { b } else { a }),
                    (a, b) => a.or(b),
                }
                .or_else(|| self.reordered(s, field, want_positions));
                if let Some(hit) = hit {
                    in_script |= field == TextField::Script;
                    fields_matched += 1;
                    if best.as_ref().is_none_or(|b| hit.score > b.score) {
                        best = Some(hit);
                    }
                }
            }
        }
        best.map(|mut hit| {
            hit.in_script = in_script;
            hit.score += FIELD_BONUS * (fields_matched - 1);
            hit
        })
    }

    /// What [`Self::best`] finds when only contiguous matches count, positions
    /// aside, from one search over the case's whole text instead of one per field:
    /// a common term is scored in hundreds of thousands of cases. Occurrences are
    /// taken as a search of each field would find them: one across two fields is
    /// none, and the search resumes at the next field's start. The score is
    /// bounded, not exact, where counting characters would be needed.
    pub fn best_contiguous(
        &self,
        index: &SearchIndex,
        case: u32,
        fields: &[TextField],
    ) -> Option<TextHit> {
        self.scan_case(index, case, fields, false, self.probe.as_ref())
    }

    /// [`Self::best_contiguous`] without looking for the query's phrase (the hit
    /// says nothing of it): for a case where another term's search already told.
    pub fn best_contiguous_unprobed(
        &self,
        index: &SearchIndex,
        case: u32,
        fields: &[TextField],
    ) -> Option<TextHit> {
        self.scan_case(index, case, fields, false, None)
    }

    /// [`Self::best_contiguous`], its score exact when `exact`, the phrase looked
    /// for by `probe`.
    fn scan_case(
        &self,
        index: &SearchIndex,
        case: u32,
        fields: &[TextField],
        exact: bool,
        probe: Option<&PhraseProbe>,
    ) -> Option<TextHit> {
        let (text, ends) = index.case_fields(case);
        let held = CaseText {
            text,
            ends,
            char_bytes: index.max_char_bytes(case),
        };
        self.scan_held(&held, fields, exact, probe)
    }

    /// [`Self::scan_case`] over a case's text already at hand.
    #[inline(always)]
    fn scan_held(
        &self,
        held: &CaseText<'_>,
        fields: &[TextField],
        exact: bool,
        probe: Option<&PhraseProbe>,
    ) -> Option<TextHit> {
        let bytes = held.text.as_bytes();
        let mut counts = FieldCounts::probed_by(probe);
        let mut at = 0;
        while let Some(found) = bytes.get(at..).and_then(|b| self.finder.find(b)) {
            at = counts.note(at + found, self.text.len(), &held.ends, bytes, probe);
        }
        self.finish(
            &counts,
            held.text,
            &held.ends,
            fields,
            exact,
            held.char_bytes,
        )
    }

    /// [`Self::best_contiguous`] (or, when `probed` is false,
    /// [`Self::best_contiguous_unprobed`]) of the case whose text is `held`: the
    /// run that found the query's first term in it hands the text over, so the
    /// other terms do not look the case up again.
    pub fn best_contiguous_held(
        &self,
        held: &CaseText<'_>,
        fields: &[TextField],
        probed: bool,
    ) -> Option<TextHit> {
        let probe = if probed { self.probe.as_ref() } else { None };
        self.scan_held(held, fields, false, probe)
    }

    /// [`Self::best`] without positions, its score exact: a candidate's settled
    /// score ([`TextHit::slack`]).
    pub fn best_exact(
        &self,
        index: &SearchIndex,
        case: u32,
        fields: &[TextField],
        loose: bool,
    ) -> Option<TextHit> {
        let hit = self.scan_case(index, case, fields, true, self.probe.as_ref());
        if hit.is_some() || !loose {
            return hit;
        }
        self.best(index, case, fields, loose, false)
    }

    /// [`Self::best_contiguous`] for each of the consecutive cases
    /// `first..first + n`, from one search over their stretch of the arena: the
    /// holders are found and scored in the same pass.
    #[cfg(test)]
    pub fn best_contiguous_run(
        &self,
        index: &SearchIndex,
        first: u32,
        n: usize,
        fields: &[TextField],
    ) -> Vec<Option<TextHit>> {
        let mut out = vec![None; n];
        self.contiguous_run_each(index, first, n, fields, &mut |case, hit, _| {
            if let Some(slot) = out.get_mut(case - first as usize) {
                *slot = Some(hit);
            }
        });
        out
    }

    /// [`Self::best_contiguous_run`] handing each holder (its case number, match
    /// and text, in case order) to `each` as soon as its text has been searched:
    /// the other terms are then matched while that text is still in the nearest
    /// cache, and no slot is kept for the cases that do not hold the term.
    pub fn contiguous_run_each(
        &self,
        index: &SearchIndex,
        first: u32,
        n: usize,
        fields: &[TextField],
        each: &mut dyn FnMut(usize, TextHit, &CaseText<'_>),
    ) {
        let last = (first as usize + n).min(index.len());
        let first = first as usize;
        if first >= last {
            return;
        }
        let bytes = index.arena().as_bytes();
        let case_start = |k: usize| index.case_start(k);
        let (mut at, end) = (case_start(first), case_start(last));
        let finish = |counts: &FieldCounts, held: &CaseText<'_>| {
            self.finish(
                counts,
                held.text,
                &held.ends,
                fields,
                false,
                held.char_bytes,
            )
        };
        let probe = self.probe.as_ref();
        // The case being scored (none yet: `usize::MAX`), where its text starts and
        // ends in the arena, its text and counts: kept in place, not moved about in
        // an `Option` for every holder.
        let (mut k, mut start, mut case_end) = (usize::MAX, 0, 0);
        let mut held = CaseText {
            text: "",
            ends: [0; FIELDS],
            char_bytes: 4,
        };
        let mut counts = FieldCounts::probed_by(probe);
        while let Some(found) = bytes.get(at..end).and_then(|b| self.finder.find(b)) {
            let pos = at + found;
            if k == usize::MAX || pos >= case_end {
                let from = if k == usize::MAX { first } else { k };
                if k != usize::MAX
                    && let Some(hit) = finish(&counts, &held)
                {
                    each(k, hit, &held);
                }
                k = index.case_at(pos, from, last);
                let (text, ends) = index.case_fields(k as u32);
                held = CaseText {
                    text,
                    ends,
                    char_bytes: index.max_char_bytes(k as u32),
                };
                start = case_start(k);
                case_end = start + text.len();
                counts = FieldCounts::probed_by(probe);
            }
            let text = held.text.as_bytes();
            at = start + counts.note(pos - start, self.text.len(), &held.ends, text, probe);
        }
        if k != usize::MAX
            && let Some(hit) = finish(&counts, &held)
        {
            each(k, hit, &held);
        }
    }

    /// The best contiguous match of a case from its per-field counts, its score
    /// bounded ([`position_points`]) unless `exact`.
    #[inline(always)]
    fn finish(
        &self,
        counts: &FieldCounts,
        text: &str,
        ends: &[usize; FIELDS],
        fields: &[TextField],
        exact: bool,
        char_bytes: usize,
    ) -> Option<TextHit> {
        // The best field by upper bound, and the best lower bound of any field.
        let mut best: Option<(TextField, i32)> = None;
        let mut lower = i32::MIN;
        let mut in_script = false;
        let mut fields_matched = 0;
        for &field in fields {
            let f = field as usize;
            if counts.count[f] == 0 {
                continue;
            }
            let start = if f == 0 { 0 } else { ends[f - 1] };
            // Bytes: a `str` slice would check both ends are character boundaries
            // for every holder, and only an exact score needs characters.
            let s = text.as_bytes().get(start..ends[f]).unwrap_or(b"");
            let first = counts.first[f];
            let base = self.base_score(s, field, first, counts.count[f] - 1);
            let (lo, hi) = if exact {
                let s = text.get(start..ends[f]).unwrap_or("");
                let p = 10 - (char_index(s, first) / 20).min(10) as i32;
                (p, p)
            } else {
                position_points(first, char_bytes)
            };
            in_script |= field == TextField::Script;
            fields_matched += 1;
            lower = lower.max(base + lo);
            if best.is_none_or(|(_, b)| base + hi > b) {
                best = Some((field, base + hi));
            }
        }
        let phrase = if counts.phrase_met {
            Some(true)
        } else if counts.probe_exhaustive && !counts.skipped {
            Some(false)
        } else {
            None
        };
        best.map(|(field, upper)| TextHit {
            kind: TextKind::Contiguous,
            field,
            score: upper + FIELD_BONUS * (fields_matched - 1),
            slack: upper - lower,
            in_script,
            positions: Vec::new(),
            phrase,
        })
    }

    /// A contiguous match's score but for the points for being early in the field.
    fn base_score(&self, s: &[u8], field: TextField, first: usize, extra: i32) -> i32 {
        let mut score = 1000 + field_weight(field) + 10 * extra.min(5);
        if self.latin_word && at_boundaries(s, first, first + self.text.len()) {
            score += 40;
        }
        score
    }

    /// The score of a contiguous match first found at byte `first` of field text
    /// `s`, found `extra` more times (up to 5 count).
    fn contiguous_score(&self, s: &str, field: TextField, first: usize, extra: i32) -> i32 {
        let base = self.base_score(s.as_bytes(), field, first, extra);
        match position_points(first, 4) {
            (lo, hi) if lo == hi => base + lo,
            _ => base + 10 - (char_index(s, first) / 20).min(10) as i32,
        }
    }

    fn contiguous(&self, s: &str, field: TextField, want_positions: bool) -> Option<TextHit> {
        let bytes = s.as_bytes();
        let mut found = self.finder.memmem().find_iter(bytes);
        let first = found.next()?;
        let extra = found.take(5).count() as i32;
        let score = self.contiguous_score(s, field, first, extra);
        let positions = if want_positions {
            let start = char_index(s, first);
            (start..start + self.chars.len() as u32).collect()
        } else {
            Vec::new()
        };
        Some(TextHit {
            kind: TextKind::Contiguous,
            field,
            score,
            slack: 0,
            in_script: false,
            positions,
            phrase: None,
        })
    }

    fn scattered(
        &self,
        index: &SearchIndex,
        s: &str,
        field: TextField,
        want_positions: bool,
    ) -> Option<TextHit> {
        if !self.fuzzy {
            return None;
        }
        let (first, rest) = self.chars.split_first()?;
        let mut buf = [0u8; 4];
        let needle = first.encode_utf8(&mut buf);
        let (start, end) = memchr::memmem::find_iter(s.as_bytes(), needle.as_bytes())
            .take(MAX_STARTS)
            .find_map(|at| follow(s, at + needle.len(), rest).map(|end| (at, end)))?;
        let window = s.get(start..end)?;
        // Skim scores the short run only; it cannot fail where `follow` succeeded,
        // but if it ever did the run is no match.
        let (skim, indices) = index.matcher.fuzzy_indices(window, &self.text)?;
        let score = 450 + (skim.clamp(0, 300) / 3) as i32 + field_weight(field) / 2;
        let positions = if want_positions {
            let base = char_index(s, start);
            indices
                .into_iter()
                .map(|i| base + u32::try_from(i).unwrap_or(0))
                .collect()
        } else {
            Vec::new()
        };
        Some(TextHit {
            kind: TextKind::Fuzzy,
            field,
            score,
            slack: 0,
            in_script: false,
            positions,
            phrase: None,
        })
    }

    /// Every two-character word of a Chinese term somewhere in the field, in any
    /// order: scored below every scattered and typo match.
    fn reordered(&self, s: &str, field: TextField, want_positions: bool) -> Option<TextHit> {
        if self.words.is_empty() {
            return None;
        }
        let bytes = s.as_bytes();
        let mut positions = Vec::new();
        for word in &self.words {
            let at = word.find(bytes)?;
            if want_positions {
                let start = char_index(s, at);
                positions.extend([start, start + 1]);
            }
        }
        positions.sort_unstable();
        positions.dedup();
        Some(TextHit {
            kind: TextKind::Fuzzy,
            field,
            score: 300 + field_weight(field) / 2,
            slack: 0,
            in_script: false,
            positions,
            phrase: None,
        })
    }

    fn typo(&self, s: &str, field: TextField, want_positions: bool) -> Option<TextHit> {
        let bytes = s.as_bytes();
        for (finder, edits, len) in &self.variants {
            let at = finder
                .find_iter(bytes)
                .find(|&at| at_boundaries(bytes, at, at + finder.needle().len()));
            if let Some(at) = at {
                let positions = if want_positions {
                    let start = char_index(s, at);
                    (start..start + len).collect()
                } else {
                    Vec::new()
                };
                return Some(TextHit {
                    kind: TextKind::Typo,
                    field,
                    // One edit to a whole word beats most scattered runs.
                    score: 600 - 100 * *edits as i32 + field_weight(field) / 2,
                    slack: 0,
                    in_script: false,
                    positions,
                    phrase: None,
                });
            }
        }
        None
    }
}

/// Matches `rest` in order from byte `at`, skipping at most [`MAX_GAP`] characters
/// before each; returns the end byte of the match.
fn follow(s: &str, at: usize, rest: &[char]) -> Option<usize> {
    let Some((want, more)) = rest.split_first() else {
        return Some(at);
    };
    let tail = s.get(at..)?;
    for (off, c) in tail.char_indices().take(MAX_GAP + 1) {
        if c == *want
            && let Some(end) = follow(s, at + off + c.len_utf8(), more)
        {
            return Some(end);
        }
    }
    None
}

/// The points for a match `first` bytes into its field, as (at least, at most):
/// 10 less one for every 20 characters before it, down to 0. Within 20 bytes
/// there are fewer than 20 characters, past 800 bytes 200 or more; between, a
/// character takes one to `char_bytes` bytes (3 for text without emoji or rare
/// ideographs: then a Chinese narrative's bound is its exact score), and only
/// counting them tells exactly.
fn position_points(first: usize, char_bytes: usize) -> (i32, i32) {
    let points = |chars: usize| 10 - (chars / 20).min(10) as i32;
    if first < 20 {
        (10, 10)
    } else if first >= 800 {
        (0, 0)
    } else {
        // Each width its own constant divisor: a division by a variable, for
        // every holder of a common term, cost as much as the rest of its score.
        let fewest = match char_bytes {
            3 => first.div_ceil(3),
            4 => first.div_ceil(4),
            b => first.div_ceil(b.clamp(1, 4)),
        };
        (points(first), points(fewest))
    }
}

/// Per field of one case: where the term first occurs (bytes into the field) and
/// how often, up to 6 (all the score counts); whether the query's phrase was met.
#[derive(Debug, Clone, Copy)]
struct FieldCounts {
    first: [usize; FIELDS],
    count: [i32; FIELDS],
    phrase_met: bool,
    /// The phrase was looked for at every occurrence by a probe that meets it
    /// wherever it is (not meeting it then means it is absent).
    probe_exhaustive: bool,
    /// Some field's rest went unsearched (its sixth occurrence was met).
    skipped: bool,
}

impl FieldCounts {
    /// Counts for a search that looks for the phrase with `probe`, if any.
    fn probed_by(probe: Option<&PhraseProbe>) -> FieldCounts {
        FieldCounts {
            first: [usize::MAX; FIELDS],
            count: [0; FIELDS],
            phrase_met: false,
            probe_exhaustive: probe.is_some_and(|p| p.exhaustive),
            skipped: false,
        }
    }

    /// Notes an occurrence of a term `len` bytes long at byte `pos` of a case's text
    /// `text` (fields ending at `ends`); returns where the search goes on.
    /// Occurrences are those a search of each field finds: one across two fields is
    /// none and the search resumes at the next field's start; a sixth skips the
    /// field's rest. `probe` looks for the query's phrase around each one.
    /// Inlined: called for every occurrence of a common term, a call cost a
    /// tenth of its work.
    #[inline(always)]
    fn note(
        &mut self,
        pos: usize,
        len: usize,
        ends: &[usize; FIELDS],
        text: &[u8],
        probe: Option<&PhraseProbe>,
    ) -> usize {
        let f = ends.iter().position(|&e| e > pos).unwrap_or(FIELDS - 1);
        let (start, end) = (if f == 0 { 0 } else { ends[f - 1] }, ends[f]);
        if pos + len > end {
            return end.max(pos + 1);
        }
        if self.count[f] == 0 {
            self.first[f] = pos - start;
        }
        self.count[f] += 1;
        if !self.phrase_met && probe.is_some_and(|p| p.holds_at(text, pos, start, end)) {
            self.phrase_met = true;
        }
        if self.count[f] == 6 {
            self.skipped = true;
            end
        } else {
            pos + len
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follow_bounds_the_gaps() {
        let s = "白条的额度";
        let rest: Vec<char> = "条额度".chars().collect();
        assert_eq!(follow(s, 3, &rest), Some(s.len()));
        let far = "白条一二三四额度";
        assert_eq!(follow(far, 3, &rest), None);
    }

    #[test]
    fn boundaries_are_latin_word_edges() {
        let s = b"a student, students";
        assert!(at_boundaries(s, 2, 9));
        assert!(!at_boundaries(s, 11, 18));
        assert!(at_boundaries("学生student贷款".as_bytes(), 6, 13));
    }
}
