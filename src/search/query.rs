//! The query language, one parser for the CLI and the TUI.
//!
//! Space-separated terms, all of which must match. `caller:`, `account:`, `script:`
//! and `victim:` scope a term; filters keep the cases of a scam type (`type:loan`,
//! `type:贷款`: a code, an official name or an alias), reported in a date range
//! (`since:2026-11-01`, `until:2026/11/30`) or with a loss in a range (`amount:>5000`,
//! `amount:1000-5万`, `amount:<=200`), or that carry a casework tag (`tag:已冻结`, set
//! on the case or its group; read from the store by [`Query::read_tags`]); `"…"` (or `“…”`) makes a phrase that matches only as
//! written, never fuzzily. Each term is read once here into what the engine needs:
//!
//! - an identifier, when the import's normaliser reads it as one (`138-1234-5678` →
//!   `+8613812345678`): matched exactly on the canonical value, then by its digits;
//! - digits (4 or more once spaces and dashes are gone): exact, suffix, substring —
//!   never a scattered subsequence;
//! - text: folded (NFKC, lower case) and matched contiguously, then fuzzily.
//!
//! A number pasted with spaces (`138 1234 5678`, `6222 0212 3456 7890 123`) arrives as
//! several words; runs of digit groups that together read as one number are joined.

use std::fmt;

use super::fields::{NO_AMOUNT, date_key};
use super::fold::fold;
use crate::model::IdKind;
use crate::normalize;
use crate::scamtype::{AliasTable, Code};

/// Where a term may match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    /// A bare term: every identifier and text field.
    All,
    /// `caller:` — caller numbers (identifiers and the column's text).
    Caller,
    /// `account:` — receiving accounts and contact ids (QQ, WeChat).
    Account,
    /// `script:` — the narrative, and identifiers found in it.
    Script,
    /// `victim:` — the victim's name and phone.
    Victim,
    /// `type:` — a scam type of the taxonomy: a filter, not a term that matches text.
    Type,
    /// `since:` / `until:` — report dates: filters.
    Since,
    Until,
    /// `amount:` — a loss range: a filter.
    Amount,
    /// `tag:` — a casework tag the case carries: a filter.
    Tag,
}

impl Scope {
    pub const NAMED: [(&'static str, Scope); 9] = [
        ("caller", Scope::Caller),
        ("account", Scope::Account),
        ("script", Scope::Script),
        ("victim", Scope::Victim),
        ("type", Scope::Type),
        ("since", Scope::Since),
        ("until", Scope::Until),
        ("amount", Scope::Amount),
        ("tag", Scope::Tag),
    ];

    /// True for the scopes that filter cases rather than match text.
    pub fn is_filter(self) -> bool {
        matches!(
            self,
            Scope::Type | Scope::Since | Scope::Until | Scope::Amount | Scope::Tag
        )
    }

    pub fn name(self) -> &'static str {
        match self {
            Scope::All => "all",
            Scope::Caller => "caller",
            Scope::Account => "account",
            Scope::Script => "script",
            Scope::Victim => "victim",
            Scope::Type => "type",
            Scope::Since => "since",
            Scope::Until => "until",
            Scope::Amount => "amount",
            Scope::Tag => "tag",
        }
    }
}

/// What a term is, decided once at parse time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TermKind {
    /// Read by the normaliser as an identifier.
    Identifier {
        kind: IdKind,
        /// The canonical value, as the import stored it.
        value: String,
        /// The term's digits (4 or more), for suffix and substring matches.
        digits: Option<String>,
    },
    /// Four or more digits (punctuation removed) that are not a whole identifier.
    Digits(String),
    /// Words: matched in the text fields.
    Text,
}

/// One term of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub scope: Scope,
    /// As typed (without scope and quotes), for messages and `--explain`.
    pub raw: String,
    /// Folded for text matching.
    pub text: String,
    /// From a quoted phrase: matched only as written.
    pub quoted: bool,
    pub kind: TermKind,
}

impl Term {
    /// Digits to match by suffix and substring, if the term has them.
    pub fn digits(&self) -> Option<&str> {
        match &self.kind {
            TermKind::Identifier { digits, .. } => digits.as_deref(),
            TermKind::Digits(d) => Some(d),
            TermKind::Text => None,
        }
    }

    /// True when the term may match loosely (scattered characters): unquoted text
    /// of two or more characters (three for Latin), without digits or `@`.
    pub fn is_fuzzy(&self) -> bool {
        let n = self.text.chars().count();
        let latin = self.text.bytes().all(|b| b.is_ascii_alphabetic());
        !self.quoted
            && !self.is_identifier_like()
            && !self.text.bytes().any(|b| b.is_ascii_digit() || b == b'@')
            && n >= if latin { 3 } else { 2 }
            && n <= 32
    }

    /// True for identifier and digit terms, which never match fuzzily.
    pub fn is_identifier_like(&self) -> bool {
        !matches!(self.kind, TermKind::Text)
    }
}

/// A parsed query: its terms, all of which must match, and its `type:` filters. No
/// terms: every case (of the types, if any).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    pub terms: Vec<Term>,
    pub types: Vec<TypeFilter>,
    /// `since:` / `until:` (the last of each): report dates, `YYYY-MM-DD`, inclusive.
    pub since: Option<String>,
    pub until: Option<String>,
    /// `amount:` (the last one): loss bounds in fen, inclusive.
    pub min_fen: Option<i64>,
    pub max_fen: Option<i64>,
    /// Victims' data is shown (`--unmask`, the workbench's `m`): unscoped terms search
    /// the victim's name and phone too. Masked (the default), only `victim:` does.
    pub unmasked: bool,
    /// `tag:` filters: a case passes when it carries every one.
    pub tags: Vec<String>,
    /// The database ids of the cases that carry every tag of `tags`, sorted: tags
    /// change without a new index, so they are read from the store for each query
    /// ([`Query::read_tags`]). Unread, a query with `tag:` keeps no case.
    pub tagged: Option<std::sync::Arc<Vec<u32>>>,
}

/// A `type:` filter: the codes it names (a case of any of them passes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeFilter {
    /// As typed, for messages.
    pub raw: String,
    pub codes: Vec<Code>,
}

/// Why a query could not be read. Each says where, as a 1-based character column.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error("unterminated quote opened at column {column}")]
    UnterminatedQuote { column: usize },
    #[error("`{scope}:` at column {column} has no term after it")]
    EmptyScope { scope: &'static str, column: usize },
    #[error("empty quotes at column {column}")]
    EmptyPhrase { column: usize },
    #[error(
        "no scam type {text:?} (`type:` at column {column} takes a code, an official name or an alias: see casebench scam-types)"
    )]
    UnknownType { text: String, column: usize },
    #[error("`{scope}:` at column {column}: not a date: {text:?}")]
    BadDate {
        scope: &'static str,
        text: String,
        column: usize,
    },
    #[error(
        "`amount:` at column {column}: {text:?} is not a range (`amount:>5000`, `amount:<=200`, `amount:1000-5万`)"
    )]
    BadAmount { text: String, column: usize },
}

/// A token before classification.
#[derive(Debug)]
struct Token {
    scope: Scope,
    scoped: bool,
    text: String,
    quoted: bool,
    /// Where it starts, as a 1-based character column.
    column: usize,
}

impl Query {
    /// Parses a query, reading `type:` with the shipped alias table. Blank input is the
    /// empty query (every case).
    pub fn parse(input: &str) -> Result<Query, QueryError> {
        Query::parse_with(input, AliasTable::shipped())
    }

    /// Parses a query, reading `type:` with the database's alias table.
    pub fn parse_with(input: &str, aliases: &AliasTable) -> Result<Query, QueryError> {
        let tokens = tokenize(input)?;
        let (filters, tokens): (Vec<Token>, Vec<Token>) =
            tokens.into_iter().partition(|t| t.scope.is_filter());
        let mut query = Query::default();
        for t in filters {
            match t.scope {
                Scope::Type => {
                    let codes = aliases.resolve(&t.text);
                    if codes.is_empty() {
                        return Err(QueryError::UnknownType {
                            text: t.text,
                            column: t.column,
                        });
                    }
                    query.types.push(TypeFilter { raw: t.text, codes });
                }
                Scope::Tag => query.tags.push(t.text),
                Scope::Since | Scope::Until => {
                    let day = normalize::date(&t.text)
                        .and_then(|d| d.get(..10).map(str::to_string))
                        .ok_or_else(|| QueryError::BadDate {
                            scope: t.scope.name(),
                            text: t.text.clone(),
                            column: t.column,
                        })?;
                    if t.scope == Scope::Since {
                        query.since = Some(day);
                    } else {
                        query.until = Some(day);
                    }
                }
                _ => {
                    let (min, max) = amount_range(&t.text).ok_or(QueryError::BadAmount {
                        text: t.text,
                        column: t.column,
                    })?;
                    (query.min_fen, query.max_fen) = (min, max);
                }
            }
        }
        let tokens = join_digit_groups(tokens);
        query.terms = tokens.into_iter().map(classify).collect();
        Ok(query)
    }

    /// True for the query of every case: no term, no filter.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty() && !self.has_filters()
    }

    /// True when a filter (type, dates, amount) narrows the cases.
    pub fn has_filters(&self) -> bool {
        !self.types.is_empty()
            || self.since.is_some()
            || self.until.is_some()
            || self.min_fen.is_some()
            || self.max_fen.is_some()
            || !self.tags.is_empty()
    }

    /// Reads the cases that carry the `tag:` filters' tags (themselves or through
    /// their group) from `conn`, for the index to filter by; nothing without tags.
    pub fn read_tags(&mut self, conn: &rusqlite::Connection) -> crate::Result<()> {
        if self.tags.is_empty() {
            return Ok(());
        }
        let mut stmt = conn.prepare("SELECT case_id FROM case_tags WHERE tag = ?1")?;
        let mut kept: Option<Vec<u32>> = None;
        for tag in &self.tags {
            let mut ids: Vec<u32> = stmt
                .query_map([tag], |r| r.get::<_, i64>(0))?
                .filter_map(|id| id.map(|id| u32::try_from(id).ok()).transpose())
                .collect::<rusqlite::Result<_>>()?;
            ids.sort_unstable();
            kept = Some(match kept {
                None => ids,
                Some(before) => before
                    .into_iter()
                    .filter(|id| ids.binary_search(id).is_ok())
                    .collect(),
            });
        }
        self.tagged = kept.map(std::sync::Arc::new);
        Ok(())
    }

    /// The codes a case must have to pass every `type:` filter (bit `Code::id`);
    /// None when there is no filter.
    pub fn type_mask(&self) -> Option<u16> {
        self.types
            .iter()
            .map(|t| t.codes.iter().fold(0u16, |m, c| m | 1 << c.id()))
            .reduce(|a, b| a & b)
    }

    /// The filters made ready to test cases with (one reading for both back ends).
    pub(super) fn filters(&self) -> Filters {
        Filters {
            mask: self.type_mask(),
            since: self.since.as_deref().map(date_key),
            // Through the last minute of the day.
            until: self.until.as_deref().map(|d| date_key(d) + 23 * 60 + 59),
            min: self.min_fen,
            max: self.max_fen,
            tagged: (!self.tags.is_empty()).then(|| self.tagged.clone().unwrap_or_default()),
        }
    }

    /// True when both queries filter alike (type, dates, amount).
    fn same_filters(&self, other: &Query) -> bool {
        self.types == other.types
            && self.since == other.since
            && self.until == other.until
            && (self.min_fen, self.max_fen) == (other.min_fen, other.max_fen)
            && self.tags == other.tags
            && self.tagged == other.tagged
    }

    /// True when every case matching `self` also matches `previous`: the same terms,
    /// the last of them possibly extended, more terms possibly added. Typing narrows,
    /// so the previous results can be searched instead of every case.
    pub fn extends(&self, previous: &Query) -> bool {
        // A new filter narrows too; kept simple: the filters stay the same.
        if !self.same_filters(previous) || self.unmasked != previous.unmasked {
            return false;
        }
        let Some((last, same)) = previous.terms.split_last() else {
            return true;
        };
        if self.terms.len() < previous.terms.len() || self.terms[..same.len()] != *same {
            return false;
        }
        let new = &self.terms[same.len()];
        if new == last {
            return true;
        }
        if new.scope != last.scope || new.quoted != last.quoted {
            return false;
        }
        match (&last.kind, &new.kind) {
            // A contiguous match of the longer text contains the shorter.
            (TermKind::Text, TermKind::Text) => new.text.contains(&last.text),
            // Every digit tier implies the digits occur in the value: a substring of
            // the longer digits is a substring of the shorter ones too. A number that
            // became an identifier qualifies when its canonical value still holds the
            // old digits (`0370…` written with its trunk 0 does not: `+86370…`).
            (TermKind::Digits(old), _) => {
                let holds = match &new.kind {
                    TermKind::Digits(d) => d.contains(old.as_str()),
                    TermKind::Identifier { value, digits, .. } => {
                        value.contains(old.as_str())
                            && digits.as_deref().is_some_and(|d| d.contains(old.as_str()))
                    }
                    TermKind::Text => false,
                };
                holds && new.text.contains(&last.text)
            }
            _ => false,
        }
    }
}

/// A query's filters as [`Filters::pass`] tests them.
#[derive(Debug, Clone)]
pub(super) struct Filters {
    mask: Option<u16>,
    since: Option<u32>,
    until: Option<u32>,
    min: Option<i64>,
    max: Option<i64>,
    /// With `tag:` filters: the cases carrying every tag (sorted database ids;
    /// empty until [`Query::read_tags`] read them).
    tagged: Option<std::sync::Arc<Vec<u32>>>,
}

impl Filters {
    /// True when a case of scam-type code `code` (`Code::id`), reported at `date`
    /// (`date_key`, 0: did not parse) with a loss of `amount` fen (`NO_AMOUNT`: none
    /// parsed), database id `id`, passes. A case whose date or amount did not parse
    /// passes no filter on it.
    pub(super) fn pass(&self, code: u8, date: u32, amount: i64, id: i64) -> bool {
        let code_ok = self.mask.is_none_or(|m| m & (1 << code) != 0);
        let dated = date != 0;
        let date_ok = self.since.is_none_or(|s| dated && date >= s)
            && self.until.is_none_or(|u| dated && date <= u);
        let amount_ok = (self.min.is_none() && self.max.is_none())
            || (amount != NO_AMOUNT
                && self.min.is_none_or(|m| amount >= m)
                && self.max.is_none_or(|m| amount <= m));
        let tag_ok = self
            .tagged
            .as_ref()
            .is_none_or(|ids| u32::try_from(id).is_ok_and(|id| ids.binary_search(&id).is_ok()));
        code_ok && date_ok && amount_ok && tag_ok
    }
}

impl fmt::Display for Query {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, t) in self.types.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            if t.raw.chars().any(char::is_whitespace) {
                write!(f, "type:\"{}\"", t.raw)?;
            } else {
                write!(f, "type:{}", t.raw)?;
            }
        }
        let mut filters = Vec::new();
        if let Some(d) = &self.since {
            filters.push(format!("since:{d}"));
        }
        if let Some(d) = &self.until {
            filters.push(format!("until:{d}"));
        }
        match (self.min_fen, self.max_fen) {
            (Some(a), Some(b)) => filters.push(format!("amount:{}-{}", yuan(a), yuan(b))),
            (Some(a), None) => filters.push(format!("amount:>={}", yuan(a))),
            (None, Some(b)) => filters.push(format!("amount:<={}", yuan(b))),
            (None, None) => {}
        }
        for t in &self.tags {
            filters.push(format!("tag:{t}"));
        }
        for (i, filter) in filters.iter().enumerate() {
            if i > 0 || !self.types.is_empty() {
                f.write_str(" ")?;
            }
            f.write_str(filter)?;
        }
        let before = self.types.len() + filters.len();
        for (i, t) in self.terms.iter().enumerate() {
            if i > 0 || before > 0 {
                f.write_str(" ")?;
            }
            if t.scope != Scope::All {
                write!(f, "{}:", t.scope.name())?;
            }
            if t.quoted {
                // A phrase typed in one kind of quotes may hold another: print it in
                // quotes it does not contain, so that it parses back the same.
                let (open, close) = [('"', '"'), ('“', '”'), ('＂', '＂')]
                    .into_iter()
                    .find(|&(_, close)| !t.raw.contains(close))
                    .unwrap_or(('"', '"'));
                write!(f, "{open}{}{close}", t.raw)?;
            } else {
                f.write_str(&t.raw)?;
            }
        }
        Ok(())
    }
}

/// Fen as the yuan an `amount:` filter is written with.
fn yuan(fen: i64) -> String {
    crate::text::format_yuan(fen)
}

/// An `amount:` range in fen: `>5000`, `>=5000`, `<200`, `<=200`, `1000-5万`,
/// `1000..5000`, or one amount (exactly it).
fn amount_range(text: &str) -> Option<(Option<i64>, Option<i64>)> {
    let fen = normalize::amount_fen;
    let text = text.trim();
    if let Some(rest) = text.strip_prefix(">=") {
        return Some((Some(fen(rest)?), None));
    }
    if let Some(rest) = text.strip_prefix('>') {
        return Some((Some(fen(rest)?.checked_add(1)?), None));
    }
    if let Some(rest) = text.strip_prefix("<=") {
        return Some((None, Some(fen(rest)?)));
    }
    if let Some(rest) = text.strip_prefix('<') {
        return Some((None, Some(fen(rest)?.checked_sub(1)?)));
    }
    if let Some((lo, hi)) = text.split_once("..").or_else(|| text.split_once('-')) {
        let (lo, hi) = (fen(lo)?, fen(hi)?);
        return (lo <= hi).then_some((Some(lo), Some(hi)));
    }
    let exact = fen(text)?;
    Some((Some(exact), Some(exact)))
}

fn closing_quote(open: char) -> Option<char> {
    match open {
        '"' => Some('"'),
        '“' => Some('”'),
        '＂' => Some('＂'),
        _ => None,
    }
}

fn tokenize(input: &str) -> Result<Vec<Token>, QueryError> {
    let chars: Vec<char> = input.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        // A scope prefix: a known name and a colon (ASCII or full-width).
        let mut scope = Scope::All;
        let mut scoped = false;
        for (name, s) in Scope::NAMED {
            let n = name.chars().count();
            let word: String = chars[i..].iter().take(n).collect();
            if word.eq_ignore_ascii_case(name) && matches!(chars.get(i + n), Some(':' | '：')) {
                scope = s;
                scoped = true;
                i += n + 1;
                break;
            }
        }
        if scoped && chars.get(i).is_none_or(|c| c.is_whitespace()) {
            return Err(QueryError::EmptyScope {
                scope: scope.name(),
                column: start + 1,
            });
        }
        if let Some(close) = chars.get(i).and_then(|&c| closing_quote(c)) {
            let open_at = i;
            let body_start = i + 1;
            let Some(len) = chars[body_start..].iter().position(|&c| c == close) else {
                return Err(QueryError::UnterminatedQuote {
                    column: open_at + 1,
                });
            };
            let text: String = chars[body_start..body_start + len].iter().collect();
            let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
            if text.is_empty() {
                return Err(if scoped {
                    QueryError::EmptyScope {
                        scope: scope.name(),
                        column: start + 1,
                    }
                } else {
                    QueryError::EmptyPhrase {
                        column: open_at + 1,
                    }
                });
            }
            i = body_start + len + 1;
            tokens.push(Token {
                scope,
                scoped,
                text,
                quoted: true,
                column: start + 1,
            });
            continue;
        }
        let word_start = i;
        while i < chars.len() && !chars[i].is_whitespace() {
            if closing_quote(chars[i]).is_some() {
                // A quote inside a word must be closed too: `abc"def` is a typo
                // whose meaning we cannot guess.
                return Err(QueryError::UnterminatedQuote { column: i + 1 });
            }
            i += 1;
        }
        tokens.push(Token {
            scope,
            scoped,
            text: chars[word_start..i].iter().collect(),
            quoted: false,
            column: start + 1,
        });
    }
    Ok(tokens)
}

/// Characters a phone or card number is written with besides digits (spaces come
/// from joined groups and quoted numbers).
fn is_number_punct(c: char) -> bool {
    c.is_whitespace() || matches!(c, '-' | '+' | '(' | ')' | '.' | '（' | '）' | '－' | '＋')
}

/// The ASCII digits of a token made only of digits and number punctuation.
fn number_digits(text: &str) -> Option<String> {
    let folded = fold(text);
    if !folded
        .chars()
        .all(|c| c.is_ascii_digit() || is_number_punct(c))
    {
        return None;
    }
    let digits: String = folded.chars().filter(char::is_ascii_digit).collect();
    (!digits.is_empty()).then_some(digits)
}

/// Joins runs of digit groups (`138 1234 5678`) that together read as one number:
/// the normaliser reads the joined text as an identifier, or it has the length of a
/// phone or card number (11–19 digits).
fn join_digit_groups(tokens: Vec<Token>) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        let mut best = i;
        if !tokens[i].quoted && number_digits(&tokens[i].text).is_some() {
            let mut joined = tokens[i].text.clone();
            let mut n = number_digits(&joined).map_or(0, |d| d.len());
            let mut j = i + 1;
            while j < tokens.len() && !tokens[j].quoted && !tokens[j].scoped {
                let Some(more) = number_digits(&tokens[j].text) else {
                    break;
                };
                joined.push(' ');
                joined.push_str(&tokens[j].text);
                n += more.len();
                if normalize::parse_term(&joined).is_some() || (11..=19).contains(&n) {
                    best = j;
                }
                j += 1;
            }
        }
        if best == i {
            out.extend(tokens.get(i).map(|t| Token {
                scope: t.scope,
                scoped: t.scoped,
                text: t.text.clone(),
                quoted: t.quoted,
                column: t.column,
            }));
        } else {
            let text = tokens[i..=best]
                .iter()
                .map(|t| t.text.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            out.push(Token {
                scope: tokens[i].scope,
                scoped: tokens[i].scoped,
                text,
                quoted: false,
                column: tokens[i].column,
            });
        }
        i = best + 1;
    }
    out
}

fn classify(token: Token) -> Term {
    let digits = number_digits(&token.text).filter(|d| d.len() >= 4);
    let kind = match normalize::parse_term(&token.text) {
        Some(id) => TermKind::Identifier {
            kind: id.kind,
            value: id.value,
            digits: digits.clone(),
        },
        None => match digits {
            Some(d) => TermKind::Digits(d),
            None => TermKind::Text,
        },
    };
    Term {
        scope: token.scope,
        text: fold(&token.text),
        raw: token.text,
        quoted: token.quoted,
        kind,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str) -> Query {
        Query::parse(s).unwrap_or_else(|e| panic!("{s:?}: {e}"))
    }

    #[test]
    fn tag_filters_are_filters_and_keep_no_case_until_read() {
        let query = q("tag:已冻结 tag:已研判 金条");
        assert_eq!(query.tags, ["已冻结", "已研判"]);
        assert_eq!(query.terms.len(), 1);
        assert!(query.has_filters());
        assert_eq!(query.to_string(), "tag:已冻结 tag:已研判 金条");
        // Unread, nothing passes; read, the cases read pass (the one filter check
        // both back ends use; no type, date or amount filter here).
        let passes = |query: &Query, id: i64| query.filters().pass(0, 0, NO_AMOUNT, id);
        assert!(!passes(&query, 7));
        let read = Query {
            tagged: Some(std::sync::Arc::new(vec![3, 7])),
            ..query.clone()
        };
        assert!(passes(&read, 7) && !passes(&read, 4));
        assert!(passes(&q("金条"), 4));
        // Another tag is another filter: the previous results do not stand in.
        assert!(!q("tag:已冻结 金条x").extends(&q("tag:已研判 金条")));
    }

    #[test]
    fn date_and_amount_filters_read_every_form_the_import_reads() {
        let query = q("since:2026/11/1 until:2026年11月30日 amount:1000-5万 金条");
        assert_eq!(query.since.as_deref(), Some("2026-11-01"));
        assert_eq!(query.until.as_deref(), Some("2026-11-30"));
        assert_eq!(
            (query.min_fen, query.max_fen),
            (Some(100_000), Some(5_000_000))
        );
        assert_eq!(query.terms.len(), 1);
        assert_eq!(q("amount:>5000").min_fen, Some(500_001));
        assert_eq!(q("amount:<=200").max_fen, Some(20_000));
        assert_eq!(q("amount:¥300").min_fen, Some(30_000));
        assert!(q("since:2026-11-01").has_filters());
        assert!(matches!(
            Query::parse("since:昨天"),
            Err(QueryError::BadDate { .. })
        ));
        assert!(matches!(
            Query::parse("amount:5000-100"),
            Err(QueryError::BadAmount { .. })
        ));
        let shown = q("amount:>=5000 since:2026-11-01 type:loan 金条").to_string();
        assert_eq!(shown, "type:loan since:2026-11-01 amount:>=5000.00 金条");
        assert_eq!(
            q(&shown),
            q("amount:>=5000 since:2026-11-01 type:loan 金条")
        );
    }

    #[test]
    fn bare_terms_split_on_any_whitespace() {
        let query = q("  金条\u{3000}征信  Student ");
        let texts: Vec<_> = query.terms.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(texts, ["金条", "征信", "student"]);
        assert!(query.terms.iter().all(|t| t.scope == Scope::All));
        assert!(q("   ").is_empty());
    }

    #[test]
    fn scopes_and_phrases() {
        let query = q(r#"caller:95118 script:"student  loan" Victim:张 account：abc"#);
        let t = &query.terms;
        assert_eq!(t.len(), 4);
        assert_eq!((t[0].scope, t[0].raw.as_str()), (Scope::Caller, "95118"));
        assert_eq!(t[0].digits(), Some("95118"));
        assert_eq!(t[1].scope, Scope::Script);
        assert!(t[1].quoted);
        assert_eq!(t[1].text, "student loan");
        assert_eq!(t[2].scope, Scope::Victim);
        assert_eq!(t[3].scope, Scope::Account);
        assert_eq!(q("“金条 额度”").terms[0].text, "金条 额度");
    }

    #[test]
    fn unknown_prefixes_are_plain_text() {
        let t = &q("支付宝:abc@qq.com").terms[0];
        assert_eq!(t.scope, Scope::All);
        assert_eq!(t.raw, "支付宝:abc@qq.com");
    }

    #[test]
    fn malformed_queries_say_where() {
        assert_eq!(
            Query::parse(r#"金条 "student loan"#),
            Err(QueryError::UnterminatedQuote { column: 4 })
        );
        assert_eq!(
            Query::parse("金条 caller:"),
            Err(QueryError::EmptyScope {
                scope: "caller",
                column: 4
            })
        );
        assert_eq!(
            Query::parse("caller: 123"),
            Err(QueryError::EmptyScope {
                scope: "caller",
                column: 1
            })
        );
        assert!(matches!(
            Query::parse(r#"x """#),
            Err(QueryError::EmptyPhrase { .. })
        ));
        assert!(matches!(
            Query::parse(r#"ab"cd"#),
            Err(QueryError::UnterminatedQuote { column: 3 })
        ));
        let message = Query::parse("\"abc").unwrap_err().to_string();
        assert!(!message.contains('\n'));
    }

    #[test]
    fn digit_terms_drop_punctuation_and_need_four_digits() {
        assert_eq!(q("12-34").terms[0].kind, TermKind::Digits("1234".into()));
        assert_eq!(q("１２３４").terms[0].digits(), Some("1234"));
        assert_eq!(q("123").terms[0].kind, TermKind::Text);
        assert_eq!(q("1234").terms[0].kind, TermKind::Digits("1234".into()));
        assert!(matches!(
            &q("尾号1234").terms[0].kind,
            TermKind::Identifier { kind: IdKind::Partial, value, .. } if value == "*1234"
        ));
        assert!(matches!(
            &q("138-1234-5678").terms[0].kind,
            TermKind::Identifier { kind: IdKind::Phone, value, .. } if value == "+8613812345678"
        ));
    }

    #[test]
    fn spaced_numbers_are_joined() {
        let query = q("138 1234 5678 金条");
        assert_eq!(query.terms.len(), 2);
        assert_eq!(query.terms[0].digits(), Some("13812345678"));
        let card = q("6222 0212 3456 7890 123");
        assert_eq!(card.terms.len(), 1);
        assert_eq!(card.terms[0].digits(), Some("6222021234567890123"));
        // Two short numbers stay two terms: a year and the last four digits.
        assert_eq!(q("2026 1234").terms.len(), 2);
    }

    #[test]
    fn extension_is_detected() {
        assert!(q("金条 征信").extends(&q("金条 征")));
        assert!(q("金条 征").extends(&q("金条")));
        assert!(q("金条").extends(&q("")));
        assert!(q("12345").extends(&q("1234")));
        assert!(q("13812345678").extends(&q("1381234567")));
        assert!(!q("03706123456").extends(&q("0370612")));
        assert!(!q("金条").extends(&q("金条 征")));
        assert!(!q("白条").extends(&q("金条")));
        assert!(!q("caller:1234").extends(&q("1234")));
        assert!(q("\"金条额度\"").extends(&q("\"金条\"")));
        assert!(!q("金条额度").extends(&q("\"金条\"")));
    }

    #[test]
    fn display_round_trips() {
        let text = r#"caller:1234 "student loan" 金条"#;
        assert_eq!(q(text).to_string(), text);
        assert_eq!(q(&q(text).to_string()), q(text));
    }
}
