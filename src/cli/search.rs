//! `casebench search QUERY`: ranked cases, with `--explain` saying why each matched.
//!
//! A query that does not parse is a usage error: one line on stderr naming the
//! problem and its column, exit code 2, before the database is opened. The core picks
//! the back end (`search::search_once`): identifiers, last digits and report numbers
//! are looked up in SQLite at once; text builds the in-memory index first.

use std::collections::HashMap;
use std::path::Path;

use casebench::export::listings;
use casebench::export::{Cell, TRUNCATION_MARK, display_width};
use casebench::search::{Backend, Hit, HitRow, MatchedField, Query, hit_rows, search_once};

use super::output::{OutputArgs, UnmaskArgs, emit_rows};
use super::{Outcome, open_store};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The query: terms that must all match; `caller:` `account:` `script:` `victim:`
    /// scope a term; "quoted phrases" match as written. Several words may be given
    /// unquoted.
    #[arg(required = true, num_args = 1..)]
    query: Vec<String>,
    /// At most this many results (0: all).
    #[arg(long, default_value_t = 50)]
    limit: usize,
    /// Add a column saying how each term matched.
    #[arg(long)]
    explain: bool,
    /// Let unscoped terms match victims' names and phones too (masked, only `victim:`
    /// does), and show the victim's phone in full in --explain.
    #[command(flatten)]
    unmask: UnmaskArgs,
    #[command(flatten)]
    output: OutputArgs,
}

/// Characters of the script shown in a table: the match and some context.
const SNIPPET_WIDTH: usize = 40;

/// Hits whose rows are read from the database at once.
const ROWS_AT_ONCE: usize = 1024;

pub fn run(db: &Path, args: Args) -> anyhow::Result<Outcome> {
    let text = args.query.join(" ");
    // The database's alias table reads `type:` (a file beside it, not the database).
    let aliases = casebench::scamtype::AliasTable::for_database(db)?;
    let query = match Query::parse_with(&text, &aliases) {
        Ok(q) => Query {
            unmasked: args.unmask.unmask,
            ..q
        },
        Err(e) => {
            eprintln!("casebench: search: {e}");
            std::process::exit(2);
        }
    };
    let store = open_store(db)?;
    // The results own what they show: an index built for them (hundreds of MB at a
    // million cases) is gone before the rows are read and written.
    let (results, backend) = search_once(&store, &query, args.limit)?;
    // A cold answer's page of rows is read through a map as its lookups were (a few
    // hundred pages; the map's pages count in the resident set, so not for every
    // match of `--limit 0`, nor after an index build).
    let page = (1..=ROWS_AT_ONCE).contains(&args.limit);
    let mapped = match backend {
        Backend::Cold if page => Some(store.map_reads()?),
        _ => None,
    };

    let table = args.output.is_table();
    let mut columns: Vec<String> = listings::columns(&listings::SEARCH_COLUMNS);
    if args.explain {
        columns.push("explain".to_string());
    }
    // Rows are read and written a chunk of hits at a time: `--limit 0` lists every
    // match (hundreds of thousands of scripts).
    emit_rows(columns, &args.output, &mut |w| {
        for hits in results.hits.chunks(ROWS_AT_ONCE) {
            let rows = hit_rows(&store, hits)?;
            let by_case: HashMap<i64, &HitRow> = rows.iter().map(|r| (r.case_id, r)).collect();
            for hit in hits {
                // A case deleted since the index was read has no row.
                let Some(row) = by_case.get(&hit.case_id) else {
                    continue;
                };
                // The victim's name and phone inside the narrative are masked like
                // their fields.
                let script = listings::hit_script(row, args.unmask.unmask);
                let script = if table {
                    snippet(&script, script_match(hit))
                } else {
                    script
                };
                let mut cells = listings::search_row(hit, row, script);
                if args.explain {
                    cells.push(Cell::Text(explain(&query, hit, &args.unmask)));
                }
                w.row(&cells)?;
            }
        }
        Ok(())
    })?;
    if let Some(mapped) = mapped {
        mapped.restore(&store)?;
    }
    if !results.exhaustive && table && args.output.output.is_none() {
        eprintln!(
            "showing the best {} of {}+ matches (better matches filled the page)",
            results.hits.len(),
            results.total
        );
    }
    Ok(Outcome::Ok)
}

/// The first script position a term matched, if any.
fn script_match(hit: &Hit) -> Option<usize> {
    hit.matches
        .iter()
        .filter(|m| m.field == MatchedField::Script)
        .filter_map(|m| m.positions.first())
        .min()
        .map(|&p| p as usize)
}

/// The script cut to about [`SNIPPET_WIDTH`] cells around the match, marked where cut
/// with the listing layer's mark (not `…`, which terminals draw one or two cells wide).
fn snippet(script: &str, at: Option<usize>) -> String {
    let chars: Vec<char> = script.chars().filter(|c| !c.is_control()).collect();
    let start = at.map_or(0, |p| p.saturating_sub(8)).min(chars.len());
    let mut out = String::new();
    if start > 0 {
        out.push(TRUNCATION_MARK);
    }
    let mut end = start;
    while end < chars.len() && display_width(&out) < SNIPPET_WIDTH {
        out.push(chars[end]);
        end += 1;
    }
    if end < chars.len() {
        out.push(TRUNCATION_MARK);
    }
    out
}

/// `--explain`: each term, how and where it matched.
fn explain(query: &Query, hit: &Hit, unmask: &UnmaskArgs) -> String {
    hit.matches
        .iter()
        .map(|m| {
            let term = query.terms.get(m.term).map_or("", |t| t.raw.as_str());
            let mut s = format!("{term}: {} in {}", m.kind.name(), m.field.name());
            if let Some(value) = &m.identifier {
                // The victim's phone is personal data: masked here as in every listing.
                if m.field == MatchedField::VictimPhone {
                    s.push_str(&format!(" {}", unmask.phone(value)));
                } else {
                    s.push_str(&format!(" {value}"));
                }
            }
            if m.ignored {
                s.push_str(" (ignored)");
            }
            if !m.field.is_identifier()
                && let Some(p) = m.positions.first()
            {
                s.push_str(&format!(" at {p}"));
            }
            s
        })
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_show_the_match_and_mark_cuts() {
        assert_eq!(snippet("短", None), "短");
        let long: String = "前".repeat(30) + "金条" + &"后".repeat(40);
        let s = snippet(&long, Some(30));
        assert!(s.starts_with(TRUNCATION_MARK) && s.ends_with(TRUNCATION_MARK));
        assert!(s.contains("金条"));
        assert!(display_width(&s) <= SNIPPET_WIDTH + 4);
    }
}
