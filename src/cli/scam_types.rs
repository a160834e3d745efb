//! `casebench scam-types`: the scam-type values seen in the files, the code each maps
//! to and how many cases hold it — so that a value left as `other` can be given an
//! alias (the table's file is named at the end).

use std::path::Path;

use casebench::export::{Cell, Listing};
use casebench::scamtype::{Source, aliases};
use casebench::store::scam_types;

use super::output::{OutputArgs, emit};
use super::{Outcome, open_store};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    output: OutputArgs,
}

pub const COLUMNS: [&str; 5] = ["value", "code", "scam_type", "source", "cases"];

pub fn run(db: &Path, args: Args) -> anyhow::Result<Outcome> {
    let store = open_store(db)?;
    let mut listing = Listing::new(COLUMNS);
    for v in scam_types::values(store.connection())? {
        let value = match v.source {
            Source::Column => v.raw,
            Source::Script => "(empty: tagged from the script)".to_string(),
        };
        listing.rows.push(vec![
            Cell::Text(value),
            Cell::Text(v.code.as_str().to_string()),
            Cell::Text(v.code.official_name().to_string()),
            Cell::Text(v.source.as_str().to_string()),
            Cell::Int(v.cases),
        ]);
    }
    emit(&listing, &args.output)?;
    if args.output.is_table() && args.output.output.is_none() {
        let file = aliases::alias_file(db);
        let shown = casebench::export::sanitize(&file.display().to_string()).into_owned();
        if file.exists() {
            eprintln!("aliases: {shown} (one `ALIAS = CODE` a line)");
        } else {
            eprintln!(
                "aliases: the built-in table; to add one, write `ALIAS = CODE` lines to {shown} (start from casebench's db/scam_type_aliases.txt)"
            );
        }
    }
    Ok(Outcome::Ok)
}
