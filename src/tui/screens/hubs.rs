//! Hubs: scammer-side identifiers by the cases that hold them, then total loss — the
//! accounts to ask banks to freeze, the numbers to block. Official service numbers and
//! ignored identifiers are shown as such; `x` ignores the selected one (after a reason)
//! and the groups are recomputed. `s` and `S` sort the list by any column, in
//! memory (it is read whole).

use super::casework::marked;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};

use std::sync::Arc;

use casebench::link::report::{Hub, HubStatus};

use super::groups::{below_title, list_count, title_line};
use super::{Cmd, Location, Slot};
use crate::tui::components::cursor::Cursor;
use crate::tui::components::sort::{Sort, arrows};
use crate::tui::components::table::{self, Column};
use crate::tui::keys::Action;
use crate::tui::text;

pub const COLUMNS: [Column; 8] = [
    // Widths with room for a sort arrow.
    Column::fixed("Kind", 7),
    Column::fixed("Identifier", 22),
    Column::number("Cases", 7),
    Column::number("Groups", 8),
    Column::number("Loss (yuan)", 16),
    Column::fixed("First seen", 12),
    Column::fixed("Last seen", 12),
    Column::flex("Status", 8),
];

const TITLES: [(&str, &str); 8] = arrows!(
    "Kind",
    "Identifier",
    "Cases",
    "Groups",
    "Loss (yuan)",
    "First seen",
    "Last seen",
    "Status"
);

/// Every column sorts; numbers and dates largest and latest first.
const SORTABLE: [(usize, bool); 8] = [
    (0, false),
    (1, false),
    (2, true),
    (3, true),
    (4, true),
    (5, true),
    (6, true),
    (7, false),
];

/// As read: by cases, then loss.
const DEFAULT_SORT: Sort = Sort::new(2, true);

#[derive(Debug, Default)]
pub struct HubsScreen {
    /// Casework marks, shown after the identifiers.
    pub marks: std::sync::Arc<casebench::casework::Annotations>,
    /// Every identifier, in the list's order (read on a worker: the first rows at
    /// once, then the rest).
    /// Shared with an export of the whole list (710k rows at a million cases: read
    /// once, held once).
    pub slot: Slot<Arc<Vec<Hub>>>,
    /// `slot` holds every identifier (else its first rows, the rest on the way).
    pub complete: bool,
    /// `G` before the whole list was read: the selection goes to its end when it is.
    pub to_end: bool,
    pub cursor: Cursor,
    /// The list's sort (None: as read, by cases then loss).
    pub sort: Option<Sort>,
}

impl HubsScreen {
    pub fn sort(&self) -> Sort {
        self.sort.unwrap_or(DEFAULT_SORT)
    }

    /// Puts the rows at hand in the list's sort (called as they arrive; the rows
    /// come by cases then loss, which needs nothing). The list is shared with an
    /// export only while one runs: then it is copied, not changed under it.
    pub fn sort_rows(&mut self) {
        let Some(sort) = self.sort else { return };
        if let Some(rows) = self.slot.data.as_mut() {
            let rows: &mut Vec<Hub> = Arc::make_mut(rows);
            sort_hubs(rows, sort);
        }
    }

    fn set_sort(&mut self, sort: Sort) {
        self.sort = Some(sort);
        self.sort_rows();
        self.cursor = Cursor::default();
    }

    pub fn selected(&self) -> Option<&Hub> {
        self.slot.data.as_ref()?.get(self.cursor.selected)
    }

    /// Moves the selection; Enter lists the selected identifier's cases.
    pub fn on_action(&mut self, action: Action, height: usize) -> Option<Cmd> {
        match action {
            Action::Sort => {
                self.set_sort(self.sort().next(&SORTABLE));
                return None;
            }
            Action::Reverse => {
                self.set_sort(self.sort().reversed());
                return None;
            }
            _ => {}
        }
        let len = self.slot.data.as_ref().map_or(0, |rows| rows.len());
        if action == Action::Bottom && !self.complete {
            self.to_end = true;
        }
        if self.cursor.apply(action, len, height) {
            return None;
        }
        let hub = self.selected()?;
        (action == Action::Enter).then(|| Cmd::Open(Location::Search(hub.identifier.clone())))
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer) {
        let rows: &[Hub] = self.slot.data.as_ref().map_or(&[], |rows| rows.as_slice());
        title_line(
            area,
            buf,
            &format!(
                "{} {} (Enter: its cases; x: ignore / un-ignore; s: sort; more than {} cases: possible hub)",
                list_count(rows.len(), self.complete, "identifier", "identifiers"),
                self.order_words(),
                casebench::link::HUB_THRESHOLD
            ),
        );
        let columns = self.sort().headed(&COLUMNS, &TITLES);
        table::render_items(
            below_title(area),
            buf,
            &columns,
            rows,
            Some(self.cursor),
            self.slot.placeholder(),
            |h, widths| {
                let cells = [
                    h.kind.clone(),
                    marked(&h.identifier, self.marks.identifier(&h.kind, &h.identifier)),
                    h.cases.to_string(),
                    h.groups.to_string(),
                    text::yuan(h.total_loss_fen),
                    h.first_seen.get(..10).unwrap_or(&h.first_seen).to_string(),
                    h.last_seen.get(..10).unwrap_or(&h.last_seen).to_string(),
                    status(h),
                ];
                let mut row: Vec<_> = table::text_row(&cells, &columns, widths);
                let colour = match h.status {
                    HubStatus::Ignored => Some(Color::DarkGray),
                    HubStatus::Official => Some(Color::Magenta),
                    _ if h.is_hub() => Some(Color::Red),
                    _ => None,
                };
                if let (Some(c), Some(last)) = (colour, row.last_mut()) {
                    for span in last.iter_mut() {
                        span.style = Style::new().fg(c);
                    }
                }
                row
            },
        );
    }
}

impl HubsScreen {
    fn order_words(&self) -> String {
        let sort = self.sort();
        if sort == DEFAULT_SORT {
            return "by cases, then loss".to_string();
        }
        let name = COLUMNS
            .get(sort.column)
            .map_or("", |c| c.title)
            .to_lowercase();
        let way = match (sort.column, sort.descending) {
            (0 | 1 | 7, false) => "",
            (0 | 1 | 7, true) => ", last first",
            (5 | 6, true) => ", latest first",
            (5 | 6, false) => ", earliest first",
            (_, true) => ", largest first",
            (_, false) => ", smallest first",
        };
        format!("by {name}{way}")
    }
}

/// `rows` in `sort`; ties in the list's own order (cases, loss, identifier), so that
/// `S` turns the list exactly round.
pub fn sort_hubs(rows: &mut [Hub], sort: Sort) {
    let as_read = |a: &Hub, b: &Hub| {
        b.cases
            .cmp(&a.cases)
            .then(b.total_loss_fen.cmp(&a.total_loss_fen))
            .then_with(|| a.identifier.cmp(&b.identifier))
    };
    let rank = |h: &Hub| match h.status {
        HubStatus::Linked => 0,
        HubStatus::Official => 1,
        HubStatus::Ignored => 2,
    };
    let by_column = |a: &Hub, b: &Hub| match sort.column {
        0 => a.kind.cmp(&b.kind),
        1 => a.identifier.cmp(&b.identifier),
        2 => a.cases.cmp(&b.cases),
        3 => a.groups.cmp(&b.groups),
        4 => a.total_loss_fen.cmp(&b.total_loss_fen),
        5 => a.first_seen.cmp(&b.first_seen),
        6 => a.last_seen.cmp(&b.last_seen),
        _ => rank(a).cmp(&rank(b)),
    };
    rows.sort_by(|a, b| sort.apply(by_column(a, b).then_with(|| as_read(b, a))));
}

/// The status as the listings write it; an ignored one with why, who and when.
pub fn status(h: &Hub) -> String {
    let status = casebench::export::listings::hub_status(h);
    if h.status != HubStatus::Ignored || h.ignored_reason.is_empty() {
        return status;
    }
    let day = h.ignored_at.get(..10).unwrap_or(&h.ignored_at);
    format!("{status}: {} ({}, {day})", h.ignored_reason, h.ignored_by)
}
