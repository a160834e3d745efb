//! Running a query over the index: candidates, per-term passes, ranking, the page.
//!
//! How a query runs:
//!
//! 1. Identifier and digit terms are looked up in the identifier index (exact, then
//!    suffix and partial numbers, then substring of the values). A term with hits
//!    there narrows the candidates to those cases at once; only a number that no
//!    identifier holds is looked for in the text.
//! 2. Text terms then make one pass over the remaining candidates in parallel
//!    (rayon, in chunks; a stale query is dropped between chunks): the likely rarest
//!    term (counted in a sample of the arena) finds its holders, and the other terms
//!    are matched in each holder at once, while its text is in cache.
//! 3. Contiguous matches outrank fuzzy ones, so the loose (fuzzy, typo) pass runs only
//!    when contiguous matches do not fill the page (`exhaustive` says whether it ran).
//! 4. When the query extends the previous one (typing), the previous results are the
//!    candidates instead of every case.
//! 5. Only the page is ranked fully and given match positions. The pass leaves a
//!    score an upper bound where settling it costs: the characters before a match
//!    (counted only near a field's start or known far), and the phrase bonus (the
//!    text terms side by side), which the terms' searches mostly see or rule out
//!    where they meet a term ([`PhraseProbe`]). Only the candidates whose bound
//!    could reach the page are settled ([`settle_page`]).
//!
//! Ranking, most important first: identifier tiers summed over the terms (exact >
//! suffix > substring > text; an ignored identifier a half-step lower), the number of
//! terms matched contiguously, the number matched in the script, the match score,
//! then newest report first.

// foldhash, not SipHash: a last-digits query files thousands of cases here.
use hashbrown::HashMap;

use memchr::memmem::Finder;
use rayon::prelude::*;

use super::cancel::{CancelToken, Cancelled};
use super::ident::{IdTier, Slot};
use super::index::{SearchIndex, TextField};
use super::query::{Query, Scope, Term, TermKind};
use super::text::{CaseText, PhraseProbe, TextHit, TextKind, TextTerm};
use crate::model::IdKind;

/// Cases per unit of parallel work; the stale check runs once per chunk.
const CHUNK: usize = 2048;
/// Points for text terms found together as one phrase.
const PHRASE_BONUS: i32 = 300;

/// How a term matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MatchKind {
    /// An identifier equal to the term.
    Exact,
    /// An identifier ending with the term's digits.
    Suffix,
    /// A partial number (`*1234`, `6222*1234`) and a full one that agree as far as
    /// the partial shows: a possible match.
    Partial,
    /// An identifier containing the term's digits.
    Substring,
    /// The term as written in a text field.
    Contiguous,
    /// The term's characters in order, close together.
    Fuzzy,
    /// A word within an edit or two of the term.
    Typo,
}

impl MatchKind {
    pub fn name(self) -> &'static str {
        match self {
            MatchKind::Exact => "exact",
            MatchKind::Suffix => "suffix",
            MatchKind::Partial => "partial",
            MatchKind::Substring => "substring",
            MatchKind::Contiguous => "contiguous",
            MatchKind::Fuzzy => "fuzzy",
            MatchKind::Typo => "typo",
        }
    }
}

/// Where a term matched: an identifier slot or a text field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MatchedField {
    Caller,
    Account,
    Contact,
    VictimPhone,
    /// An identifier found in the narrative.
    NarrativeIdentifier,
    Script,
    ScamType,
    VictimName,
    CallerText,
    AccountText,
    ContactText,
    /// The case's report number (the term is a prefix of it, or all of it).
    ReportNo,
}

impl MatchedField {
    pub fn name(self) -> &'static str {
        match self {
            MatchedField::Caller => "caller",
            MatchedField::Account => "account",
            MatchedField::Contact => "contact",
            MatchedField::VictimPhone => "victim_phone",
            MatchedField::NarrativeIdentifier => "narrative_identifier",
            MatchedField::Script => "script",
            MatchedField::ScamType => "scam_type",
            MatchedField::VictimName => "victim_name",
            MatchedField::CallerText => "caller_text",
            MatchedField::AccountText => "account_text",
            MatchedField::ContactText => "contact_text",
            MatchedField::ReportNo => "report_no",
        }
    }

    /// True for identifier slots (positions index into `TermMatch::identifier`).
    pub fn is_identifier(self) -> bool {
        matches!(
            self,
            MatchedField::Caller
                | MatchedField::Account
                | MatchedField::Contact
                | MatchedField::VictimPhone
                | MatchedField::NarrativeIdentifier
        )
    }

    pub(super) fn of_slot(slot: Slot) -> MatchedField {
        match slot {
            Slot::Caller => MatchedField::Caller,
            Slot::Account => MatchedField::Account,
            Slot::Contact => MatchedField::Contact,
            Slot::VictimPhone => MatchedField::VictimPhone,
            Slot::Other => MatchedField::NarrativeIdentifier,
            Slot::ReportNo => MatchedField::ReportNo,
        }
    }

    fn of_text(field: TextField) -> MatchedField {
        match field {
            TextField::Script => MatchedField::Script,
            TextField::ScamType => MatchedField::ScamType,
            TextField::VictimName => MatchedField::VictimName,
            TextField::CallerText => MatchedField::CallerText,
            TextField::AccountText => MatchedField::AccountText,
            TextField::ContactText => MatchedField::ContactText,
        }
    }
}

/// How one term of the query matched one result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermMatch {
    /// Index of the term in `Query::terms`.
    pub term: usize,
    pub kind: MatchKind,
    pub field: MatchedField,
    /// The identifier's canonical value, for identifier matches.
    pub identifier: Option<String>,
    /// The identifier is marked ignored (ranked lower).
    pub ignored: bool,
    /// Character positions to highlight: in the identifier value for identifier
    /// matches, else in the field's text as stored.
    pub positions: Vec<u32>,
}

/// One ranked result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// 1-based.
    pub rank: usize,
    /// The case's SQLite id.
    pub case_id: i64,
    /// Relevance points (higher is better; the rank is the authority).
    pub score: i64,
    /// One per term, in query order.
    pub matches: Vec<TermMatch>,
}

impl Hit {
    /// The field of the strongest term match (identifier tiers first), for listings.
    pub fn matched_field(&self) -> Option<MatchedField> {
        self.matches
            .iter()
            .min_by_key(|m| kind_order(m.kind))
            .map(|m| m.field)
    }
}

fn kind_order(kind: MatchKind) -> u8 {
    match kind {
        MatchKind::Exact => 0,
        MatchKind::Suffix => 1,
        MatchKind::Partial => 2,
        MatchKind::Substring => 3,
        MatchKind::Contiguous => 4,
        MatchKind::Fuzzy => 5,
        MatchKind::Typo => 6,
    }
}

/// What a search found.
#[derive(Debug, Clone, Default)]
pub struct SearchResults {
    /// The page, best first.
    pub hits: Vec<Hit>,
    /// Matching cases found (a lower bound when not `exhaustive`).
    pub total: usize,
    /// False when contiguous matches filled the page and the fuzzy pass was skipped.
    pub exhaustive: bool,
    /// The candidates were the previous query's results.
    pub refined: bool,
    /// Cases examined by the first pass over the candidates.
    pub scanned: usize,
}

impl SearchResults {
    /// No case matches: what a query one of whose terms nothing holds gives.
    pub(super) fn none() -> SearchResults {
        SearchResults {
            exhaustive: true,
            ..SearchResults::default()
        }
    }
}

/// Accumulated ranking data of one candidate.
#[derive(Debug, Clone, Copy, Default)]
struct Acc {
    tier_sum: u16,
    contig: u8,
    script: u8,
    /// The score, or an upper bound of it `slack` points at most too high: what
    /// costs to settle (the characters before a match, a phrase no search met) is
    /// settled only for the candidates that may reach the page ([`settle_page`]).
    score: i32,
    slack: i32,
    phrase: PhraseSeen,
}

/// What the searches for the text terms saw of the query's phrase in a case.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum PhraseSeen {
    #[default]
    Untold,
    Absent,
    Met,
}

#[derive(Debug, Clone, Copy)]
struct Cand {
    case: u32,
    acc: Acc,
}

/// The best identifier hit of one term in one case.
#[derive(Debug, Clone, Copy)]
struct IdBest {
    tier: IdTier,
    ignored: bool,
    ident: u32,
    slot: Slot,
}

impl IdBest {
    fn rank(&self) -> (IdTier, bool) {
        (self.tier, !self.ignored)
    }

    fn points(&self) -> u16 {
        id_points(self.tier, self.ignored)
    }
}

/// An identifier hit's ranking points: exact 9, exact-but-ignored 8, suffix 7, 6,
/// partial 5, 4, substring 3, 2 (the cold back end ranks by these too).
pub(super) fn id_points(tier: IdTier, ignored: bool) -> u16 {
    tier as u16 * 2 + u16::from(!ignored)
}

/// An identifier hit's match score.
pub(super) fn id_score(tier: IdTier, ignored: bool) -> i32 {
    1000 * tier as i32 + if ignored { 0 } else { 100 }
}

/// How an identifier tier is told to the caller.
pub(super) fn match_kind(tier: IdTier) -> MatchKind {
    match tier {
        IdTier::Exact => MatchKind::Exact,
        IdTier::Suffix => MatchKind::Suffix,
        IdTier::Partial => MatchKind::Partial,
        IdTier::Substring => MatchKind::Substring,
    }
}

/// The text fields a term of `scope` searches. An unscoped term leaves the victim's
/// name alone while victims' data is masked: what cannot be shown cannot be searched
/// around.
fn text_fields(scope: Scope, unmasked: bool) -> &'static [TextField] {
    match scope {
        Scope::All if unmasked => &TextField::ALL,
        Scope::All => &TextField::NOT_VICTIM,
        Scope::Caller => &[TextField::CallerText],
        Scope::Account => &[TextField::AccountText, TextField::ContactText],
        Scope::Script => &[TextField::Script],
        Scope::Victim => &[TextField::VictimName],
        // Filters: never terms (see `Query::parse_with`).
        Scope::Type | Scope::Since | Scope::Until | Scope::Amount | Scope::Tag => &[],
    }
}

/// Whether an identifier in `slot` answers a term of `scope` (the victim's phone only
/// to `victim:` while masked, as [`text_fields`]).
pub(super) fn slot_in_scope(scope: Scope, slot: Slot, narrative: bool, unmasked: bool) -> bool {
    match scope {
        Scope::All => unmasked || slot != Slot::VictimPhone,
        _ if slot == Slot::ReportNo => false,
        Scope::Caller => slot == Slot::Caller,
        Scope::Account => matches!(slot, Slot::Account | Slot::Contact),
        Scope::Script => narrative || slot == Slot::Other,
        Scope::Victim => slot == Slot::VictimPhone,
        Scope::Type | Scope::Since | Scope::Until | Scope::Amount | Scope::Tag => false,
    }
}

/// A term made ready: its identifier hits looked up, its text matcher built.
struct Prepared<'q> {
    index: usize,
    term: &'q Term,
    ids: HashMap<u32, IdBest>,
    text: TextTerm,
    fields: &'static [TextField],
}

impl<'q> Prepared<'q> {
    fn new(
        index: usize,
        term: &'q Term,
        unmasked: bool,
        ix: &SearchIndex,
        cancel: &CancelToken,
    ) -> Result<Prepared<'q>, Cancelled> {
        let mut ids: HashMap<u32, IdBest> = HashMap::new();
        let idents = &ix.idents;
        let mut add = |ident: u32, tier: IdTier| {
            let ignored = idents.is_ignored(ident);
            for (case, slot, narrative) in idents.cases_of(ident) {
                if !slot_in_scope(term.scope, slot, narrative, unmasked) {
                    continue;
                }
                let new = IdBest {
                    tier,
                    ignored,
                    ident,
                    slot,
                };
                ids.entry(case)
                    .and_modify(|b| {
                        if new.rank() > b.rank() {
                            *b = new;
                        }
                    })
                    .or_insert(new);
            }
        };
        match &term.kind {
            TermKind::Identifier { kind, value, .. } => {
                for &i in idents.exact(value) {
                    add(i, IdTier::Exact);
                }
                if *kind == IdKind::Partial {
                    for i in idents.completing(value) {
                        add(i, IdTier::Partial);
                    }
                }
            }
            TermKind::Digits(d) => {
                for &i in idents.exact(d) {
                    add(i, IdTier::Exact);
                }
            }
            // An e-mail, wallet or WeChat id typed as it is stored.
            TermKind::Text if !term.text.contains(' ') && term.text.len() >= 3 => {
                for &i in idents.exact(&term.text) {
                    add(i, IdTier::Exact);
                }
            }
            TermKind::Text => {}
        }
        if let Some(digits) = term.digits() {
            for &i in idents.ending_with(digits) {
                add(i, IdTier::Suffix);
            }
            for i in idents.partials_of(digits) {
                add(i, IdTier::Partial);
            }
            for i in idents.containing(digits, cancel)? {
                add(i, IdTier::Substring);
            }
        }
        // A report number, or the start of one (four characters or more): only an
        // unscoped term, as typed (letters, digits, `-`, `_`).
        let raw = term.raw.trim();
        if term.scope == Scope::All
            && raw.len() >= 4
            && raw
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            for (case, whole) in ix.reports_starting(&raw.to_ascii_uppercase()) {
                let new = IdBest {
                    tier: if whole {
                        IdTier::Exact
                    } else {
                        IdTier::Substring
                    },
                    ignored: false,
                    ident: case,
                    slot: Slot::ReportNo,
                };
                ids.entry(case)
                    .and_modify(|b| {
                        if new.rank() > b.rank() {
                            *b = new;
                        }
                    })
                    .or_insert(new);
            }
        }
        Ok(Prepared {
            index,
            term,
            ids,
            text: TextTerm::new(term, ix),
            fields: text_fields(term.scope, unmasked),
        })
    }

    /// Matches one candidate, updating its ranking data.
    fn apply(&self, ix: &SearchIndex, cand: &mut Cand, loose: bool) -> bool {
        if !self.ids.is_empty() {
            let Some(best) = self.ids.get(&cand.case) else {
                return false;
            };
            cand.acc.tier_sum += best.points();
            cand.acc.contig = cand.acc.contig.saturating_add(1);
            cand.acc.score += id_score(best.tier, best.ignored);
            return true;
        }
        let Some(hit) = self.text.best(ix, cand.case, self.fields, loose, false) else {
            return false;
        };
        Self::add_text_hit(cand, &hit);
        true
    }

    /// Adds a text hit found for a candidate to its ranking data.
    #[inline(always)]
    fn add_text_hit(cand: &mut Cand, hit: &TextHit) {
        if hit.kind == TextKind::Contiguous {
            cand.acc.contig = cand.acc.contig.saturating_add(1);
        }
        if hit.in_script {
            cand.acc.script = cand.acc.script.saturating_add(1);
        }
        cand.acc.score += hit.score;
        cand.acc.slack += hit.slack;
        cand.acc.phrase = match (cand.acc.phrase, hit.phrase) {
            (PhraseSeen::Met, _) | (_, Some(true)) => PhraseSeen::Met,
            (PhraseSeen::Absent, _) | (_, Some(false)) => PhraseSeen::Absent,
            (PhraseSeen::Untold, None) => PhraseSeen::Untold,
        };
    }

    /// The term's exact score in a case it matched (in the pass given by `loose`).
    fn exact_score(&self, ix: &SearchIndex, case: u32, loose: bool) -> i32 {
        if !self.ids.is_empty() {
            return self
                .ids
                .get(&case)
                .map_or(0, |best| id_score(best.tier, best.ignored));
        }
        self.text
            .best_exact(ix, case, self.fields, loose)
            .map_or(0, |hit| hit.score)
    }

    /// The match with positions, for a result on the page.
    fn explain(&self, ix: &SearchIndex, case: u32, loose: bool) -> Option<TermMatch> {
        if let Some(best) = self.ids.get(&case) {
            // A report number's "identifier" is the case itself.
            let value = if best.slot == Slot::ReportNo {
                ix.report_no(best.ident)
            } else {
                ix.idents.value(best.ident)
            };
            return Some(TermMatch {
                term: self.index,
                kind: match_kind(best.tier),
                field: MatchedField::of_slot(best.slot),
                identifier: Some(value.to_string()),
                ignored: best.ignored,
                positions: identifier_positions(value, self.term, best.tier),
            });
        }
        let hit = self.text.best(ix, case, self.fields, loose, true)?;
        Some(TermMatch {
            term: self.index,
            kind: match hit.kind {
                TextKind::Contiguous => MatchKind::Contiguous,
                TextKind::Fuzzy => MatchKind::Fuzzy,
                TextKind::Typo => MatchKind::Typo,
            },
            field: MatchedField::of_text(hit.field),
            identifier: None,
            ignored: false,
            positions: hit.positions,
        })
    }
}

/// Length of the visible tail of a partial-number term (`138*5678` → 4).
fn term_tail(term: &Term) -> u32 {
    match &term.kind {
        TermKind::Identifier { value, .. } => value
            .rsplit('*')
            .next()
            .map_or(0, |t| t.chars().count() as u32),
        _ => 0,
    }
}

/// Which characters of an identifier value the term matched.
pub(super) fn identifier_positions(value: &str, term: &Term, tier: IdTier) -> Vec<u32> {
    let len = value.chars().count() as u32;
    let digits = term.digits().unwrap_or("");
    match tier {
        IdTier::Exact => (0..len).collect(),
        IdTier::Suffix => (len.saturating_sub(digits.chars().count() as u32)..len).collect(),
        // The digits a partial number shows, or the full number's matching tail.
        IdTier::Partial if value.contains('*') => value
            .chars()
            .enumerate()
            .filter(|(_, c)| *c != '*')
            .map(|(i, _)| i as u32)
            .collect(),
        IdTier::Partial => {
            let tail = term_tail(term);
            (len.saturating_sub(tail)..len).collect()
        }
        IdTier::Substring => match value.find(digits) {
            Some(at) => {
                let start = value[..at].chars().count() as u32;
                (start..start + digits.chars().count() as u32).collect()
            }
            None => Vec::new(),
        },
    }
}

/// What a candidate's text must hold for `term` to match it in this pass (see
/// [`text_needles`]); nothing for an identifier term.
fn needles(ix: &SearchIndex, term: &Prepared<'_>, loose: bool) -> Vec<Finder<'static>> {
    if !term.ids.is_empty() {
        return Vec::new();
    }
    text_needles(ix, &term.text, term.term.is_fuzzy(), loose)
}

/// What a case's text must hold for a text term to match it: the term as written in
/// a strict pass (contiguous matches only), and in a loose pass too when the term
/// matches only as written (quoted, digits); else, in a loose pass, each of its
/// characters (a scattered match has them all; a typo match needs none, so terms
/// with typo variants get no filter). The likely rarest first: the first is the one
/// searched over runs of cases, the others are checked in its holders.
pub(super) fn text_needles(
    ix: &SearchIndex,
    text: &TextTerm,
    fuzzy: bool,
    loose: bool,
) -> Vec<Finder<'static>> {
    if !loose || (!fuzzy && !text.has_typo_variants()) {
        return vec![text.finder().clone()];
    }
    if text.has_typo_variants() {
        return Vec::new();
    }
    let Ok(word) = std::str::from_utf8(text.finder().needle()) else {
        return Vec::new();
    };
    let mut chars: Vec<char> = Vec::new();
    for c in word.chars() {
        if !chars.contains(&c) {
            chars.push(c);
        }
    }
    let mut finders: Vec<(usize, Finder<'static>)> = chars
        .iter()
        .map(|c| {
            let finder = ix.finder(c.encode_utf8(&mut [0u8; 4]).as_bytes());
            (ix.sampled_count(&finder), finder)
        })
        .collect();
    finders.sort_by_key(|(count, _)| *count);
    finders.into_iter().map(|(_, f)| f).collect()
}

/// One pass over the candidates, in parallel chunks: `term` finds its holders and
/// the `rest` of the terms are matched in each holder at once, while its text is in
/// cache (one visit per case, not one pass per term over what the previous left).
/// Candidates whose text lacks `term`'s [`needles`] are dropped before any
/// field-by-field matching: for a run of consecutive cases (the first term over
/// every case) by one `memmem` pass over their stretch of the arena, else by one
/// search of each candidate's whole text instead of several per field.
fn pass(
    ix: &SearchIndex,
    cands: Cands<'_>,
    term: &Prepared<'_>,
    rest: &[&Prepared<'_>],
    loose: bool,
    cancel: &CancelToken,
) -> Result<Vec<Cand>, Cancelled> {
    let first_needles = needles(ix, term, loose);
    // The rest of the terms are prefiltered as the first is: in a loose pass by
    // their needles; in a strict one the match itself is that one search.
    let rest: Vec<(&Prepared<'_>, Vec<Finder<'static>>)> = rest
        .iter()
        .map(|t| {
            (
                *t,
                if loose {
                    needles(ix, t, true)
                } else {
                    Vec::new()
                },
            )
        })
        .collect();
    // `held`: the candidate's text, when the first term's search has it at hand.
    let matches_rest_in = |mut c: Cand, held: Option<&CaseText<'_>>| -> Option<Cand> {
        for (t, finders) in &rest {
            if !finders.is_empty() {
                let text = ix.case_text(c.case).as_bytes();
                if !finders.iter().all(|f| f.find(text).is_some()) {
                    return None;
                }
            }
            // A strict match in a case whose phrase an earlier term's search has
            // told: no need to look for the phrase again at every occurrence.
            let probed = c.acc.phrase == PhraseSeen::Untold;
            if let (false, true, Some(held)) = (loose, t.ids.is_empty(), held) {
                let hit = t.text.best_contiguous_held(held, t.fields, probed)?;
                Prepared::add_text_hit(&mut c, &hit);
            } else if !loose && t.ids.is_empty() && !probed {
                let hit = t.text.best_contiguous_unprobed(ix, c.case, t.fields)?;
                Prepared::add_text_hit(&mut c, &hit);
            } else if !t.apply(ix, &mut c, loose) {
                return None;
            }
        }
        Some(c)
    };
    let matches_rest = |c: Cand| matches_rest_in(c, None);
    let each_chunk = |chunk: &[Cand]| -> Result<Vec<Cand>, Cancelled> {
        cancel.check()?;
        let apply = |c: &Cand| {
            let mut c = *c;
            term.apply(ix, &mut c, loose).then_some(c)
        };
        let (Some((scan, others)), Some(first), Some(last)) =
            (first_needles.split_first(), chunk.first(), chunk.last())
        else {
            return Ok(chunk
                .iter()
                .filter_map(apply)
                .filter_map(matches_rest)
                .collect());
        };
        let holds_others = |c: &Cand| {
            let text = ix.case_text(c.case).as_bytes();
            others.iter().all(|f| f.find(text).is_some())
        };
        // Candidates are in case order; a chunk of consecutive cases is one run.
        let consecutive = last.case.checked_sub(first.case).map(|d| d as usize + 1)
            == Some(chunk.len())
            && chunk.windows(2).all(|w| w[1].case == w[0].case + 1);
        // Dense candidates (half or more of their span of cases, as after a
        // common first term) are matched by one search over the span's text:
        // a search per candidate costs about twice as much per case.
        let span = (last.case - first.case) as usize + 1;
        if !loose && span <= 2 * chunk.len() {
            // Holders found and scored in one search over the run's text, the
            // other terms matched in each as it is found.
            let mut out = Vec::new();
            let mut next = 0;
            let mut each = |case: usize, hit: TextHit, held: &CaseText<'_>| {
                // The chunk's candidate for the case, if any (both in case order).
                while chunk.get(next).is_some_and(|c| (c.case as usize) < case) {
                    next += 1;
                }
                if let Some(c) = chunk.get(next).filter(|c| c.case as usize == case) {
                    let mut c = *c;
                    Prepared::add_text_hit(&mut c, &hit);
                    out.extend(matches_rest_in(c, Some(held)));
                }
            };
            term.text
                .contiguous_run_each(ix, first.case, span, term.fields, &mut each);
            Ok(out)
        } else if consecutive {
            let holds = ix.cases_holding(first.case, chunk.len(), scan);
            Ok(chunk
                .iter()
                .zip(holds)
                .filter(|(c, h)| *h && holds_others(c))
                .filter_map(|(c, _)| apply(c))
                .filter_map(matches_rest)
                .collect())
        } else if !loose {
            // The strict match searches the case's text once: a search for the
            // term before it would only repeat that.
            Ok(chunk
                .iter()
                .filter_map(apply)
                .filter_map(matches_rest)
                .collect())
        } else {
            Ok(chunk
                .iter()
                .filter(|c| scan.find(ix.case_text(c.case).as_bytes()).is_some() && holds_others(c))
                .filter_map(apply)
                .filter_map(matches_rest)
                .collect())
        }
    };
    let parts: Vec<Vec<Cand>> = match cands {
        Cands::Listed(cands) => cands
            .par_chunks(CHUNK)
            .map(each_chunk)
            .collect::<Result<_, Cancelled>>()?,
        // Every case: each chunk's candidates made where they are matched (a few
        // kilobytes in cache), not a million of them written out first and read
        // back (20 MB, a tenth of a common term's search).
        Cands::Every(n) => (0..n.div_ceil(CHUNK as u32))
            .into_par_iter()
            .map(|i| {
                let first = i.saturating_mul(CHUNK as u32);
                let end = first.saturating_add(CHUNK as u32).min(n);
                if !loose && !first_needles.is_empty() {
                    // What `each_chunk` does with a run of fresh candidates, without
                    // writing them out: every holder is a candidate.
                    cancel.check()?;
                    let mut out = Vec::new();
                    let mut each = |case: usize, hit: TextHit, held: &CaseText<'_>| {
                        let mut c = Cand {
                            case: case as u32,
                            acc: Acc::default(),
                        };
                        Prepared::add_text_hit(&mut c, &hit);
                        out.extend(matches_rest_in(c, Some(held)));
                    };
                    let n = (end - first) as usize;
                    term.text
                        .contiguous_run_each(ix, first, n, term.fields, &mut each);
                    return Ok(out);
                }
                let chunk: Vec<Cand> = (first..end)
                    .map(|case| Cand {
                        case,
                        acc: Acc::default(),
                    })
                    .collect();
                each_chunk(&chunk)
            })
            .collect::<Result<_, Cancelled>>()?,
    };
    Ok(parts.concat())
}

/// The candidates of a pass: listed, or every case of the index (`0..n`, none
/// matched yet).
#[derive(Clone, Copy)]
enum Cands<'a> {
    Listed(&'a [Cand]),
    Every(u32),
}

/// Runs every term over `universe` (all cases when None).
fn run_terms(
    ix: &SearchIndex,
    terms: &[Prepared<'_>],
    universe: Option<&[u32]>,
    loose: bool,
    cancel: &CancelToken,
) -> Result<(Vec<Cand>, usize), Cancelled> {
    let mut order: Vec<&Prepared<'_>> = terms.iter().collect();
    // Identifier hits first (no scan), then the text likely rarest (the first term
    // is searched in every candidate, the others only in its holders), then the
    // longest: fewest survivors early.
    order.sort_by_cached_key(|p| {
        (
            p.ids.is_empty(),
            p.ids.len(),
            if p.ids.is_empty() {
                ix.sampled_count(p.text.finder())
            } else {
                0
            },
            std::cmp::Reverse(p.term.text.chars().count()),
        )
    });
    let mut cands: Vec<Cand> = match (order.first(), universe) {
        (Some(first), u) if !first.ids.is_empty() => {
            let mut cases: Vec<u32> = first.ids.keys().copied().collect();
            if let Some(u) = u {
                cases.retain(|c| u.binary_search(c).is_ok());
            }
            cases.sort_unstable();
            cases
                .into_iter()
                .map(|case| Cand {
                    case,
                    acc: Acc::default(),
                })
                .collect()
        }
        (_, Some(u)) => u
            .iter()
            .map(|&case| Cand {
                case,
                acc: Acc::default(),
            })
            .collect(),
        (Some(first), None) => {
            // Every case: made chunk by chunk inside the pass.
            let n = u32::try_from(ix.len()).unwrap_or(u32::MAX);
            cancel.check()?;
            let cands = pass(ix, Cands::Every(n), first, &order[1..], loose, cancel)?;
            return Ok((cands, n as usize));
        }
        (None, None) => (0..u32::try_from(ix.len()).unwrap_or(u32::MAX))
            .map(|case| Cand {
                case,
                acc: Acc::default(),
            })
            .collect(),
    };
    let scanned = cands.len();
    if let Some((first, rest)) = order.split_first() {
        cancel.check()?;
        cands = pass(ix, Cands::Listed(&cands), first, rest, loose, cancel)?;
    }
    Ok((cands, scanned))
}

/// What the previous search left for the next one to refine.
struct Last {
    query: Query,
    version: u64,
    /// Sorted cases: every match when `exhaustive`, else the contiguous ones.
    matched: Vec<u32>,
    exhaustive: bool,
    /// A longer query's matches are always among these (no typo variants).
    refinable: bool,
}

/// A search session: remembers the previous query so that typing refines it.
/// The CLI uses one for a single query; the TUI's worker keeps one alive.
#[derive(Default)]
pub struct Searcher {
    last: Option<Last>,
}

impl Searcher {
    pub fn new() -> Searcher {
        Searcher::default()
    }

    /// Forgets the previous query (the next search starts from every case).
    pub fn forget(&mut self) {
        self.last = None;
    }

    /// Runs `query`, returning the best `limit` results (0: all). Stops early with
    /// [`Cancelled`] once `cancel` goes stale.
    pub fn search(
        &mut self,
        ix: &SearchIndex,
        query: &Query,
        limit: usize,
        cancel: &CancelToken,
    ) -> Result<SearchResults, Cancelled> {
        self.search_page(ix, query, 0, limit, cancel)
    }

    /// [`Searcher::search`] for the results ranked `offset + 1 ..= offset + limit`
    /// (`limit` 0: all from `offset`), each [`Hit::rank`] its place in the whole
    /// ranking. Only the best `offset + limit` are ranked and only the page explained,
    /// so scrolling a list asks for the rows it shows; the same query again refines
    /// the previous matches. An `offset` past the last match gives the last `limit`
    /// (`usize::MAX` asks for the end without knowing the count): a page that does
    /// not fill up also makes `total` exact (`exhaustive`).
    pub fn search_page(
        &mut self,
        ix: &SearchIndex,
        query: &Query,
        offset: usize,
        limit: usize,
        cancel: &CancelToken,
    ) -> Result<SearchResults, Cancelled> {
        // How many of the best the page needs ranked (0: all).
        let depth = if limit == 0 {
            0
        } else {
            offset.saturating_add(limit)
        };
        // Filters (type, dates, amount): the cases they keep stand in for every case.
        let typed = query.has_filters().then(|| ix.cases_passing(query));
        if query.terms.is_empty() {
            self.last = None;
            return Ok(newest(ix, typed, offset, limit));
        }
        let mut prepared: Vec<Prepared<'_>> = query
            .terms
            .iter()
            .enumerate()
            .map(|(i, t)| Prepared::new(i, t, query.unmasked, ix, cancel))
            .collect::<Result<_, _>>()?;
        let phrase = adjacent_phrase(query);
        if let Some((text, offsets)) = &phrase {
            for &(term, offset) in offsets {
                if let Some(p) = prepared.get_mut(term)
                    && let Some(probe) = PhraseProbe::new(text, offset, &p.term.text)
                {
                    p.text.set_phrase(probe);
                }
            }
        }

        // Which previous results may stand in for every case.
        let previous = self
            .last
            .as_ref()
            .filter(|l| l.version == ix.version() && query.extends(&l.query));
        let (strict_universe, loose_universe) = match previous {
            Some(l) if l.exhaustive && l.refinable => {
                (Some(l.matched.as_slice()), Some(l.matched.as_slice()))
            }
            Some(l) if !l.exhaustive => (Some(l.matched.as_slice()), typed.as_deref()),
            // The previous results were already of the same types (`extends`).
            _ => (typed.as_deref(), typed.as_deref()),
        };
        let refined = previous.is_some_and(|l| l.refinable || !l.exhaustive);

        let (strict, scanned) = run_terms(ix, &prepared, strict_universe, false, cancel)?;
        let no_identifier_hits = prepared.iter().all(|p| p.ids.is_empty());
        let can_loosen = prepared
            .iter()
            .any(|p| p.ids.is_empty() && (p.text.has_typo_variants() || p.term.is_fuzzy()));
        let page_full = depth > 0 && strict.len() >= depth;
        let (cands, exhaustive, loose) = if !can_loosen {
            (strict, true, false)
        } else if page_full && no_identifier_hits {
            // Every contiguous match outranks every fuzzy one: the page is decided.
            (strict, false, false)
        } else {
            let (all, _) = run_terms(ix, &prepared, loose_universe, true, cancel)?;
            (all, true, true)
        };

        // The matched cases, in case order before the phrase bonus reorders them.
        let mut matched: Vec<u32> = cands.par_iter().map(|c| c.case).collect();
        if !matched.is_sorted() {
            matched.par_sort_unstable();
        }
        let phrase = phrase.map(|(text, _)| ix.finder(text.as_bytes()));
        let date = |case: u32| ix.date(case);
        let total = cands.len();
        let mut cands = cands;
        if phrase.is_some() {
            cands.par_iter_mut().for_each(|c| phrase_points(&mut c.acc));
        }
        let settle = |c: &mut Cand| settle(ix, &prepared, phrase.as_ref(), loose, c);
        // A page past the end is the last one: rank from there.
        let (offset, depth) = clamp_page(offset, limit, depth, total);
        let keyed = settle_page(&cands, depth, &date, &settle);
        drop(cands);
        self.last = Some(Last {
            query: query.clone(),
            version: ix.version(),
            matched,
            exhaustive,
            refinable: prepared.iter().all(|p| !p.text.has_typo_variants())
                && query
                    .terms
                    .iter()
                    .all(|t| t.quoted || t.is_identifier_like() || t.is_fuzzy()),
        });

        let page = top_keyed(keyed, depth);
        cancel.check()?;
        let hits = page
            .into_iter()
            .enumerate()
            .skip(offset)
            .map(|(i, c)| Hit {
                rank: i + 1,
                case_id: ix.case_db_id(c.case),
                score: i64::from(c.acc.score),
                matches: prepared
                    .iter()
                    .filter_map(|p| p.explain(ix, c.case, loose))
                    .collect(),
            })
            .collect();
        Ok(SearchResults {
            hits,
            total,
            exhaustive,
            refined,
            scanned,
        })
    }
}

/// Adds [`PHRASE_BONUS`] to a candidate whose text terms' searches met the phrase;
/// where they could not tell, adds it as slack (an upper bound to settle).
fn phrase_points(acc: &mut Acc) {
    match acc.phrase {
        PhraseSeen::Met => acc.score += PHRASE_BONUS,
        PhraseSeen::Absent => {}
        PhraseSeen::Untold => {
            acc.score += PHRASE_BONUS;
            acc.slack += PHRASE_BONUS;
        }
    }
}

/// Makes a candidate's score exact: each term's score counted in full, and the
/// phrase looked for where the searches could not tell.
fn settle(
    ix: &SearchIndex,
    terms: &[Prepared<'_>],
    phrase: Option<&Finder<'_>>,
    loose: bool,
    c: &mut Cand,
) {
    if c.acc.slack == 0 {
        return;
    }
    let mut score: i32 = terms.iter().map(|t| t.exact_score(ix, c.case, loose)).sum();
    if let Some(finder) = phrase {
        let met = match c.acc.phrase {
            PhraseSeen::Met => true,
            PhraseSeen::Absent => false,
            PhraseSeen::Untold => ix.field_holds(c.case, finder),
        };
        if met {
            score += PHRASE_BONUS;
        }
    }
    c.acc.score = score;
    c.acc.slack = 0;
}

/// The ranking key of a candidate whose score were `extra` higher (greater ranks
/// first; the case number makes every key distinct): what [`packed_key`] packs.
#[cfg(test)]
fn rank_key(c: &Cand, extra: i32, date: &dyn Fn(u32) -> u32) -> (u16, u8, u8, i32, u32, u32) {
    (
        c.acc.tier_sum,
        c.acc.contig,
        c.acc.script,
        c.acc.score + extra,
        date(c.case),
        c.case,
    )
}

/// Settles the scores (see [`Acc::score`]) of the candidates where that can change
/// the best `limit` (the page; 0: all), and returns the settled candidates, keyed by
/// [`packed_key`], that hold the page. Settling lowers a key, never raises it; so
/// once the best `batch` upper bounds are settled, a candidate left out (its key
/// below theirs before settling) cannot reach the page if the page's last settled
/// key is above it. The batch starts at a few times the page and grows until that
/// holds. The page is then the one settling every candidate gives.
fn settle_page(
    cands: &[Cand],
    limit: usize,
    date: &(dyn Fn(u32) -> u32 + Sync),
    settle: &(dyn Fn(&mut Cand) + Sync),
) -> Vec<(u128, Cand)> {
    let settled = |mut part: Vec<(u128, Cand)>| {
        part.par_iter_mut().for_each(|(key, c)| {
            if c.acc.slack != 0 {
                settle(c);
                *key = packed_key(c, date);
            }
        });
        part
    };
    let desc = |a: &(u128, Cand), b: &(u128, Cand)| b.0.cmp(&a.0);
    let mut batch = limit.saturating_mul(4);
    loop {
        if limit == 0 || batch >= cands.len() {
            return settled(best_keyed(cands, cands.len(), date));
        }
        let best = best_keyed(cands, batch, date);
        // Every candidate left out is below this one.
        let past = best.iter().map(|k| k.0).min().unwrap_or(0);
        let mut best = settled(best);
        best.select_nth_unstable_by(limit - 1, desc);
        if best[limit - 1].0 >= past {
            return best;
        }
        batch = batch.saturating_mul(4);
    }
}

/// Candidates per chunk when the best are picked: a chunk's keys stay in cache.
const PICK_CHUNK: usize = 16 * 1024;

/// The `n` candidates with the greatest [`packed_key`], keyed, in no order (all of
/// them when there are no more). Each chunk's best keys are selected on its own,
/// in parallel, and the `n`th greatest of those is the floor the candidates are
/// then copied out by: keys are distinct (the case number is in them), so exactly
/// `n` reach it. A selection over every candidate, moving whole candidates, was a
/// fifth of a common term's search.
fn best_keyed(cands: &[Cand], n: usize, date: &(dyn Fn(u32) -> u32 + Sync)) -> Vec<(u128, Cand)> {
    best_keyed_by_chunks(cands, n, date, PICK_CHUNK)
}

fn best_keyed_by_chunks(
    cands: &[Cand],
    n: usize,
    date: &(dyn Fn(u32) -> u32 + Sync),
    chunk: usize,
) -> Vec<(u128, Cand)> {
    let keyed = |c: &Cand| (packed_key(c, date), *c);
    if n >= cands.len() {
        return cands.par_iter().map(keyed).collect();
    }
    if n == 0 {
        return Vec::new();
    }
    let desc = |a: &u128, b: &u128| b.cmp(a);
    // Each chunk's best `n`, keyed: the best `n` of all are among them, so no
    // candidate's key is made twice.
    let tops: Vec<(u128, Cand)> = cands
        .par_chunks(chunk.max(1))
        .flat_map_iter(|chunk| {
            let keys: Vec<u128> = chunk.iter().map(|c| packed_key(c, date)).collect();
            let floor = if keys.len() > n {
                let mut best = keys.clone();
                best.select_nth_unstable_by(n - 1, desc);
                best[n - 1]
            } else {
                0
            };
            chunk
                .iter()
                .zip(keys)
                .filter(move |(_, key)| *key >= floor)
                .map(|(c, key)| (key, *c))
                .collect::<Vec<_>>()
        })
        .collect();
    let mut keys: Vec<u128> = tops.iter().map(|(key, _)| *key).collect();
    keys.select_nth_unstable_by(n - 1, desc);
    let floor = keys[n - 1];
    tops.into_iter().filter(|(key, _)| *key >= floor).collect()
}

/// The text terms as one phrase (`student loan`, `金条征信`), when there are several:
/// a case where they stand together, in order, ranks above one where they are apart.
/// With it, where each text term starts in it: (term index, byte offset).
pub(super) fn adjacent_phrase(query: &Query) -> Option<(String, Vec<(usize, usize)>)> {
    let words: Vec<(usize, &str)> = query
        .terms
        .iter()
        .enumerate()
        .filter(|(_, t)| matches!(t.kind, TermKind::Text))
        .map(|(i, t)| (i, t.text.as_str()))
        .collect();
    if words.len() < 2 {
        return None;
    }
    let mut phrase = String::new();
    let mut offsets = Vec::with_capacity(words.len());
    for (i, w) in words {
        let latin_seam = phrase.ends_with(|c: char| c.is_ascii_alphanumeric())
            && w.starts_with(|c: char| c.is_ascii_alphanumeric());
        if latin_seam {
            phrase.push(' ');
        }
        offsets.push((i, phrase.len()));
        phrase.push_str(w);
    }
    Some((phrase, offsets))
}

/// The best `limit` candidates (0: all), ranked.
fn top(ix: &SearchIndex, cands: Vec<Cand>, limit: usize) -> Vec<Cand> {
    let date = |case: u32| ix.date(case);
    top_by(cands, limit, &date)
}

/// [`rank_key`] packed into one number that orders the same way: the selection
/// compares integers instead of building two tuples (and reading two dates) per
/// comparison.
fn packed_key(c: &Cand, date: &dyn Fn(u32) -> u32) -> u128 {
    let score = (i64::from(c.acc.score) - i64::from(i32::MIN)) as u128;
    (u128::from(c.acc.tier_sum) << 112)
        | (u128::from(c.acc.contig) << 104)
        | (u128::from(c.acc.script) << 96)
        | (score << 64)
        | (u128::from(date(c.case)) << 32)
        | u128::from(c.case)
}

/// [`top`] with the dates from `date`.
fn top_by(cands: Vec<Cand>, limit: usize, date: &(dyn Fn(u32) -> u32 + Sync)) -> Vec<Cand> {
    let n = if limit == 0 { cands.len() } else { limit };
    top_keyed(best_keyed(&cands, n, date), limit)
}

/// The best `limit` candidates (0: all) keyed by [`packed_key`], ranked.
fn top_keyed(mut keyed: Vec<(u128, Cand)>, limit: usize) -> Vec<Cand> {
    if limit > 0 && keyed.len() > limit {
        keyed.select_nth_unstable_by(limit - 1, |a, b| b.0.cmp(&a.0));
        keyed.truncate(limit);
    }
    keyed.par_sort_unstable_by(|a, b| b.0.cmp(&a.0));
    keyed.into_iter().map(|(_, c)| c).collect()
}

/// Where a page of `limit` (0: all) from `offset` starts among `total` results, and
/// how many of the best it needs ranked (0: all): a page past the end is the last.
fn clamp_page(offset: usize, limit: usize, depth: usize, total: usize) -> (usize, usize) {
    if offset < total {
        return (offset, depth);
    }
    if limit == 0 {
        return (total, 0);
    }
    (total.saturating_sub(limit), total)
}

/// A query of no terms: every case (of `typed`, when given), newest first.
fn newest(ix: &SearchIndex, typed: Option<Vec<u32>>, offset: usize, limit: usize) -> SearchResults {
    let n = u32::try_from(ix.len()).unwrap_or(u32::MAX);
    let cases = typed.unwrap_or_else(|| (0..n).collect());
    let cands: Vec<Cand> = cases
        .into_iter()
        .map(|case| Cand {
            case,
            acc: Acc::default(),
        })
        .collect();
    let total = cands.len();
    let depth = if limit == 0 {
        0
    } else {
        offset.saturating_add(limit)
    };
    let (offset, depth) = clamp_page(offset, limit, depth, total);
    let hits = top(ix, cands, depth)
        .into_iter()
        .enumerate()
        .skip(offset)
        .map(|(i, c)| Hit {
            rank: i + 1,
            case_id: ix.case_db_id(c.case),
            score: 0,
            matches: Vec::new(),
        })
        .collect();
    SearchResults {
        hits,
        total,
        exhaustive: true,
        refined: false,
        scanned: total,
    }
}

impl SearchIndex {
    /// One query, no session: the CLI's search.
    pub fn search(&self, query: &Query, limit: usize) -> Result<SearchResults, Cancelled> {
        Searcher::new().search(self, query, limit, &CancelToken::never())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The page (case, score) of candidates ranked by [`rank_key`].
    fn page(mut cands: Vec<Cand>, limit: usize, date: &dyn Fn(u32) -> u32) -> Vec<(u32, i32)> {
        cands.sort_by_key(|c| std::cmp::Reverse(rank_key(c, 0, date)));
        if limit > 0 {
            cands.truncate(limit);
        }
        cands.iter().map(|c| (c.case, c.acc.score)).collect()
    }

    /// A strict pass over every case (its candidates made in place, each holder's
    /// text handed from the first term's search to the other terms) leaves each
    /// candidate the ranking data that matching it on its own gives.
    #[test]
    fn a_pass_over_every_case_scores_as_each_case_on_its_own() {
        use crate::generate::{GenOptions, generate};
        use crate::import::{ImportOptions, import_file};
        use crate::store::Store;
        let dir = tempfile::tempdir().unwrap();
        let mut opts = GenOptions::new(3000, dir.path().join("gen"));
        opts.seed = 5;
        let files = generate(&opts, &mut |_| {}).unwrap().files;
        let mut store = Store::open(&dir.path().join("t.sqlite")).unwrap();
        let options = ImportOptions::for_store(&store).unwrap();
        for file in &files {
            import_file(&mut store, file, &options, &mut |_| {
                std::ops::ControlFlow::Continue(())
            })
            .unwrap();
        }
        let ix = SearchIndex::build_fresh(&store).unwrap();
        let n = u32::try_from(ix.len()).unwrap();
        assert!(n as usize > CHUNK, "several chunks");
        let never = CancelToken::never();
        for q in [
            "京东 客服",
            "客服 京东",
            "金条 征信",
            "客服",
            "白条 额度 冻结",
            "\"京东\" \"客服\"",
            "student loan",
        ] {
            let query = Query::parse(q).unwrap();
            let mut prepared: Vec<Prepared<'_>> = query
                .terms
                .iter()
                .enumerate()
                .map(|(i, t)| Prepared::new(i, t, false, &ix, &never).unwrap())
                .collect();
            if let Some((text, offsets)) = adjacent_phrase(&query) {
                for (term, offset) in offsets {
                    let p = &mut prepared[term];
                    if let Some(probe) = PhraseProbe::new(&text, offset, &p.term.text) {
                        p.text.set_phrase(probe);
                    }
                }
            }
            let order: Vec<&Prepared<'_>> = prepared.iter().collect();
            let (first, rest) = order.split_first().unwrap();
            let every = pass(&ix, Cands::Every(n), first, rest, false, &never).unwrap();
            // Every third case: too sparse for a search over a run, so each is
            // matched on its own, term by term.
            let sparse: Vec<Cand> = (0..n)
                .step_by(3)
                .map(|case| Cand {
                    case,
                    acc: Acc::default(),
                })
                .collect();
            let alone = pass(&ix, Cands::Listed(&sparse), first, rest, false, &never).unwrap();
            let shown = |cands: &[Cand]| -> Vec<String> {
                cands
                    .iter()
                    .filter(|c| c.case % 3 == 0)
                    .map(|c| format!("{c:?}"))
                    .collect()
            };
            assert!(!alone.is_empty(), "{q}");
            assert_eq!(shown(&every), shown(&alone), "{q}");
        }
    }

    proptest! {
        /// The packed keys select and order the page as the ranking tuple does.
        #[test]
        fn packed_keys_rank_as_the_tuple(
            raw in proptest::collection::vec((any::<u16>(), any::<u8>(), any::<u8>(), any::<i32>(), 0u32..3), 0..400),
            limit in 0usize..60,
        ) {
            // Few distinct values per part (ties down to the case number) and extremes.
            let cands: Vec<Cand> = raw
                .iter()
                .enumerate()
                .map(|(i, &(t, contig, script, score, pick))| Cand {
                    case: (i as u32).wrapping_mul(0x0101_0101) % 0xffff_fff1,
                    acc: Acc {
                        tier_sum: if pick == 0 { t } else { t % 3 },
                        contig: contig % 3,
                        script,
                        score: if pick == 1 { score } else { score % 5 },
                        slack: 0,
                        phrase: PhraseSeen::Untold,
                    },
                })
                .collect();
            let date = |case: u32| if case.is_multiple_of(3) { u32::MAX } else { case % 4 };
            let got: Vec<u32> = top_by(cands.clone(), limit, &date).iter().map(|c| c.case).collect();
            let want: Vec<u32> = page(cands, limit, &date).iter().map(|c| c.0).collect();
            prop_assert_eq!(got, want);
        }

        /// The best `n` picked chunk by chunk are the best `n` of all, whatever the
        /// chunks' size (keys distinct by case; ties above that down to the case).
        #[test]
        fn the_best_picked_by_chunks_are_the_best_of_all(
            raw in proptest::collection::vec((0u8..3, 0i32..4), 0..300),
            n in 0usize..320,
            chunk in 1usize..70,
        ) {
            let date = |case: u32| (case * 7919) % 3;
            let cands: Vec<Cand> = raw
                .iter()
                .enumerate()
                .map(|(i, &(script, score))| Cand {
                    case: i as u32 * 3,
                    acc: Acc { script, score, ..Acc::default() },
                })
                .collect();
            let mut got: Vec<u128> = best_keyed_by_chunks(&cands, n, &date, chunk)
                .iter()
                .map(|(k, c)| {
                    assert_eq!(*k, packed_key(c, &date));
                    *k
                })
                .collect();
            got.sort_unstable();
            let mut want: Vec<u128> = cands.iter().map(|c| packed_key(c, &date)).collect();
            want.sort_unstable_by(|a, b| b.cmp(a));
            want.truncate(n);
            want.sort_unstable();
            prop_assert_eq!(got, want);
        }

        /// Settling candidates best upper bound first gives the page that settling
        /// every one gives.
        #[test]
        fn scores_settled_for_the_page_only_give_the_same_page(
            raw in proptest::collection::vec((0u8..3, 0i32..6, 0u32..4, 0u8..100, 0i32..1000), 0..1500),
            share in 0u8..100,
            limit in 0usize..60,
            slack in prop_oneof![Just(300), 1i32..40, Just(310)],
        ) {
            let date = |case: u32| (case * 7919) % 5;
            // Exact ones from none to all; each other one's exact score anywhere in
            // its slack, down to the whole of it.
            let cands: Vec<Cand> = raw
                .iter()
                .enumerate()
                .map(|(i, &(script, score, contig, pick, _))| Cand {
                    case: i as u32,
                    acc: Acc {
                        tier_sum: 0,
                        contig: contig as u8,
                        script,
                        score: 1000 + 20 * score,
                        slack: if pick < share { 0 } else { slack },
                        phrase: PhraseSeen::Untold,
                    },
                })
                .collect();
            let settle = |c: &mut Cand| {
                let drop = raw[c.case as usize].4 % (c.acc.slack + 1);
                c.acc.score -= drop;
                c.acc.slack = 0;
            };
            let mut all = cands.clone();
            all.iter_mut().for_each(settle);
            let keyed = settle_page(&cands, limit, &date, &settle);
            let got: Vec<(u32, i32)> = top_keyed(keyed, limit).iter().map(|c| (c.case, c.acc.score)).collect();
            prop_assert_eq!(got, page(all, limit, &date));
        }
    }
}
