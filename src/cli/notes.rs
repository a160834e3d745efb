//! `casebench notes [TARGET]`: the casework on a case, a group (what was written on
//! the groups merged into it too) or an identifier — or on everything — oldest first:
//! notes as they read now and every tag set or taken off, with who and when.

use std::path::Path;

use casebench::casework;
use casebench::export::{Cell, Listing};

use super::output::{OutputArgs, emit};
use super::{Outcome, open_store};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A report number, a group id (`G-…`) or an identifier in any format.
    target: Option<String>,
    /// The notes edits replaced too.
    #[arg(long)]
    all: bool,
    #[command(flatten)]
    output: OutputArgs,
}

pub const COLUMNS: [&str; 8] = [
    "at",
    "who",
    "what",
    "note",
    "target_kind",
    "target",
    "written_on",
    "text",
];

pub fn run(db: &Path, args: Args) -> anyhow::Result<Outcome> {
    let store = open_store(db)?;
    let target = match &args.target {
        Some(t) => Some(casework::resolve(store.connection(), t, false)?),
        None => None,
    };
    let mut listing = Listing::new(COLUMNS);
    for e in casework::history(store.connection(), target.as_ref(), args.all)? {
        listing.rows.push(vec![
            Cell::Date(e.at),
            Cell::Text(e.who),
            Cell::Text(e.kind.as_str().to_string()),
            match e.note_id {
                0 => Cell::Text(String::new()),
                id => Cell::Int(id),
            },
            Cell::Text(e.target_kind.as_str().to_string()),
            Cell::Text(e.target),
            Cell::opt_text(e.from_group),
            Cell::Text(e.text),
        ]);
    }
    emit(&listing, &args.output)?;
    Ok(Outcome::Ok)
}
