//! `casebench ignore IDENTIFIER --reason TEXT [--undo]`: an identifier that should not
//! link cases (a shared test line, a number every gang spoofs).

use std::path::Path;

use casebench::export::sanitize;
use casebench::link::ignore;

use super::{Outcome, open_store};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The number or account, in any written form.
    identifier: String,
    /// Why it is ignored (kept with who and when).
    #[arg(long, required_unless_present = "undo")]
    reason: Option<String>,
    /// Let it link again.
    #[arg(long)]
    undo: bool,
}

pub fn run(db: &Path, args: Args) -> anyhow::Result<Outcome> {
    let mut store = open_store(db)?;
    let who = std::env::var("USER").unwrap_or_else(|_| "unknown".to_string());
    let reason = args.reason.unwrap_or_default();
    let outcome = ignore::set_ignored(&mut store, &args.identifier, &reason, &who, args.undo)?;
    say!(
        "{} {} {} (held by {} cases); groups recomputed, {} cases moved",
        if args.undo {
            "no longer ignoring"
        } else {
            "ignoring"
        },
        outcome.kind,
        sanitize(&outcome.value),
        outcome.cases,
        outcome.cases_moved
    )?;
    Ok(Outcome::Ok)
}
