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
//!    term (`studnet` → `student`), the words taken from the index's vocabulary.
//!
//! Terms with digits (or `@`) and quoted phrases match contiguously only: digits never
//! match as a scattered subsequence.

use fuzzy_matcher::FuzzyMatcher;
use memchr::memmem::Finder;

use super::fold::char_index;
use super::index::{FIELDS, SearchIndex, TextField};
use super::query::Term;

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
    pub field: TextField,
    pub score: i32,
    /// The term also matched (any kind) in the script.
    pub in_script: bool,
    /// Character positions in the field (filled only when asked for).
    pub positions: Vec<u32>,
}

/// A text term prepared for matching many cases.
pub struct TextTerm {
    text: String,
    chars: Vec<char>,
    finder: Finder<'static>,
    latin_word: bool,
    fuzzy: bool,
    /// Words of the corpus within a few edits: (finder, edits, length in chars).
    variants: Vec<(Finder<'static>, usize, u32)>,
}

fn field_weight(field: TextField) -> i32 {
    match field {
        TextField::Script => 60,
        TextField::ScamType => 50,
        TextField::CallerText | TextField::AccountText | TextField::ContactText => 30,
        TextField::VictimName => 20,
    }
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
                    (Finder::new(w.as_bytes()).into_owned(), d, len)
                })
                .collect()
        } else {
            Vec::new()
        };
        TextTerm {
            finder: Finder::new(text.as_bytes()).into_owned(),
            text,
            chars,
            latin_word: latin,
            fuzzy,
            variants,
        }
    }

    /// Finds the folded term as written (what a contiguous match is).
    pub fn finder(&self) -> &Finder<'static> {
        &self.finder
    }

    /// True when a match of a longer term does not always imply a match of this
    /// one's prefix (typo variants): previous results cannot be refined.
    pub fn has_typo_variants(&self) -> bool {
        !self.variants.is_empty()
    }

    /// The best match in the given fields; fuzzy and typo matches only when
    /// `loose` (the engine asks for them only when contiguous ones are too few).
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
                };
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
    /// none, and the search resumes at the next field's start.
    pub fn best_contiguous(
        &self,
        index: &SearchIndex,
        case: u32,
        fields: &[TextField],
    ) -> Option<TextHit> {
        let (text, ends) = index.case_fields(case);
        let bytes = text.as_bytes();
        let mut counts = FieldCounts::default();
        let mut at = 0;
        while let Some(found) = bytes.get(at..).and_then(|b| self.finder.find(b)) {
            at = counts.note(at + found, self.text.len(), &ends);
        }
        self.finish(&counts, text, &ends, fields)
    }

    /// [`Self::best_contiguous`] for each of the consecutive cases
    /// `first..first + n`, from one search over their stretch of the arena: the
    /// holders are found and scored in the same pass.
    pub fn best_contiguous_run(
        &self,
        index: &SearchIndex,
        first: u32,
        n: usize,
        fields: &[TextField],
    ) -> Vec<Option<TextHit>> {
        let mut out = vec![None; n];
        let last = (first as usize + n).min(index.len());
        let first = first as usize;
        if first >= last {
            return out;
        }
        let bytes = index.arena().as_bytes();
        let case_start = |k: usize| index.case_start(k);
        let (mut at, end) = (case_start(first), case_start(last));
        // The case being scored: its number, start, text and field ends, counts.
        let mut cur: Option<(usize, usize, &str, [usize; FIELDS], FieldCounts)> = None;
        while let Some(found) = bytes.get(at..end).and_then(|b| self.finder.find(b)) {
            let pos = at + found;
            if cur.as_ref().is_none_or(|c| pos >= c.1 + c.2.len()) {
                let from = cur.as_ref().map_or(first, |c| c.0);
                if let Some((k, _, text, ends, counts)) = cur.take() {
                    out[k - first] = self.finish(&counts, text, &ends, fields);
                }
                let lo = index.case_at(pos, from, last);
                let (text, ends) = index.case_fields(lo as u32);
                cur = Some((lo, case_start(lo), text, ends, FieldCounts::default()));
            }
            let Some((_, start, _, ends, counts)) = cur.as_mut() else {
                break;
            };
            at = *start + counts.note(pos - *start, self.text.len(), ends);
        }
        if let Some((k, _, text, ends, counts)) = cur {
            out[k - first] = self.finish(&counts, text, &ends, fields);
        }
        out
    }

    /// The best contiguous match of a case from its per-field counts.
    fn finish(
        &self,
        counts: &FieldCounts,
        text: &str,
        ends: &[usize; FIELDS],
        fields: &[TextField],
    ) -> Option<TextHit> {
        let mut best: Option<TextHit> = None;
        let mut in_script = false;
        let mut fields_matched = 0;
        for &field in fields {
            let f = field as usize;
            if counts.count[f] == 0 {
                continue;
            }
            let start = if f == 0 { 0 } else { ends[f - 1] };
            let s = text.get(start..ends[f]).unwrap_or("");
            let score = self.contiguous_score(s, field, counts.first[f], counts.count[f] - 1);
            in_script |= field == TextField::Script;
            fields_matched += 1;
            if best.as_ref().is_none_or(|b| score > b.score) {
                best = Some(TextHit {
                    kind: TextKind::Contiguous,
                    field,
                    score,
                    in_script: false,
                    positions: Vec::new(),
                });
            }
        }
        best.map(|mut hit| {
            hit.in_script = in_script;
            hit.score += FIELD_BONUS * (fields_matched - 1);
            hit
        })
    }

    /// The score of a contiguous match first found at byte `first` of field text
    /// `s`, found `extra` more times (up to 5 count).
    fn contiguous_score(&self, s: &str, field: TextField, first: usize, extra: i32) -> i32 {
        let mut score = 1000 + field_weight(field) + 10 * extra.min(5);
        if self.latin_word && at_boundaries(s.as_bytes(), first, first + self.text.len()) {
            score += 40;
        }
        // Earlier is a little better: the narrative's first sentence says what it was.
        // Past 800 bytes a match is 200 characters in or more, within 20 bytes it is
        // fewer than 20: no need to count them (only twentieths count).
        let chars = if first >= 800 {
            200
        } else if first < 20 {
            0
        } else {
            char_index(s, first)
        };
        score + 10 - (chars / 20).min(10) as i32
    }

    fn contiguous(&self, s: &str, field: TextField, want_positions: bool) -> Option<TextHit> {
        let bytes = s.as_bytes();
        let mut found = self.finder.find_iter(bytes);
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
            in_script: false,
            positions,
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
            in_script: false,
            positions,
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
                    in_script: false,
                    positions,
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

/// Per field of one case: where the term first occurs (bytes into the field) and
/// how often, up to 6 (all the score counts).
#[derive(Debug, Clone, Copy)]
struct FieldCounts {
    first: [usize; FIELDS],
    count: [i32; FIELDS],
}

impl Default for FieldCounts {
    fn default() -> Self {
        FieldCounts {
            first: [usize::MAX; FIELDS],
            count: [0; FIELDS],
        }
    }
}

impl FieldCounts {
    /// Notes an occurrence of a term `len` bytes long at byte `pos` of a case's text
    /// (fields ending at `ends`); returns where the search goes on. Occurrences are
    /// those a search of each field finds: one across two fields is none and the
    /// search resumes at the next field's start; a sixth skips the field's rest.
    fn note(&mut self, pos: usize, len: usize, ends: &[usize; FIELDS]) -> usize {
        let f = ends.iter().position(|&e| e > pos).unwrap_or(FIELDS - 1);
        let (start, end) = (if f == 0 { 0 } else { ends[f - 1] }, ends[f]);
        if pos + len > end {
            return end.max(pos + 1);
        }
        if self.count[f] == 0 {
            self.first[f] = pos - start;
        }
        self.count[f] += 1;
        if self.count[f] == 6 { end } else { pos + len }
    }
}

/// Optimal-string-alignment distance (Levenshtein with adjacent transpositions).
pub fn osa_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev2 = vec![0usize; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0usize; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(prev2[j - 2] + 1);
            }
            cur[j] = d;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn osa_counts_transpositions_as_one() {
        assert_eq!(osa_distance("studnet", "student"), 1);
        assert_eq!(osa_distance("loan", "lone"), 2);
        assert_eq!(osa_distance("loan", "loans"), 1);
        assert_eq!(osa_distance("", "abc"), 3);
        assert_eq!(osa_distance("金条", "金条"), 0);
    }

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
