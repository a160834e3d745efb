//! `casebench hubs`: identifiers by the cases that hold them, then total loss — the
//! accounts to ask banks to freeze, the numbers to block.

use std::path::Path;

use casebench::export::{Cell, Listing};
use casebench::link::report::{self, HubKind};

use super::output::{OutputArgs, emit};
use super::{Outcome, open_store};

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Kind {
    Phone,
    Account,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only phone numbers, or only accounts (cards, Alipay, e-wallets).
    #[arg(long, value_enum)]
    kind: Option<Kind>,
    /// How many identifiers.
    #[arg(long, default_value_t = 50)]
    top: usize,
    #[command(flatten)]
    output: OutputArgs,
}

pub fn run(db: &Path, args: Args) -> anyhow::Result<Outcome> {
    let store = open_store(db)?;
    let kind = args.kind.map(|k| match k {
        Kind::Phone => HubKind::Phone,
        Kind::Account => HubKind::Account,
    });
    let mut listing = Listing::new([
        "kind",
        "identifier",
        "cases",
        "groups",
        "total_loss_yuan",
        "first_seen",
        "last_seen",
        "status",
    ]);
    for h in report::hubs(store.connection(), kind, args.top)? {
        let mut status = h.status.clone();
        if h.virtual_operator {
            status.push_str(", virtual");
        }
        if h.is_hub() && h.status == "linked" {
            status.push_str(", possible hub");
        }
        listing.rows.push(vec![
            Cell::Text(h.kind),
            Cell::Text(h.identifier),
            Cell::Int(h.cases),
            Cell::Int(h.groups),
            Cell::Yuan(Some(h.total_loss_fen)),
            Cell::Text(h.first_seen),
            Cell::Text(h.last_seen),
            Cell::Text(status),
        ]);
    }
    emit(&listing, &args.output)?;
    Ok(Outcome::Ok)
}
