//! The listings casebench hands out — cases, linked-case groups, hubs, batches — built
//! once here, so that the CLI's `-o` and the workbench's `e` write the same columns
//! (DESIGN.md, CLI contract) from the same code.

use rusqlite::Connection;

use super::{Cell, Listing, RowWriter, mask_name, mask_phone};
use crate::Result;
use crate::casework::Annotations;
use crate::casework::freeze::HubContext;
use crate::link::report::{self, GroupFilter, Hub, HubStatus, Member, Shared};
use crate::store::Store;
use crate::store::queries::{self, BatchRow, CaseFilter};

/// Several values of one cell, as listings show them.
pub fn join(values: &[String]) -> String {
    values.join("; ")
}

/// A victim's name and phone as listings show them: masked unless `unmask`.
pub fn victim(name: String, phone: String, unmask: bool) -> (String, String) {
    if unmask {
        (name, phone)
    } else {
        (mask_name(&name), mask_phone(&phone))
    }
}

/// An amount: yuan when it parsed, else the text as written.
pub fn amount(fen: Option<i64>, raw: String) -> Cell {
    match fen {
        Some(fen) => Cell::Yuan(Some(fen)),
        None => Cell::Text(raw),
    }
}

/// The columns of [`cases`]. `scam_type` is the official name of the case's type;
/// code, raw text and source follow in files (a table for a person shows the name).
pub const CASE_COLUMNS: [&str; 18] = [
    "report_no",
    "reported_at",
    "amount_yuan",
    "scam_type",
    "scam_type_code",
    "scam_type_raw",
    "scam_type_source",
    "caller_numbers",
    "receiving_accounts",
    "contact_ids",
    "victim_name",
    "victim_phone",
    "batch_id",
    "warnings",
    "group_id",
    "tags",
    "notes",
    "script",
];

/// The columns a table for a person leaves out: the scam type's code, raw text and
/// source (the official name says it), the notes and the script (a file has room for
/// them; `casebench notes` shows notes).
const CASE_TABLE_LEAVES_OUT: [&str; 5] = [
    "scam_type_code",
    "scam_type_raw",
    "scam_type_source",
    "notes",
    "script",
];

/// The columns of [`cases`] as written: all of them in a file; in a table, the
/// official name alone of the scam-type columns, and no script.
pub fn case_columns(table: bool) -> Vec<String> {
    CASE_COLUMNS
        .iter()
        .filter(|c| !table || !CASE_TABLE_LEAVES_OUT.contains(c))
        .map(|c| c.to_string())
        .collect()
}

/// The cases that pass `filter`, newest first; victim name and phone masked unless
/// `unmask`.
pub fn cases(store: &Store, filter: &CaseFilter, unmask: bool) -> Result<Listing> {
    let mut listing = Listing::new(CASE_COLUMNS);
    cases_each(store, filter, unmask, false, &mut |row| {
        listing.rows.push(row);
        Ok(())
    })?;
    Ok(listing)
}

/// [`cases`] written as they are read, one row in memory at a time (an export of
/// every case), with [`case_columns`]`(table)`.
pub fn write_cases(
    store: &Store,
    filter: &CaseFilter,
    unmask: bool,
    table: bool,
    w: &mut RowWriter<'_>,
) -> Result<()> {
    cases_each(store, filter, unmask, table, &mut |row| w.row(&row))
}

/// Column names as [`RowWriter::new`] takes them.
pub fn columns(names: &[&str]) -> Vec<String> {
    names.iter().map(|c| c.to_string()).collect()
}

fn cases_each(
    store: &Store,
    filter: &CaseFilter,
    unmask: bool,
    table: bool,
    each: &mut dyn FnMut(Vec<Cell>) -> Result<()>,
) -> Result<()> {
    let marks = Annotations::read(store.connection())?;
    queries::cases(store, filter, &mut |c| {
        // A case's tags: its own and its group's; its notes: its own.
        let tags = marks
            .case_tags(&c.report_no, c.group_id.as_deref())
            .join(", ");
        let notes = marks.case(&c.report_no).map(|m| m.notes_text());
        // The victim's name and phone inside the script are masked like their fields.
        let script = if unmask || table {
            c.script
        } else {
            crate::text::mask_in_text(&c.script, &c.victim_name, &c.victim_phone)
        };
        let (name, phone) = victim(c.victim_name, c.victim_phone, unmask);
        let mut row = vec![
            Cell::Text(c.report_no),
            Cell::Date(c.reported_at),
            amount(c.amount_fen, c.amount_raw),
            Cell::Text(c.scam_type_code.official_name().to_string()),
        ];
        if !table {
            row.extend([
                Cell::Text(c.scam_type_code.as_str().to_string()),
                Cell::Text(c.scam_type),
                Cell::Text(c.scam_type_source.as_str().to_string()),
            ]);
        }
        row.extend([
            Cell::Text(join(&c.caller_numbers)),
            Cell::Text(join(&c.receiving_accounts)),
            Cell::Text(join(&c.contact_ids)),
            Cell::Text(name),
            Cell::Text(phone),
            Cell::Int(c.batch_id),
            Cell::Text(join(&c.warnings)),
            Cell::opt_text(c.group_id),
            Cell::Text(tags),
        ]);
        if !table {
            row.push(Cell::Text(notes.unwrap_or_default()));
            row.push(Cell::Text(script));
        }
        each(row)
    })
}

/// The columns of a search's results (`casebench search`, the workbench's `e` on
/// them).
pub const SEARCH_COLUMNS: [&str; 9] = [
    "rank",
    "report_no",
    "score",
    "matched_field",
    "reported_at",
    "amount_yuan",
    "caller_numbers",
    "receiving_accounts",
    "script",
];

/// A hit's script as a listing shows it: the victim's name and phone inside it
/// masked unless `unmask` (same length: match positions still hold).
pub fn hit_script(row: &crate::search::HitRow, unmask: bool) -> String {
    if unmask {
        row.line.script.clone()
    } else {
        crate::text::mask_in_text(&row.line.script, &row.victim_name, &row.victim_phone)
    }
}

/// One result of a search as its listing writes it, with `script` as shown.
pub fn search_row(
    hit: &crate::search::Hit,
    row: &crate::search::HitRow,
    script: String,
) -> Vec<Cell> {
    vec![
        Cell::Int(hit.rank as i64),
        Cell::Text(row.line.report_no.clone()),
        Cell::Int(hit.score),
        Cell::Text(
            hit.matched_field()
                .map_or("", crate::search::MatchedField::name)
                .to_string(),
        ),
        Cell::Date(row.line.reported_at.clone()),
        amount(row.line.amount_fen, row.line.amount_raw.clone()),
        Cell::Text(join(&row.line.flagged_callers)),
        Cell::Text(join(&row.line.accounts)),
        Cell::Text(script),
    ]
}

/// The columns of [`links`].
pub const LINK_COLUMNS: [&str; 11] = [
    "group_id",
    "group_size",
    "report_no",
    "reported_at",
    "amount_yuan",
    "caller_numbers",
    "receiving_accounts",
    "contact_ids",
    "shared_identifiers",
    "tags",
    "notes",
];

/// The columns of [`write_link_edges`]: one row per case and shared identifier.
pub const EDGE_COLUMNS: [&str; 8] = [
    "group_id",
    "group_size",
    "report_no",
    "kind",
    "identifier",
    "role",
    "origin",
    "cases",
];

/// The long form of [`links`] for investigators who need the pairs: each case of each
/// group with each identifier it shares, and how many cases hold that identifier.
/// Linear in the links, however big a group is.
pub fn write_link_edges(
    conn: &Connection,
    filter: &GroupFilter,
    w: &mut RowWriter<'_>,
) -> Result<()> {
    report::members_each(conn, filter, &mut |group| {
        for m in group {
            for s in &m.shared {
                w.row(&[
                    Cell::Text(m.group_id.clone()),
                    Cell::Int(m.group_size),
                    Cell::Text(m.report_no.clone()),
                    Cell::Text(s.kind.clone()),
                    Cell::Text(s.value.clone()),
                    Cell::Text(s.role.clone()),
                    Cell::Text(s.origin.clone()),
                    Cell::Int(s.cases),
                ])?;
            }
        }
        Ok(())
    })
}

/// Linked-case groups, one row per case, with the evidence that ties each case in,
/// and the casework: the tags the case carries (its own and its group's) and the
/// group's notes (every side's, for a merged group).
pub fn links(members: &[Member], marks: &Annotations) -> Listing {
    let mut listing = Listing::new(LINK_COLUMNS);
    listing.rows = members.iter().map(|m| link_row(m, marks)).collect();
    listing
}

/// [`links`] of the groups that pass `filter`, written a group at a time.
pub fn write_links(conn: &Connection, filter: &GroupFilter, w: &mut RowWriter<'_>) -> Result<()> {
    let marks = Annotations::read(conn)?;
    report::members_each(conn, filter, &mut |group| {
        group.iter().try_for_each(|m| w.row(&link_row(m, &marks)))
    })
}

fn link_row(m: &Member, marks: &Annotations) -> Vec<Cell> {
    let tags = marks.case_tags(&m.report_no, Some(&m.group_id)).join(", ");
    let notes = marks
        .group(&m.group_id)
        .map(|g| g.notes_text())
        .unwrap_or_default();
    let shared = m
        .shared
        .iter()
        .map(Shared::describe)
        .collect::<Vec<_>>()
        .join("; ");
    vec![
        Cell::Text(m.group_id.clone()),
        Cell::Int(m.group_size),
        Cell::Text(m.report_no.clone()),
        Cell::Date(m.reported_at.clone()),
        Cell::Yuan(m.amount_fen),
        Cell::Text(join(&m.caller_numbers)),
        Cell::Text(join(&m.receiving_accounts)),
        Cell::Text(join(&m.contact_ids)),
        Cell::Text(shared),
        Cell::Text(tags),
        Cell::Text(notes),
    ]
}

/// A hub's status as listings show it: linked, official or ignored (DESIGN.md), and
/// the fraud signals on top (virtual operator, possible hub).
pub fn hub_status(h: &Hub) -> String {
    let mut status = h.status.as_str().to_string();
    if h.virtual_operator {
        status.push_str(", virtual");
    }
    if h.is_hub() && h.status == HubStatus::Linked {
        status.push_str(", possible hub");
    }
    status
}

/// The columns of [`hubs`].
pub const HUB_COLUMNS: [&str; 15] = [
    "kind",
    "identifier",
    "cases",
    "groups",
    "total_loss_yuan",
    "first_seen",
    "last_seen",
    "status",
    "ignored_reason",
    "ignored_by",
    "ignored_at",
    "bank",
    "bank_from",
    "tags",
    "notes",
];

/// Identifiers by the cases that hold them, then total loss; for a card, its bank
/// and where that was read (`BIN` or `text`); the identifier's tags and notes.
pub fn hubs(conn: &Connection, rows: Vec<Hub>, casework: &HubContext) -> Result<Listing> {
    let mut listing = Listing::new(HUB_COLUMNS);
    for h in rows {
        let status = hub_status(&h);
        let (bank, bank_from) = match casework.bank(conn, &h)? {
            Some((name, from)) => (name, from.as_str().to_string()),
            None => (String::new(), String::new()),
        };
        let (tags, notes) = casework
            .marks(&h)
            .map(|m| (m.tags_text(), m.notes_text()))
            .unwrap_or_default();
        listing.rows.push(vec![
            Cell::Text(h.kind),
            Cell::Text(h.identifier),
            Cell::Int(h.cases),
            Cell::Int(h.groups),
            Cell::Yuan(Some(h.total_loss_fen)),
            Cell::Date(h.first_seen),
            Cell::Date(h.last_seen),
            Cell::Text(status),
            Cell::Text(h.ignored_reason),
            Cell::Text(h.ignored_by),
            Cell::Date(h.ignored_at),
            Cell::Text(bank),
            Cell::Text(bank_from),
            Cell::Text(tags),
            Cell::Text(notes),
        ]);
    }
    Ok(listing)
}

/// The import history.
pub fn batches(rows: Vec<BatchRow>) -> Listing {
    let mut listing = Listing::new([
        "batch_id",
        "file",
        "sha256",
        "encoding",
        "imported_at",
        "read",
        "imported",
        "updated",
        "duplicate",
        "rejected",
        "warnings",
        "sheets",
    ]);
    for b in rows {
        listing.rows.push(vec![
            Cell::Int(b.batch_id),
            Cell::Text(b.file),
            Cell::Text(b.sha256),
            Cell::Text(b.encoding),
            Cell::Date(b.imported_at),
            Cell::Int(b.read),
            Cell::Int(b.imported),
            Cell::Int(b.updated),
            Cell::Int(b.duplicate),
            Cell::Int(b.rejected),
            Cell::Int(b.warnings),
            Cell::Text(sheets_text(&b.sheets)),
        ]);
    }
    listing
}

/// A workbook batch's sheets: `案件 (120 rows); 说明 (not read)`; empty for CSV.
pub fn sheets_text(sheets: &[crate::store::queries::BatchSheet]) -> String {
    sheets
        .iter()
        .map(|s| match s.rows_read {
            Some(1) => format!("{} (1 row)", s.name),
            Some(n) => format!("{} ({n} rows)", s.name),
            None => format!("{} (not read)", s.name),
        })
        .collect::<Vec<_>>()
        .join("; ")
}
