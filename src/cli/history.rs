//! `casebench history REPORT_NO`: a case's versions — each with its batch, file,
//! line and import time — and the fields each corrected report changed, old → new.
//! Victims' names and phones are masked unless `--unmask`, in the script too.

use std::path::Path;

use anyhow::bail;
use casebench::export::{Cell, Listing};
use casebench::store::history;

use super::output::{OutputArgs, UnmaskArgs, emit};
use super::{Outcome, open_store};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The case's report number.
    report_no: String,
    /// Each version's row as it stood in its file instead: one line per cell
    /// (column number, header as written, cell), in the file's order of columns.
    #[arg(long)]
    rows: bool,
    #[command(flatten)]
    unmask: UnmaskArgs,
    #[command(flatten)]
    output: OutputArgs,
}

/// The listing's columns: one row per field a version changed (one row for the
/// first version, which changed nothing).
pub const COLUMNS: [&str; 9] = [
    "version",
    "status",
    "batch_id",
    "file",
    "line",
    "imported_at",
    "field",
    "old",
    "new",
];

pub fn run(db: &Path, args: Args) -> anyhow::Result<Outcome> {
    let store = open_store(db)?;
    let Some(found) = history::case_history(store.connection(), &args.report_no)? else {
        bail!("no case {}", args.report_no.trim());
    };
    let shown = found.shown(args.unmask.unmask);
    match args.rows {
        true => emit(&rows_listing(&shown), &args.output)?,
        false => emit(&listing(&shown), &args.output)?,
    }
    Ok(Outcome::Ok)
}

/// The columns of `history --rows`: one row per cell of each version's row.
pub const ROW_COLUMNS: [&str; 8] = [
    "version", "status", "batch_id", "file", "line", "column", "header", "cell",
];

fn rows_listing(h: &history::CaseHistory) -> Listing {
    let mut listing = Listing::new(ROW_COLUMNS);
    let last = h.versions.len().saturating_sub(1);
    for (i, v) in h.versions.iter().enumerate() {
        let status = if i == last { "current" } else { "replaced" };
        for (j, c) in v.row.iter().enumerate() {
            listing.rows.push(vec![
                Cell::Int(i as i64 + 1),
                Cell::from(status),
                Cell::Int(v.batch_id),
                Cell::Text(v.file_name.clone()),
                Cell::Int(v.line),
                Cell::Int(j as i64 + 1),
                Cell::Text(c.header.clone()),
                Cell::Text(c.cell.clone()),
            ]);
        }
    }
    listing
}

fn listing(h: &history::CaseHistory) -> Listing {
    let mut listing = Listing::new(COLUMNS);
    let last = h.versions.len().saturating_sub(1);
    for (i, v) in h.versions.iter().enumerate() {
        let status = if i == last { "current" } else { "replaced" };
        let head = || {
            vec![
                Cell::Int(i as i64 + 1),
                Cell::from(status),
                Cell::Int(v.batch_id),
                Cell::Text(v.file_name.clone()),
                Cell::Int(v.line),
                Cell::Text(v.imported_at.clone()),
            ]
        };
        let changes = h.changes(i);
        if changes.is_empty() {
            let mut row = head();
            row.extend([
                Cell::from(if i == 0 { "(first version)" } else { "" }),
                Cell::Empty,
                Cell::Empty,
            ]);
            listing.rows.push(row);
        }
        for c in changes {
            let mut row = head();
            row.extend([Cell::Text(c.field), Cell::Text(c.old), Cell::Text(c.new)]);
            listing.rows.push(row);
        }
    }
    listing
}
