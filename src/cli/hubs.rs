//! `casebench hubs`: identifiers by the cases that hold them, then total loss — the
//! accounts to ask banks to freeze, the numbers to block.

use std::path::Path;

use casebench::casework::freeze::HubContext;
use casebench::export::listings;

use casebench::link::report::{self, HubKind, TagFilter};

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
    /// How many identifiers [default: 50; with --untagged all of them: a list of what
    /// is still to request must be whole].
    #[arg(long)]
    top: Option<usize>,
    /// Only identifiers that carry this tag.
    #[arg(long)]
    tag: Option<String>,
    /// Only identifiers that do not carry this tag: `--kind account --untagged 已止付`
    /// lists the accounts still to ask banks to freeze, with each card's bank.
    #[arg(long)]
    untagged: Option<String>,
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
    let tags = TagFilter {
        tagged: args.tag,
        untagged: args.untagged,
    };
    let top = match (args.top, &tags.untagged) {
        (Some(n), _) => n,
        (None, Some(_)) => report::ALL_ROWS,
        (None, None) => 50,
    };
    let rows = report::hubs_by_tag(store.connection(), kind, top, &tags)?;
    let casework = HubContext::read(&store)?;
    let listing = listings::hubs(store.connection(), rows, &casework)?;
    emit(&listing, &args.output)?;
    Ok(Outcome::Ok)
}
