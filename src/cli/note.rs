//! `casebench note TARGET "text"`: a note on a case (report number), a group (its id)
//! or an identifier (any written form), kept with who and when; `--edit N` writes a
//! new version of note N (the old one is kept).

use std::path::Path;

use casebench::casework::{self, Named};
use casebench::export::sanitize;

use super::{Outcome, open_store};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A report number, a group id (`G-…`) or an identifier in any format; with
    /// --edit, the note's text.
    #[arg(required = true, num_args = 1..=2, value_names = ["TARGET", "TEXT"])]
    words: Vec<String>,
    /// Replace note N (its number from `casebench notes`) with TEXT.
    #[arg(long, value_name = "N")]
    edit: Option<i64>,
}

pub fn run(db: &Path, args: Args) -> anyhow::Result<Outcome> {
    let mut store = open_store(db)?;
    let who = casework::who();
    let note = match (args.edit, args.words.as_slice()) {
        (Some(id), [text]) => casework::edit_note(&mut store, id, text, &who)?,
        (None, [target, text]) => {
            casework::add_note(&mut store, &Named::Text(target.clone()), text, &who)?
        }
        (Some(_), _) => anyhow::bail!("with --edit N, give only the note's new text"),
        (None, _) => anyhow::bail!("give the TARGET and the note's TEXT"),
    };
    let edit = note
        .replaces
        .map(|old| format!(", replacing #{old}"))
        .unwrap_or_default();
    let named = note
        .target
        .named
        .as_deref()
        .map(|n| format!(" (which {n} is part of now)"))
        .unwrap_or_default();
    say!(
        "note #{} on {} {}{}{} by {}",
        note.id,
        note.target.kind.as_str(),
        sanitize(&note.target.label),
        sanitize(&named),
        edit,
        sanitize(&note.who)
    )?;
    Ok(Outcome::Ok)
}
