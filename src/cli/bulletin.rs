//! `casebench bulletin`: the week's bulletin (警情通报) — figures against the weeks
//! before, largest losses, groups, accounts and numbers to freeze or block, scripts
//! — as Markdown on stdout or a `.md`, `.html` or `.xlsx` file.

use std::path::{Path, PathBuf};

use casebench::bulletin::{self, Which};

use super::{Outcome, open_store};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The ISO week, e.g. 2026-W48 (default: the latest complete week in the data).
    #[arg(long, conflicts_with_all = ["since", "until"])]
    week: Option<String>,
    /// First day of the period (YYYY-MM-DD), with --until.
    #[arg(long, requires = "until")]
    since: Option<String>,
    /// Last day of the period (YYYY-MM-DD, included), with --since.
    #[arg(long, requires = "since")]
    until: Option<String>,
    /// Write to this file: .md, .html (one printable file) or .xlsx (a sheet per
    /// section). Default: Markdown on stdout.
    #[arg(short = 'o', long = "output")]
    output: Option<PathBuf>,
}

pub fn run(db: &Path, args: Args) -> anyhow::Result<Outcome> {
    let store = open_store(db)?;
    let today = chrono::Local::now().date_naive();
    let which = Which::from_args(
        args.week.as_deref(),
        args.since.as_deref(),
        args.until.as_deref(),
        today,
    )?;
    let b = bulletin::build(store.connection(), which)?;
    match &args.output {
        Some(path) => {
            bulletin::write(&b, path)?;
            eprintln!(
                "wrote the bulletin of {} ({}) to {}",
                b.period.describe(),
                b.chosen,
                path.display()
            );
        }
        None => {
            // Markdown on a terminal: the data in it made safe for the terminal, a
            // line at a time (sanitize makes a line break a space).
            for line in bulletin::markdown::render(&b).lines() {
                say!("{}", casebench::text::sanitize(line))?;
            }
        }
    }
    Ok(Outcome::Ok)
}
