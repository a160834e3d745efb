//! `casebench backup FILE`: a consistent copy of the database, safe while the
//! workbench or an import is using it (SQLite's online backup), readable by its owner
//! only.

use std::path::{Path, PathBuf};

use casebench::export::sanitize;
use casebench::store::backup;

use super::{Outcome, open_store};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The copy to write (refused if it exists, unless --force).
    file: PathBuf,
    /// Replace FILE if it exists.
    #[arg(long)]
    force: bool,
}

pub fn run(db: &Path, args: Args) -> anyhow::Result<Outcome> {
    let store = open_store(db)?;
    let report = backup::backup(&store, &args.file, args.force)?;
    say!(
        "backed up {} to {}: {} cases, {} batches, {} KiB (integrity ok)",
        sanitize(&db.display().to_string()),
        sanitize(&report.path.display().to_string()),
        report.cases,
        report.batches,
        report.bytes.div_ceil(1024)
    )?;
    Ok(Outcome::Ok)
}
