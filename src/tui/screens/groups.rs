//! Groups: linked-case groups by size and total loss; Enter shows one group's cases
//! with the evidence that ties each to the others and the group's span in time; Enter
//! on a member opens the case. `s` and `S` sort the list by any column, in memory
//! (it is read whole).

use super::casework::{case_marked, marked};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;

use casebench::link::report::Member;
use casebench::store::views::GroupRow;

use super::{Cmd, Location, Slot};
use crate::tui::components::cursor::Cursor;
use crate::tui::components::sort::{Sort, arrows};
use crate::tui::components::table::{self, Column};
use crate::tui::keys::Action;
use crate::tui::text;

pub const GROUP_COLUMNS: [Column; 6] = [
    Column::flex("Group", 18),
    // Widths with room for a sort arrow.
    Column::number("Cases", 7),
    Column::number("Loss (yuan)", 16),
    Column::fixed("First", 16),
    Column::fixed("Last", 16),
    Column::number("Span", 6),
];

const GROUP_TITLES: [(&str, &str); 6] =
    arrows!("Group", "Cases", "Loss (yuan)", "First", "Last", "Span");

/// Every column sorts; numbers and dates largest and latest first.
const GROUP_SORTABLE: [(usize, bool); 6] = [
    (0, false),
    (1, true),
    (2, true),
    (3, true),
    (4, true),
    (5, true),
];

/// As read: by size, then loss.
const GROUP_DEFAULT: Sort = Sort::new(1, true);

pub const MEMBER_COLUMNS: [Column; 5] = [
    // As wide as the group's report numbers (see `render_members`).
    Column::fixed("Report no", 9),
    Column::fixed("Reported", 16),
    Column::number("Amount", 10),
    Column::flex("Shares (cases)", 20),
    Column::flex("Callers / accounts", 12),
];

#[derive(Debug, Default)]
pub struct GroupsScreen {
    /// Every group, in the list's order (read on a worker: the first rows at once,
    /// then the rest).
    pub list: Slot<Vec<GroupRow>>,
    /// `list` holds every group (else its first rows, the rest on the way).
    pub complete: bool,
    /// `G` before the whole list was read: the selection goes to its end when it is.
    pub to_end: bool,
    pub cursor: Cursor,
    /// The group opened, and its members.
    pub group_id: Option<String>,
    pub members: Slot<Vec<Member>>,
    pub member_cursor: Cursor,
    /// The list's sort (None: as read, by size then loss).
    pub sort: Option<Sort>,
    /// Casework marks, shown after the group ids and report numbers.
    pub marks: std::sync::Arc<casebench::casework::Annotations>,
}

impl GroupsScreen {
    pub fn sort(&self) -> Sort {
        self.sort.unwrap_or(GROUP_DEFAULT)
    }

    /// Puts the rows at hand in the list's sort (called as they arrive; the rows
    /// come by size then loss, which needs nothing).
    pub fn sort_rows(&mut self) {
        let Some(sort) = self.sort else { return };
        if let Some(rows) = self.list.data.as_mut() {
            sort_groups(rows, sort);
        }
    }

    fn set_sort(&mut self, sort: Sort) {
        self.sort = Some(sort);
        self.sort_rows();
        self.cursor = Cursor::default();
    }

    /// The group selected in the list.
    pub fn selected(&self) -> Option<&GroupRow> {
        self.list.data.as_ref()?.get(self.cursor.selected)
    }

    /// Shows a group's members: read again unless it is the one at hand.
    pub fn open(&mut self, group_id: &str) -> bool {
        if self.group_id.as_deref() == Some(group_id) && self.members.data.is_some() {
            return false;
        }
        self.group_id = Some(group_id.to_string());
        self.members = Slot::default();
        self.member_cursor = Cursor::default();
        true
    }

    pub fn on_action(&mut self, action: Action, at: &Location, height: usize) -> Option<Cmd> {
        match at {
            Location::Group(_) => {
                let members = self.members.data.as_deref().unwrap_or(&[]);
                if self.member_cursor.apply(action, members.len(), height) {
                    return None;
                }
                let m = members.get(self.member_cursor.selected)?;
                (action == Action::Enter)
                    .then(|| Cmd::Open(Location::Detail(Some(m.report_no.clone()))))
            }
            _ => {
                match action {
                    Action::Sort => {
                        self.set_sort(self.sort().next(&GROUP_SORTABLE));
                        return None;
                    }
                    Action::Reverse => {
                        self.set_sort(self.sort().reversed());
                        return None;
                    }
                    _ => {}
                }
                let rows = self.list.data.as_deref().unwrap_or(&[]);
                if action == Action::Bottom && !self.complete {
                    self.to_end = true;
                }
                if self.cursor.apply(action, rows.len(), height) {
                    return None;
                }
                let g = rows.get(self.cursor.selected)?;
                (action == Action::Enter).then(|| Cmd::Open(Location::Group(g.group_id.clone())))
            }
        }
    }

    pub fn render(&self, at: &Location, area: Rect, buf: &mut Buffer) {
        match at {
            Location::Group(_) => self.render_members(area, buf),
            _ => self.render_list(area, buf),
        }
    }

    fn render_list(&self, area: Rect, buf: &mut Buffer) {
        let rows = self.list.data.as_deref().unwrap_or(&[]);
        let title = format!(
            "{} {} (Enter: members and evidence; s: sort)",
            list_count(
                rows.len(),
                self.complete,
                "linked-case group",
                "linked-case groups"
            ),
            self.order_words()
        );
        let columns = self.sort().headed(&GROUP_COLUMNS, &GROUP_TITLES);
        title_line(area, buf, &title);
        table::render_items(
            below_title(area),
            buf,
            &columns,
            rows,
            Some(self.cursor),
            self.list.placeholder(),
            |g, widths| {
                let cells = [
                    marked(&g.group_id, self.marks.group(&g.group_id)),
                    g.size.to_string(),
                    text::yuan(g.loss_fen),
                    g.first.clone(),
                    g.last.clone(),
                    span_days(&g.first, &g.last),
                ];
                table::text_row(&cells, &columns, widths)
            },
        );
    }

    fn render_members(&self, area: Rect, buf: &mut Buffer) {
        let members = self.members.data.as_deref().unwrap_or(&[]);
        let id = self.group_id.as_deref().unwrap_or("");
        let loss: i64 = members.iter().filter_map(|m| m.amount_fen).sum();
        let first = members.first().map_or("", |m| m.reported_at.as_str());
        let last = members
            .iter()
            .map(|m| m.reported_at.as_str())
            .max()
            .unwrap_or("");
        let title = if members.is_empty() {
            format!("Group {id}")
        } else {
            format!(
                "Group {id}: {}, {} yuan, {first} .. {last} ({} days)",
                text::plural(members.len() as i64, "case", "cases"),
                text::yuan(loss),
                span_days(first, last)
            )
        };
        title_line(area, buf, &title);
        // The report number as wide as the widest: never cut.
        let mut columns = MEMBER_COLUMNS;
        let shown: Vec<String> = members
            .iter()
            .map(|m| case_marked(&self.marks, &m.report_no, Some(id)))
            .collect();
        columns[0] = table::fit_to(MEMBER_COLUMNS[0], shown.iter().map(String::as_str));
        table::render_items(
            below_title(area),
            buf,
            &columns,
            members,
            Some(self.member_cursor),
            self.members.placeholder(),
            |m, widths| {
                let shared = m
                    .shared
                    .iter()
                    .map(|s| s.describe())
                    .collect::<Vec<_>>()
                    .join("; ");
                let ids = m
                    .caller_numbers
                    .iter()
                    .chain(&m.receiving_accounts)
                    .chain(&m.contact_ids)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join("; ");
                let cells = [
                    case_marked(&self.marks, &m.report_no, Some(id)),
                    m.reported_at.clone(),
                    text::amount(m.amount_fen, ""),
                    shared,
                    ids,
                ];
                table::text_row(&cells, &columns, widths)
            },
        );
    }
}

impl GroupsScreen {
    fn order_words(&self) -> String {
        let sort = self.sort();
        if sort == GROUP_DEFAULT {
            return "by size, then loss".to_string();
        }
        let name = GROUP_COLUMNS
            .get(sort.column)
            .map_or("", |c| c.title)
            .to_lowercase();
        let way = if sort.descending {
            "largest first"
        } else {
            "smallest first"
        };
        match sort.column {
            0 if sort.descending => "by group, last first".to_string(),
            0 => "by group".to_string(),
            3 | 4 if sort.descending => format!("by {name} seen, latest first"),
            3 | 4 => format!("by {name} seen, earliest first"),
            _ => format!("by {name}, {way}"),
        }
    }
}

/// `rows` in `sort`; ties in the list's own order (size, loss, id), so that `S`
/// turns the list exactly round.
pub fn sort_groups(rows: &mut [GroupRow], sort: Sort) {
    let as_read = |a: &GroupRow, b: &GroupRow| {
        b.size
            .cmp(&a.size)
            .then(b.loss_fen.cmp(&a.loss_fen))
            .then_with(|| a.group_id.cmp(&b.group_id))
    };
    let by_column = |a: &GroupRow, b: &GroupRow| match sort.column {
        0 => a.group_id.cmp(&b.group_id),
        1 => a.size.cmp(&b.size),
        2 => a.loss_fen.cmp(&b.loss_fen),
        3 => a.first.cmp(&b.first),
        4 => a.last.cmp(&b.last),
        _ => std::cmp::Ordering::Equal,
    };
    if sort.column == 5 {
        // The span is worked out once a row, not once a comparison.
        rows.sort_by(|a, b| as_read(b, a));
        rows.sort_by_cached_key(|g| span_days(&g.first, &g.last).parse::<i64>().unwrap_or(-1));
        if sort.descending {
            rows.reverse();
        }
        return;
    }
    rows.sort_by(|a, b| sort.apply(by_column(a, b).then_with(|| as_read(b, a))));
}

/// A list's count as its title says it: `N+` and a note while the rest is read.
pub fn list_count(n: usize, complete: bool, one: &str, many: &str) -> String {
    if n == 0 && !complete {
        format!("{many}: reading...")
    } else if complete || n == 0 {
        text::plural(n as i64, one, many)
    } else {
        format!("{}+ {many} (reading the rest...)", text::count(n as i64))
    }
}

/// Whole lists arrived: a `G` pressed meanwhile takes the selection to the end.
pub fn go_to_end(cursor: &mut Cursor, to_end: &mut bool, complete: bool, len: usize) {
    if complete && std::mem::take(to_end) {
        cursor.selected = len.saturating_sub(1);
    }
}

pub fn title_line(area: Rect, buf: &mut Buffer, title: &str) {
    if area.height == 0 {
        return;
    }
    buf.set_line(
        area.x,
        area.y,
        &Line::styled(
            text::cell(title, area.width as usize),
            Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
        ),
        area.width,
    );
}

pub fn below_title(area: Rect) -> Rect {
    Rect::new(
        area.x,
        area.y + 1.min(area.height),
        area.width,
        area.height.saturating_sub(1),
    )
}

/// Rows of a titled table in a body of this size.
pub fn table_height(body: Rect) -> usize {
    body.height.saturating_sub(2) as usize
}

/// Days from the first to the last date (`YYYY-MM-DD...`), or blank.
pub fn span_days(first: &str, last: &str) -> String {
    let day = |s: &str| chrono::NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok();
    match (day(first), day(last)) {
        (Some(a), Some(b)) => (b - a).num_days().to_string(),
        _ => String::new(),
    }
}
