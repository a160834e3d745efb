//! `casebench tag TARGET TAG [--undo]`: sets a tag from the list (`db/tags.txt`, or
//! the copy beside the database) on a case, a group or an identifier, or takes it
//! off; each is kept with who and when. `--list` shows the tags.

use std::path::Path;

use casebench::casework::{self, Named, TagList};
use casebench::export::{Cell, Listing, sanitize};

use super::output::{OutputArgs, emit};
use super::{Outcome, open_store};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A report number, a group id (`G-…`) or an identifier in any format.
    #[arg(required_unless_present = "list")]
    target: Option<String>,
    /// The tag (`已研判`, `已止付`, `已冻结`, `已移交`, `误报`, or one added to the list).
    #[arg(required_unless_present = "list")]
    tag: Option<String>,
    /// Take the tag off.
    #[arg(long, conflicts_with = "list")]
    undo: bool,
    /// The tags that can be set, and what each means.
    #[arg(long)]
    list: bool,
    #[command(flatten)]
    output: OutputArgs,
}

pub fn run(db: &Path, args: Args) -> anyhow::Result<Outcome> {
    let mut store = open_store(db)?;
    let list = TagList::for_database(store.path())?;
    if args.list {
        let mut listing = Listing::new(["tag", "meaning"]);
        for (tag, meaning) in list.tags {
            listing
                .rows
                .push(vec![Cell::Text(tag), Cell::Text(meaning)]);
        }
        emit(&listing, &args.output)?;
        return Ok(Outcome::Ok);
    }
    let target = args.target.unwrap_or_default();
    let tag = args.tag.unwrap_or_default();
    let who = casework::who();
    let o = casework::set_tag(
        &mut store,
        &list,
        &Named::Text(target),
        &tag,
        &who,
        args.undo,
    )?;
    let named = o
        .target
        .named
        .as_deref()
        .map(|n| format!(" (which {n} is part of now)"))
        .unwrap_or_default();
    say!(
        "{} {} {} {}{}",
        if o.undo { "untagged" } else { "tagged" },
        o.target.kind.as_str(),
        sanitize(&o.target.label),
        sanitize(&o.tag),
        sanitize(&named)
    )?;
    Ok(Outcome::Ok)
}
