//! Cases: every case newest first, or the results of the search box as it is typed.
//!
//! The list is never loaded whole: the screen keeps a window of rows around what is
//! visible and asks a worker for another page (read by OFFSET from the nearer end)
//! when the selection leaves it, so a million cases scroll like a hundred and the UI
//! thread reads nothing ([`CasesScreen::wanted_rows`]; the count comes with the
//! status line's totals). Search results come from the search engine on its own
//! thread, tagged with the generation of the query, a page at a time in the same
//! way: [`CasesScreen::wanted_page`] says which rows the screen needs, and the app
//! asks the engine for them. While the engine's count is a
//! lower bound (`N+`), reaching the last row counted asks for more, and `G` asks for
//! the end (which makes the count exact).
//!
//! `s` and `S` sort the case list by a column (read in that order by the same
//! paged query: [`CaseOrder`]); search results stay ranked by relevance.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use casebench::export::display_width;
use casebench::store::views::{CaseLine, CaseOrder};

use super::casework::case_marked;
use super::{Cmd, Location};
use crate::tui::components::cursor::Cursor;
use crate::tui::components::input::Input;
use crate::tui::components::sort::{Sort, arrows};
use crate::tui::components::table::{self, Column, Table};
use crate::tui::jobs::CaseSort;
use crate::tui::keys::Action;
use crate::tui::search::{HitField, Mark, SearchPage};
use crate::tui::text;

pub const COLUMNS: [Column; 7] = [
    Column::fixed("Reported", 16),
    // As wide as the report numbers shown (see `CasesScreen::columns`).
    Column::fixed("Report no", 9),
    Column::number("Amount", 10),
    Column::flex("Type", 6),
    Column::flex("Caller", 14),
    Column::flex("Account", 9),
    // Room for its sort arrow.
    Column::number("Grp", 5),
];

/// [`COLUMNS`]' titles with a sort arrow.
const SORTED_TITLES: [(&str, &str); 7] = arrows!(
    "Reported",
    "Report no",
    "Amount",
    "Type",
    "Caller",
    "Account",
    "Grp"
);

/// The columns `s` sorts by, in turn, with their first direction. A case's callers
/// and accounts are lists: they are searched, not sorted.
const SORTABLE: [(usize, bool); 5] = [(0, true), (1, false), (2, true), (3, false), (6, true)];

/// Newest first.
const DEFAULT_SORT: Sort = Sort::new(0, true);

/// The columns narrowed first when the table does not fit: the report number is read
/// whole, then the identifiers, then the rest.
const CUT_ORDER: [usize; 7] = [6, 3, 2, 0, 5, 4, 1];

/// Lines of the script preview under the table (when there is room).
const PREVIEW: u16 = 3;

#[derive(Debug, Default)]
pub struct CasesScreen {
    pub input: Input,
    /// Keys go to the search box.
    pub typing: bool,
    /// Cases in the store (known once `counted`).
    pub total: u64,
    /// The count has arrived (with the status line's totals).
    pub counted: bool,
    pub cursor: Cursor,
    window_start: u64,
    window: Vec<CaseLine>,
    /// The generation of the page of cases in flight (0: none), and its start.
    pub page_pending: u64,
    page_asked: Option<u64>,
    pub search: SearchState,
    pub error: Option<String>,
    /// The case list's sort (None: newest first).
    pub sort: Option<Sort>,
    /// Raised at each change of the store: see [`CaseSort::epoch`].
    epoch: u64,
    /// Casework marks, shown after the report numbers.
    pub marks: std::sync::Arc<casebench::casework::Annotations>,
}

#[derive(Debug, Default)]
pub struct SearchState {
    /// Of the newest query sent; replies with another are stale.
    pub generation: u64,
    /// The newest page received (shown until a newer one arrives: no flicker): the
    /// rows around the selection, and the count.
    pub page: Option<SearchPage>,
    /// The first page of the newest query is on its way.
    pub waiting: bool,
    pub error: Option<String>,
    pub cursor: Cursor,
    /// The offset of the last page asked for (not asked again while it is wanted).
    pub asked: Option<usize>,
    /// `G` asked for the end: the selection goes to the last row when it arrives.
    pub to_end: bool,
}

/// Rows a search page holds at least: the window either side of the screen.
const PAGE_AROUND: usize = crate::tui::search::PAGE;

impl CasesScreen {
    pub fn sort(&self) -> Sort {
        self.sort.unwrap_or(DEFAULT_SORT)
    }

    /// The case list's order as the page query takes it.
    pub fn order(&self) -> (CaseOrder, bool) {
        let sort = self.sort();
        let order = match sort.column {
            1 => CaseOrder::ReportNo,
            2 => CaseOrder::Amount,
            3 => CaseOrder::ScamType,
            6 => CaseOrder::GroupSize,
            _ => CaseOrder::Reported,
        };
        (order, sort.descending)
    }

    /// The order the pages are read in.
    pub fn page_sort(&self) -> CaseSort {
        let (order, descending) = self.order();
        CaseSort {
            order,
            descending,
            epoch: self.epoch,
        }
    }

    /// Sorts the case list another way: from its first row, every page read again
    /// (a page on its way in the old order is not taken).
    fn set_sort(&mut self, sort: Sort) {
        self.sort = Some(sort);
        self.cursor = Cursor::default();
        self.window.clear();
        self.window_start = 0;
        self.page_asked = None;
        self.page_pending = 0;
    }

    /// The order of the case list in words, for the search line.
    fn order_words(&self) -> &'static str {
        match self.order() {
            (CaseOrder::Reported, true) => "newest first",
            (CaseOrder::Reported, false) => "oldest first",
            (CaseOrder::ReportNo, false) => "by report no",
            (CaseOrder::ReportNo, true) => "by report no, last first",
            (CaseOrder::Amount, true) => "largest amount first",
            (CaseOrder::Amount, false) => "smallest amount first",
            (CaseOrder::ScamType, false) => "by type",
            (CaseOrder::ScamType, true) => "by type, last first",
            (CaseOrder::GroupSize, true) => "largest group first",
            (CaseOrder::GroupSize, false) => "smallest group first",
        }
    }

    /// A query is in the box: the list shows its results.
    pub fn searching(&self) -> bool {
        !self.input.text().trim().is_empty()
    }

    /// Results of the search (a lower bound while `at_least`).
    fn hits_len(&self) -> usize {
        self.search.page.as_ref().map_or(0, |p| p.total)
    }

    pub fn len(&self) -> usize {
        if self.searching() {
            self.hits_len()
        } else {
            self.total as usize
        }
    }

    fn cursor_mut(&mut self) -> &mut Cursor {
        if self.searching() {
            &mut self.search.cursor
        } else {
            &mut self.cursor
        }
    }

    fn current_cursor(&self) -> Cursor {
        if self.searching() {
            self.search.cursor
        } else {
            self.cursor
        }
    }

    /// The row at `index` of the list shown, if it is at hand.
    fn line(&self, index: usize) -> Option<(&CaseLine, &[Mark])> {
        if self.searching() {
            let page = self.search.page.as_ref()?;
            let hit = page.hits.get(index.checked_sub(page.offset)?)?;
            Some((&hit.line, &hit.marks))
        } else {
            let i = (index as u64).checked_sub(self.window_start)? as usize;
            self.window.get(i).map(|l| (l, &[] as &[Mark]))
        }
    }

    pub fn selected(&self) -> Option<&CaseLine> {
        self.line(self.current_cursor().selected).map(|(l, _)| l)
    }

    /// The store changed (or its count arrived): drop the rows at hand.
    pub fn reload(&mut self, total: u64) {
        self.total = total;
        self.counted = true;
        self.epoch += 1;
        self.window.clear();
        self.window_start = 0;
        self.page_asked = None;
    }

    /// The cases the window of `height` needs and has not asked for: (offset, how
    /// many), a page either side so that scrolling a line reads nothing.
    pub fn wanted_rows(&mut self, height: usize) -> Option<(u64, u64)> {
        if self.searching() || self.total == 0 {
            return None;
        }
        self.cursor.follow(self.total as usize, height);
        let first = self.cursor.offset as u64;
        let last = (first + height as u64).min(self.total);
        let end = self.window_start + self.window.len() as u64;
        if first >= self.window_start && last <= end && !self.window.is_empty() {
            return None;
        }
        let start = first.saturating_sub(height as u64);
        if self.page_asked == Some(start) {
            return None;
        }
        self.page_asked = Some(start);
        Some((start, 3 * height as u64))
    }

    /// A page of cases read by the worker, if it answers the newest request.
    pub fn accept_rows(
        &mut self,
        generation: u64,
        start: u64,
        result: Result<Vec<CaseLine>, String>,
    ) {
        if generation != self.page_pending {
            return;
        }
        self.page_pending = 0;
        self.page_asked = None;
        match result {
            Ok(lines) => {
                self.window_start = start;
                self.window = lines;
                self.error = None;
            }
            Err(e) => self.error = Some(e),
        }
    }

    /// A search reply: kept if it answers the newest query. The first page of a
    /// query puts the selection on its first row; a later page keeps the selection
    /// (or moves it to the end, when `G` asked for the end).
    pub fn accept_search(&mut self, generation: u64, result: Result<SearchPage, String>) {
        if generation != self.search.generation {
            return;
        }
        let first = std::mem::take(&mut self.search.waiting);
        match result {
            Ok(page) => {
                let total = page.total;
                // An answer to another request than the last: the rows wanted may be
                // elsewhere, ask again (the same one answered is not asked twice).
                if self.search.asked != Some(page.offset) {
                    self.search.asked = None;
                }
                self.search.page = Some(page);
                self.search.error = None;
                if first {
                    self.search.cursor = Cursor::default();
                    self.search.asked = None;
                    self.search.to_end = false;
                } else if std::mem::take(&mut self.search.to_end) {
                    self.search.cursor.selected = total.saturating_sub(1);
                }
            }
            Err(e) => self.search.error = Some(e),
        }
    }

    /// The page of search results the screen needs and has not asked for: (offset,
    /// limit), offset `usize::MAX` for the end. None when the rows are at hand (or
    /// asked for), or while the query's first page is on its way.
    pub fn wanted_page(&mut self, height: usize) -> Option<(usize, usize)> {
        if !self.searching() || self.search.waiting {
            return None;
        }
        let page = self.search.page.as_ref()?;
        let limit = PAGE_AROUND.max(3 * height);
        if self.search.to_end {
            return self.ask(usize::MAX, limit);
        }
        let (total, at_least) = (page.total, page.at_least);
        self.search.cursor.follow(total, height);
        let first = self.search.cursor.offset;
        let last = (first + height).min(total);
        let start = page.offset;
        let end = start + page.hits.len();
        let covered = first >= start && last <= end;
        // Near the last row counted of a count still growing: ask past it.
        let near_end = at_least && first + 2 * height >= total;
        if covered && !near_end {
            return None;
        }
        let offset = first.saturating_sub((limit - height) / 2);
        self.ask(offset, limit)
    }

    fn ask(&mut self, offset: usize, limit: usize) -> Option<(usize, usize)> {
        if self.search.asked == Some(offset) {
            return None;
        }
        self.search.asked = Some(offset);
        Some((offset, limit))
    }

    pub fn on_action(&mut self, action: Action, height: usize) -> Option<Cmd> {
        // Search results are ranked by relevance; the case list sorts.
        match action {
            Action::Sort | Action::Reverse if self.searching() => return None,
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
        let len = self.len();
        // The end of a count still growing is not known: ask the engine for it.
        if action == Action::Bottom
            && self.searching()
            && self.search.page.as_ref().is_some_and(|p| p.at_least)
        {
            self.search.to_end = true;
            self.search.asked = None;
            return None;
        }
        if self.cursor_mut().apply(action, len, height) {
            return None;
        }
        match action {
            Action::Enter => self
                .selected()
                .map(|l| Cmd::Open(Location::Detail(Some(l.report_no.clone())))),
            _ => None,
        }
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, engine: &str) {
        if area.height == 0 {
            return;
        }
        self.render_search_line(Rect::new(area.x, area.y, area.width, 1), buf, engine);
        let preview = if area.height >= 14 { PREVIEW + 1 } else { 0 };
        let table_area = Rect::new(
            area.x,
            area.y + 1,
            area.width,
            area.height.saturating_sub(1 + preview),
        );
        let cursor = self.current_cursor();
        let height = table_area.height.saturating_sub(1) as usize;
        let columns = self.columns(cursor.offset, height);
        let widths = table::widths_cutting(&columns, table_area.width as usize, &CUT_ORDER);
        // A row not at hand yet (its page is on its way) keeps its place.
        let rows = (cursor.offset..(cursor.offset + height).min(self.len()))
            .map(|i| match self.line(i) {
                Some((line, marks)) => row(line, marks, &widths, &self.marks),
                None => vec![table::text_cell("...", &COLUMNS[0], widths[0])],
            })
            .collect();
        let empty = if let Some(e) = self.error.as_ref().or(self.search.error.as_ref()) {
            e.as_str()
        } else if self.searching() && self.search.waiting && self.search.page.is_none() {
            "searching..."
        } else if self.searching() {
            "no case matches"
        } else if self.total == 0 && self.counted {
            "no cases yet: press 5 for Imports, then i to import the files in imports/"
        } else {
            "loading..."
        };
        Table {
            columns: &columns,
            widths: &widths,
            rows,
            selected: (self.len() > 0).then(|| cursor.row_in_window()),
            empty,
        }
        .render(table_area, buf);
        if preview > 0 {
            let y = table_area.bottom();
            self.render_preview(
                Rect::new(area.x, y, area.width, area.bottom().saturating_sub(y)),
                buf,
            );
        }
    }

    /// The columns for the rows from `first`: the report number as wide as the
    /// widest shown, so that it is never cut.
    fn columns(&self, first: usize, height: usize) -> [Column; 7] {
        let mut columns = match self.searching() {
            true => COLUMNS,
            false => self.sort().headed(&COLUMNS, &SORTED_TITLES),
        };
        let shown: Vec<String> = (first..first + height)
            .filter_map(|i| self.line(i))
            .map(|(l, _)| case_marked(&self.marks, &l.report_no, l.group_id.as_deref()))
            .collect();
        columns[1] = table::fit_to(columns[1], shown.iter().map(String::as_str));
        columns
    }

    fn render_search_line(&self, area: Rect, buf: &mut Buffer, engine: &str) {
        let dim = Style::new().add_modifier(Modifier::DIM);
        let mut spans = vec![Span::styled(
            " / ",
            if self.typing {
                Style::new().fg(Color::Black).bg(Color::Yellow)
            } else {
                Style::new().add_modifier(Modifier::BOLD)
            },
        )];
        let count = if self.searching() && self.search.page.is_none() {
            if self.search.waiting {
                format!("searching ({engine})...")
            } else {
                String::new()
            }
        } else if self.searching() {
            let page = self.search.page.as_ref();
            let n = page.map_or(0, |p| p.total);
            let at_least = page.is_some_and(|p| p.at_least);
            let wait = if self.search.waiting { "..." } else { "" };
            format!(
                "{}{} {} ({engine}){wait}",
                text::count(n as i64),
                if at_least { "+" } else { "" },
                if n == 1 && !at_least {
                    "match"
                } else {
                    "matches"
                }
            )
        } else if !self.counted {
            "counting the cases...".to_string()
        } else {
            format!(
                "{}, {}",
                text::plural(self.total as i64, "case", "cases"),
                self.order_words()
            )
        };
        let room = (area.width as usize).saturating_sub(3 + display_width(&count) + 2);
        if self.input.text().is_empty() && !self.typing {
            spans.push(Span::styled(
                text::cell("search: a number, an account, words of the script", room),
                dim,
            ));
        } else {
            spans.push(Span::raw(text::cell(
                &format!(" {}", self.input.text()),
                room,
            )));
        }
        spans.push(Span::styled(format!(" {count} "), dim));
        buf.set_line(area.x, area.y, &Line::from(spans), area.width);
    }

    /// Where the terminal cursor goes while typing.
    pub fn input_cursor(&self, area: Rect) -> (u16, u16) {
        let x = area.x + 4 + self.input.cursor_cells() as u16;
        (x.min(area.right().saturating_sub(1)), area.y)
    }

    fn render_preview(&self, area: Rect, buf: &mut Buffer) {
        if area.height == 0 {
            return;
        }
        let Some((line, marks)) = self.line(self.current_cursor().selected) else {
            return;
        };
        let title = format!("-- {} ", line.report_no);
        let rule = format!(
            "{}{}",
            text::cell(&title, title.len().min(area.width as usize)),
            "-".repeat((area.width as usize).saturating_sub(title.len()))
        );
        buf.set_line(
            area.x,
            area.y,
            &Line::styled(rule, Style::new().add_modifier(Modifier::DIM)),
            area.width,
        );
        let width = area.width as usize;
        let script = text::clean(&line.script);
        let on = text::marked(&script, HitField::Script, marks);
        let mut at = 0;
        for (i, l) in text::wrap(&script, width)
            .into_iter()
            .take(area.height.saturating_sub(1) as usize)
            .enumerate()
        {
            let n = l.chars().count();
            let spans = text::spans_marked(&l, on.get(at..at + n).unwrap_or(&[]), Style::new());
            at += n;
            buf.set_line(
                area.x,
                area.y + 1 + i as u16,
                &Line::from(spans),
                area.width,
            );
        }
    }
}

fn row(
    line: &CaseLine,
    marks: &[Mark],
    widths: &[usize],
    casework: &casebench::casework::Annotations,
) -> Vec<Vec<Span<'static>>> {
    let plain = Style::new();
    let hl = |s: &str, w: usize, f: HitField| text::highlighted(s, w, f, marks, plain);
    let group = if line.group_size > 1 {
        line.group_size.to_string()
    } else {
        String::new()
    };
    vec![
        table::text_cell(&line.reported_at, &COLUMNS[0], widths[0]),
        // Match positions lie in the report number, which the marker follows.
        hl(
            &case_marked(casework, &line.report_no, line.group_id.as_deref()),
            widths[1],
            HitField::ReportNo,
        ),
        table::text_cell(
            &text::amount(line.amount_fen, &line.amount_raw),
            &COLUMNS[2],
            widths[2],
        ),
        // The taxonomy's name, unless the search matched the type as the file wrote it.
        if marks.iter().any(|m| {
            matches!(
                m,
                Mark::At {
                    field: HitField::ScamType,
                    ..
                }
            )
        }) {
            hl(&line.scam_type, widths[3], HitField::ScamType)
        } else {
            hl(
                line.scam_type_code.official_name(),
                widths[3],
                HitField::ScamType,
            )
        },
        hl(&callers_text(line, widths[4]), widths[4], HitField::Caller),
        hl(&line.accounts.join("; "), widths[5], HitField::Account),
        table::text_cell(&group, &COLUMNS[6], widths[6]),
    ]
}

/// The caller numbers marked where they are a fraud signal, as the listings write
/// them (DESIGN: shown wherever the number is), when the column has room: in a narrow
/// column the whole number counts for more, and the case's detail still says it.
fn callers_text(line: &CaseLine, width: usize) -> String {
    let flagged = line.flagged_callers.join("; ");
    match casebench::text::display_width(&flagged) <= width {
        true => flagged,
        false => line.callers.join("; "),
    }
}

/// Rows of the case table in a body of this size.
pub fn table_height(body: Rect) -> usize {
    let preview = if body.height >= 14 { PREVIEW + 1 } else { 0 };
    body.height.saturating_sub(2 + preview) as usize
}
