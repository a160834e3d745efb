//! The fallback search: SQL over the store on its own thread. Each new query
//! interrupts the statement running; identifiers typed in any format are normalised by
//! the import's own code (`normalize::parse_term`) and matched exactly, other digit
//! runs match inside identifiers, words match the text columns with LIKE.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};

use casebench::normalize;
use casebench::store::Store;
use casebench::store::views;
use rusqlite::types::Value;

use super::{CaseSearch, Mark, PAGE, SearchHit, SearchPage};
use crate::tui::event::Msg;
use crate::tui::jobs::BuildExport;

/// A query, the generation it was asked with, and the page: offset and limit.
type Request = (String, u64, usize, usize);

/// SQL over the store on a worker thread.
pub struct LikeSearch {
    requests: Sender<Request>,
    /// For answering in the worker's place when it has stopped.
    replies: Sender<Msg>,
    latest: Arc<AtomicU64>,
    interrupt: rusqlite::InterruptHandle,
}

impl LikeSearch {
    pub fn spawn(db: &Path, replies: Sender<Msg>) -> casebench::Result<LikeSearch> {
        let store = Store::open_existing(db)?;
        let interrupt = store.connection().get_interrupt_handle();
        let latest = Arc::new(AtomicU64::new(0));
        let (requests, inbox) = mpsc::channel();
        let seen = latest.clone();
        let answers = replies.clone();
        std::thread::Builder::new()
            .name("casebench-search".into())
            .spawn(move || serve(store, inbox, replies, seen))
            .map_err(|e| casebench::Error::io(db, e))?;
        Ok(LikeSearch {
            requests,
            replies: answers,
            latest,
            interrupt,
        })
    }
}

impl CaseSearch for LikeSearch {
    fn query(&mut self, query: &str, generation: u64) {
        self.page(query, generation, 0, PAGE);
    }

    fn page(&mut self, query: &str, generation: u64, offset: usize, limit: usize) {
        self.latest.store(generation, Ordering::SeqCst);
        // Stops a running statement only; one started later is not affected.
        self.interrupt.interrupt();
        let sent = self
            .requests
            .send((query.to_string(), generation, offset, limit));
        if sent.is_err() {
            // The box must not wait for an answer that never comes.
            let _ = self.replies.send(Msg::Search {
                generation,
                result: Err("the search worker stopped".into()),
            });
        }
    }

    fn export(&self, query: &str) -> BuildExport {
        let text = query.to_string();
        Box::new(move |store, path, progress| {
            let ids = match select(
                &terms(&text)
                    .iter()
                    .filter_map(|t| clause(t))
                    .collect::<Vec<_>>(),
            ) {
                Some((sql, params)) => {
                    let mut stmt = store.connection().prepare(&sql)?;
                    let mut params = params;
                    params.push(Value::Integer(-1));
                    params.push(Value::Integer(0));
                    stmt.query_map(rusqlite::params_from_iter(params), |r| r.get::<_, i64>(0))?
                        .collect::<rusqlite::Result<Vec<i64>>>()?
                }
                None => Vec::new(),
            };
            let mut hits = ids
                .into_iter()
                .enumerate()
                .map(|(i, case_id)| casebench::search::Hit {
                    rank: i + 1,
                    case_id,
                    score: 0,
                    matches: Vec::new(),
                });
            let mut next = || {
                let chunk: Vec<_> = hits.by_ref().take(super::export::CHUNK).collect();
                Ok((!chunk.is_empty()).then_some(chunk))
            };
            super::export::write_hits(store, path, false, &mut next, progress)
        })
    }

    fn name(&self) -> &'static str {
        "sql"
    }
}

fn serve(store: Store, inbox: Receiver<Request>, replies: Sender<Msg>, latest: Arc<AtomicU64>) {
    while let Ok(first) = inbox.recv() {
        // Only the newest of what piled up is worth running.
        let (query, generation, offset, limit) = inbox.try_iter().last().unwrap_or(first);
        if generation < latest.load(Ordering::SeqCst) {
            continue;
        }
        let result = run(&store, &query, offset, limit);
        if generation < latest.load(Ordering::SeqCst) {
            continue; // stale (possibly interrupted): say nothing
        }
        let result = result.map_err(|e| e.to_string());
        if replies.send(Msg::Search { generation, result }).is_err() {
            break;
        }
    }
}

/// One term of a query as SQL: a condition on `c` and its parameters.
struct Clause {
    sql: String,
    params: Vec<Value>,
    mark: Mark,
}

const IDENTIFIER_CASES: &str = "c.id IN (SELECT ci.case_id FROM identifiers i
     JOIN case_identifiers ci ON ci.identifier_id = i.id WHERE ";

fn like_pattern(text: &str) -> String {
    let mut p = String::with_capacity(text.len() + 2);
    p.push('%');
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

fn clause(term: &str) -> Option<Clause> {
    let (scope, text) = match term.split_once(':') {
        Some((s @ ("caller" | "account" | "script" | "victim"), rest)) if !rest.is_empty() => {
            (Some(s), rest)
        }
        _ => (None, term),
    };
    let roles = match scope {
        Some("caller") => " AND ci.role IN ('caller', 'partial')",
        Some("account") => " AND ci.role IN ('account', 'partial')",
        Some("victim") => " AND ci.role = 'victim_phone'",
        _ => " AND ci.role <> 'victim_phone'",
    };
    if scope != Some("script")
        && let Some(id) = normalize::parse_term(text)
    {
        return Some(Clause {
            sql: format!("{IDENTIFIER_CASES}i.kind = ? AND i.value = ?{roles})"),
            params: vec![
                Value::Text(id.kind.as_str().to_string()),
                Value::Text(id.value.clone()),
            ],
            mark: Mark::Text(id.value),
        });
    }
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let numberish = text
        .chars()
        .all(|c| c.is_ascii_digit() || " -+()*".contains(c));
    if scope != Some("script") && numberish && digits.len() >= 4 {
        return Some(Clause {
            sql: format!(
                "({IDENTIFIER_CASES}i.value LIKE ? ESCAPE '\\'{roles}) OR c.report_no LIKE ? ESCAPE '\\')"
            ),
            params: vec![
                Value::Text(like_pattern(&digits)),
                Value::Text(like_pattern(&digits)),
            ],
            mark: Mark::Text(digits),
        });
    }
    if text.is_empty() {
        return None;
    }
    let columns: &[&str] = match scope {
        Some("caller") => &["c.caller_raw"],
        Some("account") => &["c.account_raw"],
        Some("script") => &["c.script"],
        Some("victim") => &["c.victim_name", "c.victim_phone"],
        _ => &[
            "c.report_no",
            "c.script",
            "c.scam_type",
            "c.caller_raw",
            "c.account_raw",
            "c.contact_raw",
        ],
    };
    let pattern = like_pattern(text);
    Some(Clause {
        sql: format!(
            "({})",
            columns
                .iter()
                .map(|c| format!("{c} LIKE ? ESCAPE '\\'"))
                .collect::<Vec<_>>()
                .join(" OR ")
        ),
        params: columns
            .iter()
            .map(|_| Value::Text(pattern.clone()))
            .collect(),
        mark: Mark::Text(text.to_string()),
    })
}

/// The query's terms: space-separated, except that a number written in groups
/// (`+86 138 1234 5678`) is one term when the groups together read as one identifier.
fn terms(query: &str) -> Vec<String> {
    let words: Vec<&str> = query.split_whitespace().collect();
    let numberish = |w: &str| {
        w.chars()
            .all(|c| c.is_ascii_digit() || "+-()（）".contains(c))
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let mut end = i + 1;
        if numberish(words[i]) {
            let mut run = i + 1;
            while run < words.len() && numberish(words[run]) {
                run += 1;
            }
            // The longest run of groups that is one identifier.
            end = (i + 2..=run)
                .rev()
                .find(|&j| normalize::parse_term(&words[i..j].join(" ")).is_some())
                .unwrap_or(i + 1);
        }
        out.push(words[i..end].join(" "));
        i = end;
    }
    out
}

/// The statement selecting the matching case ids in list order (newest first), with
/// its parameters; LIMIT and OFFSET are left for the caller to add. None: no clause.
fn select(clauses: &[Clause]) -> Option<(String, Vec<Value>)> {
    if clauses.is_empty() {
        return None;
    }
    let sql = format!(
        "SELECT c.id FROM cases c WHERE {} ORDER BY c.reported_at DESC, c.id DESC LIMIT ? OFFSET ?",
        clauses
            .iter()
            .map(|c| c.sql.as_str())
            .collect::<Vec<_>>()
            .join(" AND ")
    );
    Some((sql, clauses.iter().flat_map(|c| c.params.clone()).collect()))
}

/// `limit` results from `offset` (`usize::MAX`: the last `limit`, counted first).
fn run(store: &Store, query: &str, offset: usize, limit: usize) -> casebench::Result<SearchPage> {
    let clauses: Vec<Clause> = terms(query).iter().filter_map(|t| clause(t)).collect();
    let mut page = SearchPage {
        query: query.to_string(),
        ..SearchPage::default()
    };
    let Some((sql, params)) = select(&clauses) else {
        return Ok(page);
    };
    let conn = store.connection();
    let mut offset = offset;
    let mut counted = None;
    if offset == usize::MAX {
        let count_sql = format!("SELECT COUNT(*) FROM ({sql})");
        let mut p = params.clone();
        p.extend([Value::Integer(-1), Value::Integer(0)]);
        let n: i64 = conn.query_row(&count_sql, rusqlite::params_from_iter(p), |r| r.get(0))?;
        let n = n.max(0) as usize;
        offset = n.saturating_sub(limit);
        counted = Some(n);
    }
    let mut params = params;
    // One more than asked: whether more match past the page.
    params.push(Value::Integer(limit as i64 + 1));
    params.push(Value::Integer(offset as i64));
    let mut stmt = conn.prepare(&sql)?;
    let mut ids: Vec<i64> = stmt
        .query_map(rusqlite::params_from_iter(params), |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let more = ids.len() > limit;
    ids.truncate(limit);
    page.offset = offset;
    // The count stops past the page: more may match, counted when the end is asked for.
    page.at_least = counted.is_none() && more;
    page.total = counted.unwrap_or(offset + ids.len());
    let marks: Vec<Mark> = clauses.into_iter().map(|c| c.mark).collect();
    page.hits = views::case_lines(conn, &ids)?
        .into_iter()
        .map(|line| SearchHit {
            line,
            marks: marks.clone(),
        })
        .collect();
    Ok(page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(like_pattern("50%_off"), "%50\\%\\_off%");
    }

    #[test]
    fn a_phone_in_any_format_is_one_exact_identifier() {
        let c = clause("138-1234-5678").expect("clause");
        assert_eq!(c.mark, Mark::Text("+8613812345678".into()));
        assert!(c.sql.contains("i.value = ?"));
    }

    #[test]
    fn a_number_in_groups_is_one_term() {
        assert_eq!(terms("+86 138 1234 5678"), ["+86 138 1234 5678"]);
        assert_eq!(terms("138 1234 5678 金条"), ["138 1234 5678", "金条"]);
        assert_eq!(terms("5678 金条"), ["5678", "金条"]);
        assert_eq!(terms("  白条   网贷 "), ["白条", "网贷"]);
    }

    #[test]
    fn last_digits_match_as_substring_and_words_as_text() {
        let c = clause("5678").expect("clause");
        assert!(c.sql.contains("LIKE"), "{}", c.sql);
        let c = clause("金条").expect("clause");
        assert!(c.sql.contains("c.script LIKE"), "{}", c.sql);
        let c = clause("script:金条").expect("clause");
        assert_eq!(c.params.len(), 1);
    }
}
