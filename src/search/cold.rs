//! The cold back end: queries whose terms are identifiers, last digits or report
//! numbers answered from SQLite's indexes, without the in-memory text index (a shell
//! search, the workbench while its index builds).
//!
//! It answers exactly as the index engine does (same hits, same order, same match
//! explanations): every term is looked up in the same tiers — exact value
//! (`identifiers(value, kind)`), ending with the digits (`identifiers_last4`, an
//! index on each value's last four characters, migration 013), partial numbers
//! (`identifiers_starred`), containing the digits (a scan of the values, the only
//! tier no index serves: of the values part of the index file beside the database
//! when it is current, else in SQLite) and report numbers by prefix (`cases(report_no)`) — with
//! the engine's scopes ([`super::engine::slot_in_scope`]), points and ranking key.
//! The scan is skipped when it cannot change the page: a one-term query whose better
//! tiers already fill it (then `total` counts those only and `exhaustive` is false).
//!
//! [`answer`] says `None` when the query needs the text index: a text term, a term
//! no identifier or report number answers (the engine then looks for it in the
//! text), a query of filters only, or a tail too short for the suffix index.

use std::collections::HashMap;

use rusqlite::{
    Connection, OptionalExtension, Statement, Transaction, TransactionBehavior, params,
};

use super::engine::{
    Hit, MatchedField, SearchResults, TermMatch, id_points, id_score, identifier_positions,
    match_kind, slot_in_scope,
};
use super::fields::{NO_AMOUNT, date_key};
use super::ident::{IdTier, Slot};
use super::index::SearchIndex;
use super::persist;
use super::query::{Filters, Query, Scope, Term, TermKind};
use crate::Result;
use crate::model::IdKind;
use crate::store::Store;

/// Characters of a value the suffix index keeps (`substr(value, -4)`).
const SUFFIX_KEY: usize = 4;

/// Case variants of a report-number prefix looked up at most (2 per letter).
const MAX_CASE_VARIANTS: usize = 64;

/// The best identifier hit of one term in one case.
#[derive(Debug, Clone)]
struct Best {
    tier: IdTier,
    ignored: bool,
    /// The identifier's value (the report number for [`Slot::ReportNo`]).
    value: String,
    slot: Slot,
}

impl Best {
    fn rank(&self) -> (IdTier, bool) {
        (self.tier, !self.ignored)
    }
}

/// One identifier found for a term.
struct Found {
    id: i64,
    value: String,
    ignored: bool,
    tier: IdTier,
}

/// Whether the cold back end can answer `query` at all (it may still say no once it
/// has looked: a term nothing answers goes to the text).
pub fn may_answer(query: &Query) -> bool {
    !query.terms.is_empty() && query.terms.iter().all(term_may_answer)
}

fn term_may_answer(term: &Term) -> bool {
    match &term.kind {
        TermKind::Identifier { kind, value, .. } => {
            *kind != IdKind::Partial || partial_tail(value).is_some_and(|t| t.len() >= SUFFIX_KEY)
        }
        TermKind::Digits(_) => true,
        // An e-mail, wallet or WeChat id typed as stored, or a report number.
        TermKind::Text => {
            (!term.text.contains(' ') && term.text.len() >= 3) || report_prefix(term).is_some()
        }
    }
}

/// The results ranked `offset + 1 ..= offset + limit` (`limit` 0: all from
/// `offset`), as [`super::Searcher::search_page`] gives them; None when the query
/// needs the text index.
pub fn answer(
    store: &Store,
    query: &Query,
    offset: usize,
    limit: usize,
) -> Result<Option<SearchResults>> {
    if !may_answer(query) {
        return Ok(None);
    }
    let conn = store.connection();
    // Read through a map only when the answer reads few pages: a page of results,
    // every number of four digits or more (the map's pages count in the resident set:
    // `search 13 --limit 0` reads the cases of most of the database).
    let narrow = limit > 0
        && query
            .terms
            .iter()
            .all(|t| t.digits().is_none_or(|d| d.len() >= SUFFIX_KEY));
    let unmap = narrow.then(|| store.map_reads()).transpose()?;
    // One read transaction (when none is open): every statement of the answer reads
    // the same snapshot, and SQLite locks and checks the file once, not per statement.
    let reading = conn
        .is_autocommit()
        .then(|| Transaction::new_unchecked(conn, TransactionBehavior::Deferred))
        .transpose();
    let answered = match reading {
        Ok(tx) => {
            let answered = answer_in(store, conn, query, offset, limit);
            // A read: nothing to commit, and no error to report from ending it.
            drop(tx);
            answered
        }
        Err(e) => Err(e.into()),
    };
    // Put back whether or not the answer failed; a failed answer is the error told.
    let unmapped = unmap.map_or(Ok(()), |m| m.restore(store));
    let answered = answered?;
    unmapped?;
    Ok(answered)
}

fn answer_in(
    store: &Store,
    conn: &Connection,
    query: &Query,
    offset: usize,
    limit: usize,
) -> Result<Option<SearchResults>> {
    // Prepared here and reused for every identifier found, not taken from the
    // statement cache: rusqlite clears a cached statement's bindings when it goes
    // back, and SQLite (3.54) then prepares again a statement whose plan looked at a
    // bound value, as this one's does (the view's tier terms): 183 times in a
    // last-digits lookup at a million cases, 37 % of its instructions.
    let mut links = conn.prepare(LINKS_OF)?;
    let depth = if limit == 0 {
        None
    } else {
        Some(offset.saturating_add(limit))
    };
    // One term: the scan of values runs only when the better tiers leave room.
    let single = query.terms.len() == 1;
    let mut terms: Vec<HashMap<i64, Best>> = Vec::with_capacity(query.terms.len());
    let mut scanned_all = true;
    let mut facts = Facts::default();
    let filters = query.filters();
    for term in &query.terms {
        let mut hits = HashMap::new();
        for found in lookups(conn, term)? {
            add_cases(&mut links, term, query.unmasked, &found, &mut hits)?;
        }
        if let Some(digits) = term.digits() {
            let room = match depth {
                Some(d) if single => facts.passing(conn, query, &filters, hits.keys())? < d,
                _ => true,
            };
            if room {
                for found in containing(store, digits)? {
                    add_cases(&mut links, term, query.unmasked, &found, &mut hits)?;
                }
            } else {
                scanned_all = false;
            }
        }
        add_reports(conn, term, &mut hits)?;
        if hits.is_empty() {
            // The engine looks for it in the text: no case matches the query when
            // no case's text holds it.
            return Ok(in_no_text(store, term).then(SearchResults::none));
        }
        terms.push(hits);
    }
    let Some((first, rest)) = terms.split_first() else {
        return Ok(None);
    };
    // Cases every term matched, that pass the filters, with their ranking key.
    let mut ranked: Vec<(u16, i32, u32, i64)> = Vec::new();
    for &case in first.keys() {
        if !rest.iter().all(|t| t.contains_key(&case)) {
            continue;
        }
        let Some(fact) = facts.get(conn, case)? else {
            continue;
        };
        if !fact.passes(&filters, case) {
            continue;
        }
        let bests = terms.iter().filter_map(|t| t.get(&case));
        let (points, score) = bests.fold((0u16, 0i32), |(p, s), b| {
            (
                p + id_points(b.tier, b.ignored),
                s + id_score(b.tier, b.ignored),
            )
        });
        ranked.push((points, score, fact.date, case));
    }
    // Greater first: points, score, date, then the newer case (ids grow with cases).
    ranked.sort_unstable_by(|a, b| b.cmp(a));
    let total = ranked.len();
    let (offset, end) = page_bounds(offset, limit, total);
    let hits = ranked[offset..end]
        .iter()
        .enumerate()
        .map(|(i, &(_, score, _, case))| Hit {
            rank: offset + i + 1,
            case_id: case,
            score: i64::from(score),
            matches: query
                .terms
                .iter()
                .zip(&terms)
                .enumerate()
                .filter_map(|(n, (term, hits))| explain(n, term, hits.get(&case)?))
                .collect(),
        })
        .collect();
    Ok(Some(SearchResults {
        hits,
        total,
        exhaustive: scanned_all,
        refined: false,
        scanned: total,
    }))
}

/// Where the page starts and ends among `total` results: a page past the end is the
/// last one, as the engine gives it.
fn page_bounds(offset: usize, limit: usize, total: usize) -> (usize, usize) {
    let offset = if offset < total {
        offset
    } else if limit == 0 {
        total
    } else {
        total.saturating_sub(limit)
    };
    let end = if limit == 0 {
        total
    } else {
        offset.saturating_add(limit).min(total)
    };
    (offset, end)
}

fn explain(n: usize, term: &Term, best: &Best) -> Option<TermMatch> {
    Some(TermMatch {
        term: n,
        kind: match_kind(best.tier),
        field: MatchedField::of_slot(best.slot),
        identifier: Some(best.value.clone()),
        ignored: best.ignored,
        positions: identifier_positions(&best.value, term, best.tier),
    })
}

/// The identifiers a term finds through the indexes, in the engine's tiers (the
/// substring tier aside: [`containing`]).
fn lookups(conn: &Connection, term: &Term) -> Result<Vec<Found>> {
    let mut out = Vec::new();
    match &term.kind {
        TermKind::Identifier { kind, value, .. } => {
            exact(conn, value, &mut out)?;
            if *kind == IdKind::Partial {
                completing(conn, value, &mut out)?;
            }
        }
        TermKind::Digits(d) => exact(conn, d, &mut out)?,
        TermKind::Text if !term.text.contains(' ') && term.text.len() >= 3 => {
            exact(conn, &term.text, &mut out)?;
        }
        TermKind::Text => {}
    }
    if let Some(digits) = term.digits() {
        for (id, value, ignored) in ending_with(conn, digits)? {
            out.push(Found {
                id,
                value,
                ignored,
                tier: IdTier::Suffix,
            });
        }
        partials_of(conn, digits, &mut out)?;
    }
    Ok(out)
}

/// Cases read from SQLite at most to tell that no case's text holds a number (the
/// blocks its grams allow, and those imported since the index file): 30 ms or so.
const TEXT_CHECK_CASES: usize = 16_384;

/// Whether no case's text holds `term` as the engine's text search would find it,
/// told from the index file's text grams (`text_blocks`): only for a term matched as
/// written (never fuzzily) with a run of four digits or more. False whenever it
/// cannot tell: the engine then looks.
fn in_no_text(store: &Store, term: &Term) -> bool {
    if term.is_fuzzy() {
        return false;
    }
    persist::path_beside(store.path()).is_some_and(|file| {
        SearchIndex::text_may_hold(store.connection(), &file, &term.text, TEXT_CHECK_CASES)
            .ok()
            .flatten()
            == Some(false)
    })
}

/// Every identifier whose value contains `?1`, read from each tier's index of values
/// (migration 021), not from the table.
pub(crate) const EVERY_VALUE_CONTAINING: &str =
    "SELECT id, value FROM identifiers INDEXED BY identifiers_value_kind
      WHERE tier = 0 AND instr(value, ?1) > 0
     UNION ALL
     SELECT id, value FROM identifiers INDEXED BY identifiers_value_kind_recent
      WHERE tier = 1 AND instr(value, ?1) > 0";

fn exact(conn: &Connection, value: &str, out: &mut Vec<Found>) -> Result<()> {
    let mut stmt = conn.prepare_cached(concat!(
        "SELECT id, value, ignored FROM identifiers WHERE value = ?1 AND ",
        crate::both_tiers!(""),
        " ORDER BY id"
    ))?;
    let rows = stmt.query_map([value], |r| {
        Ok(Found {
            id: r.get(0)?,
            value: r.get(1)?,
            ignored: r.get::<_, i64>(2)? != 0,
            tier: IdTier::Exact,
        })
    })?;
    for row in rows {
        out.push(row?);
    }
    Ok(())
}

/// Identifiers whose value ends with `suffix` (four characters or more).
fn ending_with(conn: &Connection, suffix: &str) -> Result<Vec<(i64, String, bool)>> {
    let Some(key) = suffix
        .char_indices()
        .rev()
        .nth(SUFFIX_KEY - 1)
        .map(|(at, _)| &suffix[at..])
    else {
        return Ok(Vec::new());
    };
    let mut stmt = conn.prepare_cached(concat!(
        "SELECT id, value, ignored FROM identifiers WHERE substr(value, -4) = ?1 AND ",
        crate::both_tiers!("")
    ))?;
    let rows = stmt.query_map([key], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)? != 0,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let row = row?;
        if row.1.ends_with(suffix) {
            out.push(row);
        }
    }
    // The engine's suffix order: by reversed value, then id.
    out.sort_by(|a, b| a.1.bytes().rev().cmp(b.1.bytes().rev()).then(a.0.cmp(&b.0)));
    Ok(out)
}

/// The visible tail of a partial number (`138*5678` → `5678`).
fn partial_tail(partial: &str) -> Option<&str> {
    partial.rsplit('*').next().filter(|t| !t.is_empty())
}

/// Numbers a partial one may stand for (see `IdentTable::completing`).
fn completing(conn: &Connection, partial: &str, out: &mut Vec<Found>) -> Result<()> {
    let mut parts = partial.split('*').filter(|p| !p.is_empty());
    let (head, tail) = match (partial.starts_with('*'), parts.next(), parts.next_back()) {
        (true, Some(tail), None) => ("", tail),
        (false, Some(head), Some(tail)) => (head, tail),
        _ => return Ok(()),
    };
    for (id, value, ignored) in ending_with(conn, tail)? {
        let agrees = match value.split_once('*') {
            Some((own_head, _)) => own_head.starts_with(head) || head.starts_with(own_head),
            None => {
                let digits = value.trim_start_matches('+');
                let national = digits.strip_prefix("86").unwrap_or(digits);
                [digits, national]
                    .iter()
                    .any(|d| d.starts_with(head) && d.len() > head.len() + tail.len())
            }
        };
        if agrees {
            out.push(Found {
                id,
                value,
                ignored,
                tier: IdTier::Partial,
            });
        }
    }
    Ok(())
}

/// The partial numbers whose visible head is `?1` (their value starts with it and
/// its first `*`: from `?1 || '*'` up to `?1 || '+'`, the next character), each
/// tier's from its part of `identifiers_starred` (tier, value).
fn starred_with_head_sql() -> String {
    format!(
        "SELECT id, value FROM identifiers INDEXED BY identifiers_starred
          WHERE instr(value, '*') > 0 AND tier = {merged}
            AND value >= ?1 || '*' AND value < ?1 || '+'
         UNION ALL
         SELECT id, value FROM identifiers INDEXED BY identifiers_starred
          WHERE instr(value, '*') > 0 AND tier = {recent}
            AND value >= ?1 || '*' AND value < ?1 || '+'",
        merged = crate::store::tiers::MERGED,
        recent = crate::store::tiers::RECENT,
    )
}

/// Partial numbers (`6222*1234`, `*1234`) that `digits` could be the whole of: the
/// digits start with the visible head and end with the visible tail (see
/// `IdentTable::partials_of`). Partial values are few: read through their own index.
fn partials_of(conn: &Connection, digits: &str, out: &mut Vec<Found>) -> Result<()> {
    // The index alone (value and id) is read; the row, for the ignore mark, only for
    // those that fit (reading all 43k rows at a million cases was 27k pages). A head
    // is a prefix of the digits: one range of the index per prefix (none, the first
    // digit, …), not all 43k partial values (the ranges hold the 10k values that
    // start with `*` and a few others).
    let mut stmt = conn.prepare_cached(&starred_with_head_sql())?;
    let mut ignored = conn.prepare_cached("SELECT ignored FROM identifiers WHERE id = ?1")?;
    let mut found = Vec::new();
    let heads = digits.char_indices().map(|(at, _)| &digits[..at]);
    for head in heads {
        let mut rows = stmt.query([head])?;
        while let Some(r) = rows.next()? {
            let value = r.get_ref(1)?.as_str().unwrap_or("");
            let Some((_, tail)) = value.rsplit_once('*') else {
                continue;
            };
            let head = value.split('*').next().unwrap_or("");
            let fits = !tail.is_empty()
                && tail.len() < digits.len()
                && digits.ends_with(tail)
                && digits.starts_with(head)
                && head.len() + tail.len() < digits.len();
            if fits {
                found.push((
                    tail.len(),
                    Found {
                        id: r.get(0)?,
                        value: value.to_string(),
                        ignored: false,
                        tier: IdTier::Partial,
                    },
                ));
            }
        }
    }
    // The engine's order: the shortest tail first, each by reversed value, then id.
    found.sort_by(|(ta, a), (tb, b)| {
        ta.cmp(tb)
            .then_with(|| a.value.bytes().rev().cmp(b.value.bytes().rev()))
            .then(a.id.cmp(&b.id))
    });
    for (_, mut f) in found {
        f.ignored = ignored.query_row([f.id], |r| r.get::<_, i64>(0))? != 0;
        out.push(f);
    }
    Ok(())
}

/// Identifiers whose value contains `digits` anywhere, the one tier no index of
/// SQLite serves, in the engine's order (by id). The values the index file beside
/// the database holds, when it is current, are read from it alone and scanned as the
/// engine scans them (a few tens of MB at a million cases, against reading 1.9M
/// values through SQLite's `instr`: 90 ms); the values imported since, or all of
/// them without a current file, are scanned in SQLite. The ignore mark is read from
/// the row of each value that holds the digits.
fn containing(store: &Store, digits: &str) -> Result<Vec<Found>> {
    let conn = store.connection();
    let held = persist::path_beside(store.path()).and_then(|file| {
        SearchIndex::identifiers_containing(conn, &file, digits)
            .ok()
            .flatten()
    });
    let mut found = Vec::new();
    let mut above = 0;
    if let Some(scan) = held {
        above = scan.last.map_or(0, |(id, _)| id);
        found.extend(scan.hits.into_iter().map(|(id, value)| Found {
            id,
            value,
            ignored: false,
            tier: IdTier::Substring,
        }));
    }
    // Without a current file, every value: only the indexes of values are read (a
    // fifth of the table's bytes), each tier's (`store::tiers`). With one, the rows
    // above its last, by id.
    let mut stmt;
    let mut rows = if above == 0 {
        stmt = conn.prepare_cached(EVERY_VALUE_CONTAINING)?;
        stmt.query([digits])?
    } else {
        stmt = conn.prepare_cached(
            "SELECT id, value FROM identifiers WHERE id > ?2 AND instr(value, ?1) > 0",
        )?;
        stmt.query(params![digits, above])?
    };
    while let Some(r) = rows.next()? {
        found.push(Found {
            id: r.get(0)?,
            value: r.get(1)?,
            ignored: false,
            tier: IdTier::Substring,
        });
    }
    drop(rows);
    // The engine's order: by id (SQLite's scan reads the values in value order).
    found.sort_by_key(|f| f.id);
    let mut ignored = conn.prepare_cached("SELECT ignored FROM identifiers WHERE id = ?1")?;
    let mut kept = Vec::with_capacity(found.len());
    for mut f in found {
        // A row gone since the file was written holds no case: nothing to find.
        let Some(mark) = ignored
            .query_row([f.id], |r| r.get::<_, i64>(0))
            .optional()?
        else {
            continue;
        };
        f.ignored = mark != 0;
        kept.push(f);
    }
    Ok(kept)
}

/// The cases holding identifier ?1, with how each holds it, in the order
/// [`keep_best`] relies on.
const LINKS_OF: &str = "SELECT case_id, role, origin FROM case_identifiers WHERE identifier_id = ?1
      ORDER BY case_id, role";

/// Files the cases holding `found` under the term (`links`: [`LINKS_OF`]), keeping
/// each case's best hit.
fn add_cases(
    links: &mut Statement<'_>,
    term: &Term,
    unmasked: bool,
    found: &Found,
    hits: &mut HashMap<i64, Best>,
) -> Result<()> {
    let mut rows = links.query([found.id])?;
    while let Some(r) = rows.next()? {
        let case: i64 = r.get(0)?;
        let role = r.get_ref(1)?.as_bytes().unwrap_or(b"");
        let origin = r.get_ref(2)?.as_bytes().unwrap_or(b"");
        let slot = Slot::from_row_bytes(role, origin);
        if !slot_in_scope(term.scope, slot, Slot::is_narrative(origin), unmasked) {
            continue;
        }
        keep_best(
            hits,
            case,
            Best {
                tier: found.tier,
                ignored: found.ignored,
                value: found.value.clone(),
                slot,
            },
        );
    }
    Ok(())
}

/// Keeps the better of two hits of a term in a case: the higher tier, then not
/// ignored; between equals, the one found first. Identifiers are found in the
/// engine's order (tier by tier, each in its value order), so the same one is kept.
fn keep_best(hits: &mut HashMap<i64, Best>, case: i64, new: Best) {
    match hits.get_mut(&case) {
        Some(b) => {
            if new.rank() > b.rank() {
                *b = new;
            }
        }
        None => {
            hits.insert(case, new);
        }
    }
}

/// The report-number prefix an unscoped term may be (four characters or more:
/// letters, digits, `-`, `_`), upper case.
fn report_prefix(term: &Term) -> Option<String> {
    let raw = term.raw.trim();
    let shaped = term.scope == Scope::All
        && raw.len() >= 4
        && raw
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    shaped.then(|| raw.to_ascii_uppercase())
}

/// Report numbers starting with the term (the whole number: exact; else substring),
/// compared in upper case as the engine does: each case variant of the prefix's
/// letters is a range of `cases(report_no)`.
fn add_reports(conn: &Connection, term: &Term, hits: &mut HashMap<i64, Best>) -> Result<()> {
    let Some(prefix) = report_prefix(term) else {
        return Ok(());
    };
    let mut stmt = conn.prepare_cached(
        "SELECT id, report_no FROM cases WHERE report_no >= ?1 AND report_no < ?1 || x'7f'",
    )?;
    for variant in case_variants(&prefix) {
        let mut rows = stmt.query([&variant])?;
        while let Some(r) = rows.next()? {
            let case: i64 = r.get(0)?;
            let no = r
                .get_ref(1)?
                .as_str()
                .unwrap_or("")
                .trim()
                .to_ascii_uppercase();
            if !no.starts_with(&prefix) {
                continue;
            }
            let whole = no.len() == prefix.len();
            keep_best(
                hits,
                case,
                Best {
                    tier: if whole {
                        IdTier::Exact
                    } else {
                        IdTier::Substring
                    },
                    ignored: false,
                    value: no,
                    slot: Slot::ReportNo,
                },
            );
        }
    }
    Ok(())
}

/// Every spelling of `upper` with its letters in either case (at most
/// [`MAX_CASE_VARIANTS`]; past that, the upper-case one only).
fn case_variants(upper: &str) -> Vec<String> {
    let letters = upper.bytes().filter(u8::is_ascii_alphabetic).count();
    if 1usize
        .checked_shl(letters as u32)
        .is_none_or(|n| n > MAX_CASE_VARIANTS)
    {
        return vec![upper.to_string()];
    }
    let mut out = vec![String::new()];
    for c in upper.chars() {
        if c.is_ascii_alphabetic() {
            out = out
                .into_iter()
                .flat_map(|s| [format!("{s}{c}"), format!("{s}{}", c.to_ascii_lowercase())])
                .collect();
        } else {
            out.iter_mut().for_each(|s| s.push(c));
        }
    }
    out
}

/// What the filters and the ranking read of a case.
#[derive(Debug, Clone, Copy)]
struct Fact {
    date: u32,
    code: u8,
    amount: i64,
}

impl Fact {
    fn passes(&self, filters: &Filters, case: i64) -> bool {
        filters.pass(self.code, self.date, self.amount, case)
    }
}

/// Cases' facts, read once each.
#[derive(Default)]
struct Facts {
    known: HashMap<i64, Option<Fact>>,
}

impl Facts {
    fn get(&mut self, conn: &Connection, case: i64) -> Result<Option<Fact>> {
        if let Some(fact) = self.known.get(&case) {
            return Ok(*fact);
        }
        let mut stmt = conn.prepare_cached(
            "SELECT reported_at, scam_type_code, amount_fen FROM cases WHERE id = ?1",
        )?;
        let fact = stmt
            .query_row(params![case], |r| {
                let date = r.get_ref(0)?.as_str().map_or(0, date_key);
                let code: i64 = r.get(1)?;
                let amount: Option<i64> = r.get(2)?;
                Ok(Fact {
                    date,
                    code: crate::scamtype::Code::from_id(code).id() as u8,
                    amount: amount.unwrap_or(NO_AMOUNT),
                })
            })
            .optional()?;
        self.known.insert(case, fact);
        Ok(fact)
    }

    /// How many of `cases` pass the query's filters (all of them without filters).
    fn passing<'a>(
        &mut self,
        conn: &Connection,
        query: &Query,
        filters: &Filters,
        cases: impl Iterator<Item = &'a i64>,
    ) -> Result<usize> {
        if !query.has_filters() {
            return Ok(cases.count());
        }
        let mut n = 0;
        for &case in cases {
            if self
                .get(conn, case)?
                .is_some_and(|f| f.passes(filters, case))
            {
                n += 1;
            }
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_prefixes_are_looked_up_in_every_case_of_their_letters() {
        assert_eq!(case_variants("A1B"), ["A1B", "A1b", "a1B", "a1b"]);
        assert_eq!(case_variants("2026"), ["2026"]);
        assert_eq!(case_variants(&"A".repeat(10)), ["A".repeat(10)]);
    }

    #[test]
    fn a_page_past_the_end_is_the_last_one() {
        assert_eq!(page_bounds(0, 50, 3), (0, 3));
        assert_eq!(page_bounds(usize::MAX, 2, 5), (3, 5));
        assert_eq!(page_bounds(4, 0, 10), (4, 10));
        assert_eq!(page_bounds(10, 0, 10), (10, 10));
        assert_eq!(page_bounds(0, 10, 0), (0, 0));
    }
}
