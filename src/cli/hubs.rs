//! `casebench hubs`: identifiers by the cases that hold them, then total loss — the
//! accounts to ask banks to freeze, the numbers to block.

use std::path::Path;

use casebench::export::listings;

use casebench::link::report::{self, HubKind};

use super::output::{OutputArgs, emit};
use super::{Outcome, open_store};

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Kind {
    Phone,
    Account,
    Qq,
    Wechat,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only phone numbers, accounts (cards, Alipay, e-wallets), QQ or WeChat ids.
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
        Kind::Qq => HubKind::Qq,
        Kind::Wechat => HubKind::Wechat,
    });
    let listing = listings::hubs(report::hubs(store.connection(), kind, args.top)?);
    emit(&listing, &args.output)?;
    Ok(Outcome::Ok)
}
