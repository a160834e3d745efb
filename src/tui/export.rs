//! What `e` exports on each screen, as the listings the CLI writes (same columns where
//! the CLI has the listing). The listing is built on the export worker: for the whole
//! case list that means streaming a million rows, never on the UI thread. Victim data
//! is masked unless the session unmasked it.

use casebench::export::listings;
use casebench::export::{Cell, Listing, write_listing_file, write_rows_file};
use casebench::link::report::{Hub, Member};
use casebench::store::Store;
use casebench::store::queries::{BatchRow, CaseFilter};
use casebench::store::views::{GroupRow, WeekRow};

use super::jobs::BuildExport;
use super::search::SearchHit;

/// Every case, newest first (the Cases screen without a query), written as read.
pub fn all_cases(unmasked: bool) -> BuildExport {
    Box::new(move |store, path| {
        write_rows_file(listings::case_columns(false), None, path, &mut |w| {
            listings::write_cases(store, &CaseFilter::default(), unmasked, false, w)
        })
    })
}

/// An export of a listing built in memory first (all but the list of every case
/// are a screenful or a group).
fn listing(
    build: impl FnOnce(&Store) -> casebench::Result<Listing> + Send + 'static,
) -> BuildExport {
    Box::new(move |store, path| {
        let listing = build(store)?;
        write_listing_file(&listing, None, path)?;
        Ok(listing.len())
    })
}

/// The results of a search, in rank order.
pub fn search_hits(query: String, hits: Vec<SearchHit>) -> BuildExport {
    listing(move |_| {
        let mut listing = Listing::new([
            "rank",
            "query",
            "report_no",
            "reported_at",
            "amount_yuan",
            "scam_type",
            "caller_numbers",
            "receiving_accounts",
            "group_id",
            "group_size",
            "script",
        ]);
        for (i, h) in hits.into_iter().enumerate() {
            let l = h.line;
            listing.rows.push(vec![
                Cell::Int(i as i64 + 1),
                Cell::Text(query.clone()),
                Cell::Text(l.report_no),
                Cell::Date(l.reported_at),
                listings::amount(l.amount_fen, l.amount_raw),
                Cell::Text(l.scam_type),
                Cell::Text(l.flagged_callers.join("; ")),
                Cell::Text(l.accounts.join("; ")),
                Cell::opt_text(l.group_id),
                Cell::Int(l.group_size),
                Cell::Text(l.script),
            ]);
        }
        Ok(listing)
    })
}

/// A group's cases with the evidence: the CLI's `links` listing.
pub fn members(members: Vec<Member>) -> BuildExport {
    listing(move |_| Ok(listings::links(&members)))
}

pub fn groups(rows: Vec<GroupRow>) -> BuildExport {
    listing(move |_| {
        let mut listing = Listing::new([
            "group_id",
            "group_size",
            "total_loss_yuan",
            "first_reported",
            "last_reported",
        ]);
        for g in rows {
            listing.rows.push(vec![
                Cell::Text(g.group_id),
                Cell::Int(g.size),
                Cell::Yuan(Some(g.loss_fen)),
                Cell::Text(g.first),
                Cell::Text(g.last),
            ]);
        }
        Ok(listing)
    })
}

/// The CLI's `hubs` listing.
pub fn hubs(rows: Vec<Hub>) -> BuildExport {
    listing(move |_| Ok(listings::hubs(rows)))
}

/// The CLI's `batches` listing.
pub fn batches(rows: Vec<BatchRow>) -> BuildExport {
    listing(move |_| Ok(listings::batches(rows)))
}

pub fn weeks(rows: Vec<WeekRow>) -> BuildExport {
    listing(move |_| {
        let mut listing = Listing::new(["week", "reports", "loss_yuan"]);
        for w in rows {
            listing.rows.push(vec![
                Cell::Text(w.week),
                Cell::Int(w.reports),
                Cell::Yuan(Some(w.loss_fen)),
            ]);
        }
        Ok(listing)
    })
}

/// One case that is in no group: its fields.
pub fn case(c: casebench::store::views::CaseDetail, unmasked: bool) -> BuildExport {
    listing(move |_| {
        let mut listing = Listing::new([
            "report_no",
            "reported_at",
            "amount_yuan",
            "scam_type",
            "caller",
            "account",
            "contact",
            "victim_name",
            "victim_phone",
            "batch_id",
            "script",
        ]);
        let (name, phone) = listings::victim(c.victim_name, c.victim_phone, unmasked);
        listing.rows.push(vec![
            Cell::Text(c.report_no),
            Cell::Date(c.reported_at),
            listings::amount(c.amount_fen, c.amount_raw),
            Cell::Text(c.scam_type),
            Cell::Text(c.caller_raw),
            Cell::Text(c.account_raw),
            Cell::Text(c.contact_raw),
            Cell::Text(name),
            Cell::Text(phone),
            Cell::Int(c.batch_id),
            Cell::Text(c.script),
        ]);
        Ok(listing)
    })
}
