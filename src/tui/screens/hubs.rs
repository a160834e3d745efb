//! Hubs: scammer-side identifiers by the cases that hold them, then total loss — the
//! accounts to ask banks to freeze, the numbers to block. Official service numbers and
//! ignored identifiers are shown as such; `x` ignores the selected one (after a reason)
//! and the groups are recomputed.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};

use std::sync::Arc;

use casebench::link::report::{Hub, HubStatus};

use super::groups::{below_title, list_count, title_line};
use super::{Cmd, Location, Slot};
use crate::tui::components::cursor::Cursor;
use crate::tui::components::table::{self, Column};
use crate::tui::keys::Action;
use crate::tui::text;

pub const COLUMNS: [Column; 8] = [
    Column::fixed("Kind", 7),
    Column::fixed("Identifier", 22),
    Column::number("Cases", 7),
    Column::number("Groups", 7),
    Column::number("Loss (yuan)", 16),
    Column::fixed("First seen", 10),
    Column::fixed("Last seen", 10),
    Column::flex("Status", 8),
];

#[derive(Debug, Default)]
pub struct HubsScreen {
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
}

impl HubsScreen {
    pub fn selected(&self) -> Option<&Hub> {
        self.slot.data.as_ref()?.get(self.cursor.selected)
    }

    /// Moves the selection; Enter lists the selected identifier's cases.
    pub fn on_action(&mut self, action: Action, height: usize) -> Option<Cmd> {
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
                "{} by cases, then loss (Enter: its cases; x: ignore / un-ignore; more than {} cases: possible hub)",
                list_count(rows.len(), self.complete, "identifier", "identifiers"),
                casebench::link::HUB_THRESHOLD
            ),
        );
        table::render_items(
            below_title(area),
            buf,
            &COLUMNS,
            rows,
            Some(self.cursor),
            self.slot.placeholder(),
            |h, widths| {
                let cells = [
                    h.kind.clone(),
                    h.identifier.clone(),
                    h.cases.to_string(),
                    h.groups.to_string(),
                    text::yuan(h.total_loss_fen),
                    h.first_seen.get(..10).unwrap_or(&h.first_seen).to_string(),
                    h.last_seen.get(..10).unwrap_or(&h.last_seen).to_string(),
                    status(h),
                ];
                let mut row: Vec<_> = table::text_row(&cells, &COLUMNS, widths);
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

/// The status as the listings write it; an ignored one with why, who and when.
pub fn status(h: &Hub) -> String {
    let status = casebench::export::listings::hub_status(h);
    if h.status != HubStatus::Ignored || h.ignored_reason.is_empty() {
        return status;
    }
    let day = h.ignored_at.get(..10).unwrap_or(&h.ignored_at);
    format!("{status}: {} ({}, {day})", h.ignored_reason, h.ignored_by)
}
