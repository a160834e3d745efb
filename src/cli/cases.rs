//! `casebench cases`: the cases, newest first.

use std::path::Path;

use casebench::export::listings;
use casebench::export::{Cell, Listing};
use casebench::store::queries::{self, CaseFilter};
use casebench::store::rows;

use super::output::{OutputArgs, UnmaskArgs, emit, emit_rows};
use super::{Outcome, open_store};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Show this case's identifiers: whose each is (side), where it was read (origin)
    /// and, for the narrative, the words around it.
    #[arg(conflicts_with_all = ["batch", "since", "until", "min_amount", "max_amount", "scam_type", "tag"])]
    report_no: Option<String>,
    /// Only the cases of this batch.
    #[arg(long)]
    batch: Option<i64>,
    /// Only cases reported on or after this date (any date form the import reads).
    #[arg(long)]
    since: Option<String>,
    /// Only cases reported on or before this date.
    #[arg(long)]
    until: Option<String>,
    /// Only cases with a loss of at least this much (yuan: `5000`, `1.2万`).
    #[arg(long, value_name = "YUAN")]
    min_amount: Option<String>,
    /// Only cases with a loss of at most this much.
    #[arg(long, value_name = "YUAN")]
    max_amount: Option<String>,
    /// Only cases of this scam type: a code (`loan`), an official name or an alias
    /// (`贷款`, `冒充客服`); `casebench scam-types` lists them.
    #[arg(long = "type", value_name = "TYPE")]
    scam_type: Option<String>,
    /// Only cases that carry this tag (`已冻结`), set on the case or on its group.
    #[arg(long)]
    tag: Option<String>,
    /// Each case's row as it stood in its file: one line per cell (column number,
    /// header as written, cell), in the file's order of columns.
    #[arg(long)]
    raw: bool,
    #[command(flatten)]
    unmask: UnmaskArgs,
    #[command(flatten)]
    output: OutputArgs,
}

/// Columns of the case detail (`cases REPORT_NO`).
pub const DETAIL_COLUMNS: [&str; 8] = [
    "report_no",
    "side",
    "role",
    "kind",
    "identifier",
    "origin",
    "as_written",
    "excerpt",
];

/// Columns of `cases --raw`.
pub const RAW_COLUMNS: [&str; 7] = [
    "report_no",
    "batch_id",
    "sheet",
    "line",
    "column",
    "header",
    "cell",
];

pub fn run(db: &Path, args: Args) -> anyhow::Result<Outcome> {
    if let (Some(report_no), false) = (&args.report_no, args.raw) {
        return detail(db, report_no, &args);
    }
    let since = args
        .since
        .as_deref()
        .map(|t| day(t, "--since"))
        .transpose()?;
    let until = args
        .until
        .as_deref()
        .map(|t| day(t, "--until"))
        .transpose()?;
    let min_amount_fen = args
        .min_amount
        .as_deref()
        .map(|t| yuan(t, "--min-amount"))
        .transpose()?;
    let max_amount_fen = args
        .max_amount
        .as_deref()
        .map(|t| yuan(t, "--max-amount"))
        .transpose()?;
    let store = open_store(db)?;
    let scam_type = match &args.scam_type {
        Some(text) => Some(one_type(store.scam_types(), text)?),
        None => None,
    };
    let filter = CaseFilter {
        batch: args.batch,
        since,
        until,
        min_amount_fen,
        max_amount_fen,
        scam_type,
        tag: args.tag.clone(),
    };
    let unmask = args.unmask.unmask;
    if args.raw {
        let mut listing = Listing::new(RAW_COLUMNS);
        let mut add = |case: rows::CaseRaw| -> casebench::Result<()> {
            raw_lines(&mut listing, case, unmask);
            Ok(())
        };
        match &args.report_no {
            Some(no) => match rows::by_report_no(&store, no)? {
                Some(case) => add(case)?,
                None => anyhow::bail!("no case {}", no.trim()),
            },
            None => rows::filtered(&store, &filter, &mut add)?,
        }
        emit(&listing, &args.output)?;
        return Ok(Outcome::Ok);
    }
    let table = args.output.is_table();
    emit_rows(listings::case_columns(table), &args.output, &mut |w| {
        listings::write_cases(&store, &filter, unmask, table, w)
    })?;
    Ok(Outcome::Ok)
}

/// A case's row, one line per cell; the victim's name and phone masked (in their
/// cells and wherever they stand in another) unless `unmask`.
fn raw_lines(listing: &mut Listing, case: rows::CaseRaw, unmask: bool) {
    let rows::CaseRaw {
        report_no,
        victim_name,
        victim_phone,
        row,
    } = case;
    for (i, ((header, cell), field)) in row.cells.into_iter().zip(row.fields).enumerate() {
        let shown = match (unmask, field.as_deref()) {
            (true, _) => cell,
            (false, Some("victim_name")) => casebench::text::mask_name(&cell),
            (false, Some("victim_phone")) => casebench::text::mask_phone(&cell),
            (false, _) => casebench::text::mask_in_text(&cell, &victim_name, &victim_phone),
        };
        listing.rows.push(vec![
            Cell::Text(report_no.clone()),
            Cell::Int(row.batch_id),
            row.sheet.map_or(Cell::Empty, Cell::Int),
            Cell::Int(row.line),
            Cell::Int(i as i64 + 1),
            Cell::Text(header),
            Cell::Text(shown),
        ]);
    }
}

/// One case's identifiers with side, role and origin. The victim's own identifiers
/// and name are masked unless `--unmask`.
fn detail(db: &Path, report_no: &str, args: &Args) -> anyhow::Result<Outcome> {
    let store = open_store(db)?;
    let Some(case) = queries::case_identifiers(&store, report_no)? else {
        anyhow::bail!("no case {report_no}");
    };
    let name = case.victim_name.trim();
    let mut listing = Listing::new(DETAIL_COLUMNS);
    for row in case.rows {
        let victim = row.side == "victim";
        let private = |s: &str| {
            if victim {
                args.unmask.phone(s)
            } else {
                s.to_string()
            }
        };
        let mut excerpt = private(&row.excerpt);
        if !name.is_empty() && !args.unmask.unmask {
            excerpt = excerpt.replace(name, &args.unmask.name(name));
        }
        let mut role = row.role.clone();
        if row.official {
            role.push_str(" (official)");
        }
        if row.ignored {
            role.push_str(" (ignored)");
        }
        listing.rows.push(vec![
            Cell::Text(case.report_no.clone()),
            Cell::Text(row.side),
            Cell::Text(role),
            Cell::Text(row.kind),
            Cell::Text(private(&row.value)),
            Cell::Text(row.origin),
            Cell::Text(private(&row.display)),
            Cell::Text(excerpt),
        ]);
    }
    emit(&listing, &args.output)?;
    Ok(Outcome::Ok)
}

/// The one scam type `text` names (a code, an official name or an alias).
fn one_type(
    table: &casebench::scamtype::AliasTable,
    text: &str,
) -> anyhow::Result<casebench::scamtype::Code> {
    match table.resolve(text).as_slice() {
        [code] => Ok(*code),
        [] => anyhow::bail!(
            "--type: no scam type {text:?} (a code, an official name or an alias: see casebench scam-types)"
        ),
        codes => anyhow::bail!(
            "--type: {text:?} names several scam types ({}): give one",
            codes
                .iter()
                .map(|c| c.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// An amount argument in any form the import reads, in fen.
fn yuan(text: &str, flag: &str) -> anyhow::Result<i64> {
    casebench::normalize::amount_fen(text)
        .ok_or_else(|| anyhow::anyhow!("{flag}: not an amount: {text:?}"))
}

/// A date argument in any form the import reads, as `YYYY-MM-DD`.
pub fn day(text: &str, flag: &str) -> anyhow::Result<String> {
    casebench::normalize::date(text)
        .and_then(|d| d.get(..10).map(str::to_string))
        .ok_or_else(|| anyhow::anyhow!("{flag}: not a date: {text:?}"))
}
