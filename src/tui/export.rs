//! What `e` exports on each screen: every row of what the screen lists, as the
//! listing the CLI writes of the same thing (`cases`, `search`, `links`, `hubs`,
//! `batches`), read again on the export worker — never the rows at hand, which are
//! only those near the screen. Long listings are streamed and report progress.
//! Victim data is masked unless the session unmasked it.

use casebench::casework::Annotations;
use casebench::casework::freeze::HubContext;
use casebench::export::listings;
use casebench::export::{Cell, Listing, RowWriter, write_listing_file, write_rows_file};
use std::sync::Arc;

use casebench::link::report::{self, GroupFilter, Hub, Member};
use casebench::store::Store;
use casebench::store::queries::{BatchRow, CaseFilter};
use casebench::store::views::WeekRow;

use super::jobs::{ALL_ROWS, BuildExport, PROGRESS_EVERY};

/// Every case, newest first (the Cases screen without a query), written as read.
pub fn all_cases(unmasked: bool) -> BuildExport {
    Box::new(move |store, path, _progress| {
        write_rows_file(listings::case_columns(false), None, path, &mut |w| {
            listings::write_cases(store, &CaseFilter::default(), unmasked, false, w)
        })
    })
}

/// Counts the rows written and reports every [`PROGRESS_EVERY`].
pub struct Counter<'a> {
    pub rows: usize,
    progress: &'a mut dyn FnMut(usize),
}

impl<'a> Counter<'a> {
    pub fn new(progress: &'a mut dyn FnMut(usize)) -> Counter<'a> {
        Counter { rows: 0, progress }
    }

    /// Writes one row and counts it.
    pub fn row(&mut self, w: &mut RowWriter<'_>, cells: &[Cell]) -> casebench::Result<()> {
        w.row(cells)?;
        self.rows += 1;
        if self.rows.is_multiple_of(PROGRESS_EVERY) {
            (self.progress)(self.rows);
        }
        Ok(())
    }
}

/// An export of a listing built in memory first (a group, the batches, the weeks).
fn listing(
    build: impl FnOnce(&Store) -> casebench::Result<Listing> + Send + 'static,
) -> BuildExport {
    Box::new(move |store, path, _progress| {
        let listing = build(store)?;
        write_listing_file(&listing, None, path)?;
        Ok(listing.len())
    })
}

/// Every linked-case group, one row per member case with the evidence: the CLI's
/// `links -o`, a group at a time.
pub fn all_groups() -> BuildExport {
    Box::new(move |store, path, progress| {
        // Every grouped case is sorted at once: in temporary files, beside the index.
        store
            .connection()
            .pragma_update(None, "temp_store", "FILE")?;
        let mut count = Counter::new(progress);
        let marks = Annotations::read(store.connection())?;
        write_rows_file(
            listings::columns(&listings::LINK_COLUMNS),
            None,
            path,
            &mut |w| {
                report::members_each(store.connection(), &GroupFilter::default(), &mut |group| {
                    listings::links(&group, &marks)
                        .rows
                        .iter()
                        .try_for_each(|row| count.row(w, row))
                })
            },
        )
    })
}

/// Every identifier of the Hubs screen, read again: the CLI's `hubs` listing, uncut
/// (SQLite's sorts in temporary files, as the screen reads it).
pub fn all_hubs() -> BuildExport {
    Box::new(move |store, path, progress| {
        store
            .connection()
            .pragma_update(None, "temp_store", "FILE")?;
        let rows = report::hubs(store.connection(), None, ALL_ROWS)?;
        write_hubs(store, &rows, path, progress)
    })
}

/// The freeze list, as `casebench hubs --kind account --untagged 已止付` writes it:
/// every account not yet tagged 已止付 (the request), with each card's bank, read on
/// the export worker.
pub fn freeze_list() -> BuildExport {
    Box::new(move |store, path, progress| {
        let tags = report::TagFilter {
            tagged: None,
            untagged: Some(casebench::casework::freeze::REQUESTED[0].to_string()),
        };
        let rows = report::hubs_by_tag(
            store.connection(),
            Some(report::HubKind::Account),
            ALL_ROWS,
            &tags,
        )?;
        write_hubs(store, &rows, path, progress)
    })
}

/// The identifiers the Hubs screen holds (the whole list): the CLI's `hubs` listing.
pub fn hubs(rows: Arc<Vec<Hub>>) -> BuildExport {
    Box::new(move |store, path, progress| write_hubs(store, &rows, path, progress))
}

/// Identifiers converted to the listing's rows a chunk at a time: a second copy of
/// 710k rows is never held.
fn write_hubs(
    store: &Store,
    rows: &[Hub],
    path: &std::path::Path,
    progress: &mut dyn FnMut(usize),
) -> casebench::Result<usize> {
    let columns = listings::columns(&listings::HUB_COLUMNS);
    let casework = HubContext::read(store)?;
    let mut count = Counter::new(progress);
    write_rows_file(columns, None, path, &mut |w| {
        for chunk in rows.chunks(PROGRESS_EVERY) {
            let listing = listings::hubs(store.connection(), chunk.to_vec(), &casework)?;
            listing.rows.iter().try_for_each(|row| count.row(w, row))?;
        }
        Ok(())
    })
}

/// A group's cases with the evidence: the CLI's `links` listing.
pub fn members(members: Vec<Member>) -> BuildExport {
    listing(move |store| {
        let marks = Annotations::read(store.connection())?;
        Ok(listings::links(&members, &marks))
    })
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

/// The bulletin of `period`, read again on the export worker and written as its
/// file's extension says (.html, .md or .xlsx); one file, counted as one row.
pub fn bulletin(period: casebench::bulletin::Period) -> BuildExport {
    Box::new(move |store, path, _progress| {
        use casebench::bulletin::{self, Which};
        let b = bulletin::build(store.connection(), Which::Given(period))?;
        bulletin::write(&b, path)?;
        Ok(1)
    })
}
