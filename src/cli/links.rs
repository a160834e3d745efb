//! `casebench links`: linked-case groups (all, one case's with its evidence and
//! possible links, or what a batch changed).

use std::path::Path;

use anyhow::bail;
use casebench::export::graphml::GraphmlWriter;
use casebench::export::listings;
use casebench::export::{self, Cell, Listing, sanitize};
use casebench::link::{self, report};

use super::output::{OutputArgs, emit, emit_rows};
use super::{Outcome, open_store};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Show this case's group with the evidence, and its possible links.
    report_no: Option<String>,
    /// Only groups with at least this many cases.
    #[arg(long, default_value_t = 2)]
    min_size: i64,
    /// Only groups with a case reported on or after this date.
    #[arg(long)]
    since: Option<String>,
    /// What this batch changed: the groups that are new, grew, merged, split or
    /// shrank, the cases it updated (corrected reports), and its cases that hit known
    /// identifiers.
    #[arg(long, conflicts_with = "report_no")]
    batch: Option<i64>,
    /// One row per case and shared identifier (group_id, report_no, kind, identifier,
    /// role, origin, cases): the pairs, for investigators' own tools.
    #[arg(long, conflicts_with = "batch")]
    edges: bool,
    /// With REPORT_NO: every case holding each of its identifiers, not the first
    /// HOLDERS_SHOWN.
    #[arg(long, requires = "report_no")]
    all: bool,
    #[command(flatten)]
    output: OutputArgs,
}

/// Cases listed per shared identifier under `links REPORT_NO` (the rest counted).
const HOLDERS_SHOWN: usize = 10;

pub fn run(db: &Path, args: Args) -> anyhow::Result<Outcome> {
    let store = open_store(db)?;
    let conn = store.connection();
    if let Some(batch) = args.batch {
        return batch_changes(conn, batch, &args.output);
    }
    let since = match &args.since {
        Some(text) => Some(super::cases::day(text, "--since")?),
        None => None,
    };
    let mut filter = report::GroupFilter {
        min_size: args.min_size,
        since,
        group_id: None,
    };
    let mut case = None;
    if let Some(report_no) = &args.report_no {
        let Some((case_id, group)) = report::find_case(conn, report_no)? else {
            bail!("no case {report_no}");
        };
        case = Some(case_id);
        match group {
            Some(g) => filter.group_id = Some(g),
            None => eprintln!("{report_no} is in no group: it shares no linking identifier"),
        }
    }
    let no_group = args.report_no.is_some() && filter.group_id.is_none();
    if let Some(path) = args.output.output.as_ref().filter(|p| {
        p.extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("graphml"))
    }) {
        let io = |e| casebench::Error::io(path, e);
        let (cases, edges) = export::write_private_with(path, |out| {
            let mut graph = GraphmlWriter::start(out).map_err(io)?;
            if !no_group {
                report::members_each(conn, &filter, &mut |group| {
                    let edges = report::edges(conn, &group)?;
                    graph.group(&group, &edges).map_err(io)
                })?;
            }
            graph.finish().map_err(io)
        })?;
        eprintln!(
            "wrote {cases} cases and {edges} edges to {}",
            path.display()
        );
        return Ok(Outcome::Ok);
    }
    if args.edges {
        emit_rows(
            listings::columns(&listings::EDGE_COLUMNS),
            &args.output,
            &mut |w| {
                if no_group {
                    return Ok(());
                }
                listings::write_link_edges(conn, &filter, w)
            },
        )?;
        return Ok(Outcome::Ok);
    }
    let columns = listings::columns(&listings::LINK_COLUMNS);
    emit_rows(columns, &args.output, &mut |w| {
        if no_group {
            return Ok(());
        }
        listings::write_links(conn, &filter, w)
    })?;
    // Words for a person after the table; never inside CSV or JSON on stdout.
    let for_a_person = args.output.is_table() && args.output.output.is_none();
    if let (Some(case_id), Some(group), true) = (case, &filter.group_id, for_a_person) {
        evidence(conn, case_id, group, args.all)?;
    }
    if let Some(case_id) = case {
        let possible = report::possible_links(conn, case_id)?;
        if !possible.is_empty() && for_a_person {
            say!(
                "\npossible links (partial numbers and identifiers only mentioned in a narrative; never merged into the group):"
            )?;
            for p in possible {
                if p.mentioned {
                    say!(
                        "  {} {} mentioned here or there, also in {}",
                        p.kind,
                        sanitize(&p.value),
                        sanitize(&p.report_nos.join(", "))
                    )?;
                } else {
                    say!(
                        "  {} could be {} {} (in {})",
                        sanitize(&p.partial),
                        p.kind,
                        sanitize(&p.value),
                        sanitize(&p.report_nos.join(", "))
                    )?;
                }
            }
        }
    }
    Ok(Outcome::Ok)
}

/// Which cases hold each identifier the case shares: the first [`HOLDERS_SHOWN`] per
/// identifier and a count of the rest, or all of them with `--all`.
fn evidence(
    conn: &rusqlite::Connection,
    case_id: i64,
    group: &str,
    all: bool,
) -> anyhow::Result<()> {
    let filter = report::GroupFilter {
        group_id: Some(group.to_string()),
        ..Default::default()
    };
    let mut shared = Vec::new();
    let mut report_no = String::new();
    report::members_each(conn, &filter, &mut |members| {
        if let Some(m) = members.into_iter().find(|m| m.case_id == case_id) {
            report_no = m.report_no;
            shared = m.shared;
        }
        Ok(())
    })?;
    if shared.is_empty() {
        return Ok(());
    }
    let limit = if all { 0 } else { HOLDERS_SHOWN };
    let holders = report::holders(conn, group, case_id, &shared, limit)?;
    say!("\nwhat ties {} in:", sanitize(&report_no))?;
    let mut cut = false;
    for (s, h) in shared.iter().zip(holders) {
        let rest = h.total - h.report_nos.len() as i64;
        let more = if rest > 0 {
            cut = true;
            let noun = if rest == 1 { "case" } else { "cases" };
            format!(" and {} more {noun}", casebench::text::count(rest))
        } else {
            String::new()
        };
        say!(
            "  {} {}: also in {}{more}",
            s.kind,
            sanitize(&s.describe()),
            sanitize(&h.report_nos.join(", "))
        )?;
    }
    if cut {
        say!("  (--all lists every case; --edges -o FILE writes every pair)")?;
    }
    Ok(())
}

fn batch_changes(
    conn: &rusqlite::Connection,
    batch: i64,
    output: &OutputArgs,
) -> anyhow::Result<Outcome> {
    if !casebench::store::queries::batch_exists(conn, batch)? {
        bail!("no batch {batch} (casebench batches lists them)");
    }
    let mut listing = Listing::new(["change", "group_id", "report_no", "detail"]);
    // The groups first (what analysts act on), then every hit behind them.
    for c in link::batch_changes(conn, batch)? {
        let detail = match c.kind {
            link::ChangeKind::New => format!("{} cases", c.size_after),
            link::ChangeKind::Grew if c.old_ids.is_empty() => {
                format!("{} → {} cases", c.size_before, c.size_after)
            }
            link::ChangeKind::Grew => format!(
                "{} → {} cases; was {} (an earlier case joined)",
                c.size_before,
                c.size_after,
                c.old_ids.join(" + ")
            ),
            link::ChangeKind::Merged => format!(
                "{} → {} ({} → {} cases)",
                c.old_ids.join(" + "),
                c.group_id,
                c.size_before,
                c.size_after
            ),
            link::ChangeKind::Split => format!(
                "{} cases → {} ({} cases in them; a corrected report took a link away)",
                c.size_before,
                c.new_ids.join(" + "),
                c.size_after
            ),
            link::ChangeKind::Shrank if c.new_ids.is_empty() => format!(
                "{} cases → no group left (its cases are alone or in other groups)",
                c.size_before
            ),
            link::ChangeKind::Shrank => format!(
                "{} → {} cases ({} left it), now {}",
                c.size_before,
                c.size_after,
                c.size_before.saturating_sub(c.size_after),
                c.new_ids.join(" + ")
            ),
            link::ChangeKind::Renamed => format!(
                "was {} ({} cases; its earliest case changed)",
                c.old_ids.join(" + "),
                c.size_after
            ),
        };
        listing.rows.push(vec![
            Cell::from(c.kind.as_str()),
            Cell::Text(c.group_id),
            Cell::Empty,
            Cell::Text(detail),
        ]);
    }
    // Corrected reports: what each changed and where it moved.
    for u in casebench::store::history::batch_updates(conn, batch)? {
        let fields: Vec<&str> = u.changes.iter().map(|c| c.field.as_str()).collect();
        let group = match (&u.group_before, &u.group_now) {
            (before, now) if before == now => match now {
                Some(g) => format!("still in {g}"),
                None => "in no group".to_string(),
            },
            (Some(b), Some(n)) => format!("group {b} → {n}"),
            (Some(b), None) => format!("left {b}: in no group now"),
            (None, Some(n)) => format!("joined {n}"),
            (None, None) => "in no group".to_string(),
        };
        listing.rows.push(vec![
            Cell::from("updated"),
            Cell::Text(u.group_now.unwrap_or_default()),
            Cell::Text(u.report_no.clone()),
            Cell::Text(format!(
                "changed {}; {group} (casebench history {})",
                fields.join(", "),
                u.report_no
            )),
        ]);
    }
    for hit in report::batch_hits(conn, batch)? {
        listing.rows.push(vec![
            Cell::from("hit"),
            Cell::Text(hit.group_id.unwrap_or_default()),
            Cell::Text(hit.report_no),
            Cell::Text(format!(
                "{} known from {}",
                hit.identifier,
                hit.known_from.join(", ")
            )),
        ]);
    }
    emit(&listing, output)?;
    Ok(Outcome::Ok)
}
