//! `casebench batches [--rejected [ID]]`: import history, or the rejected rows.

use std::path::Path;

use casebench::export::{Cell, Listing};
use casebench::store::queries;

use super::output::{OutputArgs, emit};
use super::{Outcome, open_store};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// List rejected rows (of one batch when an ID is given) instead of batches.
    #[arg(long, num_args = 0..=1, value_name = "ID")]
    rejected: Option<Option<i64>>,
    #[command(flatten)]
    output: OutputArgs,
}

pub fn run(db: &Path, args: Args) -> anyhow::Result<Outcome> {
    let store = open_store(db)?;
    let listing = match args.rejected {
        Some(batch) => {
            let mut listing = Listing::new(
                ["batch_id", "file", "line", "raw", "reason"]
                    .map(String::from)
                    .to_vec(),
            );
            for r in queries::rejected(&store, batch)? {
                listing.rows.push(vec![
                    Cell::Int(r.batch_id),
                    Cell::Text(r.file),
                    Cell::Int(r.line),
                    Cell::Text(r.raw),
                    Cell::Text(r.reason),
                ]);
            }
            listing
        }
        None => {
            let mut listing = Listing::new(
                [
                    "batch_id",
                    "file",
                    "sha256",
                    "encoding",
                    "imported_at",
                    "read",
                    "imported",
                    "duplicate",
                    "rejected",
                    "warnings",
                ]
                .map(String::from)
                .to_vec(),
            );
            for b in queries::batches(&store)? {
                listing.rows.push(vec![
                    Cell::Int(b.batch_id),
                    Cell::Text(b.file),
                    Cell::Text(b.sha256),
                    Cell::Text(b.encoding),
                    Cell::Text(b.imported_at),
                    Cell::Int(b.read),
                    Cell::Int(b.imported),
                    Cell::Int(b.duplicate),
                    Cell::Int(b.rejected),
                    Cell::Int(b.warnings),
                ]);
            }
            listing
        }
    };
    emit(&listing, &args.output)?;
    Ok(Outcome::Ok)
}
