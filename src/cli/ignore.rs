//! `casebench ignore IDENTIFIER --reason TEXT [--undo]`: an identifier that should not
//! link cases (a shared test line, a number every gang spoofs); `--list` shows the
//! log of every ignore and undo with who, when and why.

use std::path::Path;

use casebench::export::{Cell, Listing, sanitize};
use casebench::link::ignore;

use super::output::{OutputArgs, emit};
use super::{Outcome, open_store};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The number or account, in any written form.
    #[arg(required_unless_present = "list")]
    identifier: Option<String>,
    /// Why it is ignored, or why the ignore is undone (kept with who and when).
    #[arg(long, required_unless_present_any = ["undo", "list"])]
    reason: Option<String>,
    /// Let it link again.
    #[arg(long, conflicts_with = "list")]
    undo: bool,
    /// The log of every ignore and undo (of IDENTIFIER when given), oldest first.
    #[arg(long)]
    list: bool,
    #[command(flatten)]
    output: OutputArgs,
}

pub fn run(db: &Path, args: Args) -> anyhow::Result<Outcome> {
    let mut store = open_store(db)?;
    if args.list {
        let mut listing = Listing::new(["at", "action", "kind", "identifier", "reason", "who"]);
        for e in ignore::log(&store, args.identifier.as_deref())? {
            listing.rows.push(vec![
                Cell::Date(e.at),
                Cell::Text(e.action),
                Cell::Text(e.kind),
                Cell::Text(e.value),
                Cell::Text(e.reason),
                Cell::Text(e.who),
            ]);
        }
        emit(&listing, &args.output)?;
        return Ok(Outcome::Ok);
    }
    let identifier = args.identifier.unwrap_or_default();
    let who = ignore::current_user();
    let reason = args.reason.unwrap_or_default();
    let outcome = ignore::set_ignored(&mut store, &identifier, &reason, &who, args.undo)?;
    say!(
        "{} {} {} (held by {}); groups recomputed, {} moved",
        if args.undo {
            "no longer ignoring"
        } else {
            "ignoring"
        },
        outcome.kind,
        sanitize(&outcome.value),
        casebench::text::plural(outcome.cases, "case", "cases"),
        casebench::text::plural(outcome.cases_moved as i128, "case", "cases")
    )?;
    Ok(Outcome::Ok)
}
