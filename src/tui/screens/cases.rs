//! Cases: every case newest first, or the results of the search box as it is typed.
//!
//! The list is never loaded whole: the screen keeps a window of rows around what is
//! visible and reads another page (by OFFSET from the nearer end) when the selection
//! leaves it, so a million cases scroll like a hundred. Search results come from the
//! search engine on its own thread, tagged with the generation of the query.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use rusqlite::Connection;

use casebench::export::display_width;
use casebench::store::views::{self, CaseLine};

use super::{Cmd, Location};
use crate::tui::components::cursor::Cursor;
use crate::tui::components::input::Input;
use crate::tui::components::table::{self, Column, Table};
use crate::tui::keys::Action;
use crate::tui::search::{HitField, Mark, SearchPage};
use crate::tui::text;

pub const COLUMNS: [Column; 7] = [
    Column::fixed("Reported", 16),
    Column::fixed("Report no", 16),
    Column::number("Amount", 10),
    Column::flex("Type", 6),
    Column::flex("Caller", 14),
    Column::flex("Account", 9),
    Column::number("Grp", 3),
];

/// Lines of the script preview under the table (when there is room).
const PREVIEW: u16 = 3;

#[derive(Debug, Default)]
pub struct CasesScreen {
    pub input: Input,
    /// Keys go to the search box.
    pub typing: bool,
    /// Cases in the store.
    pub total: u64,
    pub cursor: Cursor,
    window_start: u64,
    window: Vec<CaseLine>,
    pub search: SearchState,
    pub error: Option<String>,
}

#[derive(Debug, Default)]
pub struct SearchState {
    /// Of the newest query sent; replies with another are stale.
    pub generation: u64,
    /// The newest page received (shown until a newer one arrives: no flicker).
    pub page: Option<SearchPage>,
    pub waiting: bool,
    pub error: Option<String>,
    pub cursor: Cursor,
}

impl CasesScreen {
    /// A query is in the box: the list shows its results.
    pub fn searching(&self) -> bool {
        !self.input.text().trim().is_empty()
    }

    fn hits_len(&self) -> usize {
        self.search.page.as_ref().map_or(0, |p| p.hits.len())
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
            let hit = self.search.page.as_ref()?.hits.get(index)?;
            Some((&hit.line, &hit.marks))
        } else {
            let i = (index as u64).checked_sub(self.window_start)? as usize;
            self.window.get(i).map(|l| (l, &[] as &[Mark]))
        }
    }

    pub fn selected(&self) -> Option<&CaseLine> {
        self.line(self.current_cursor().selected).map(|(l, _)| l)
    }

    /// The store changed size: count again and drop the rows at hand.
    pub fn reload(&mut self, conn: &Connection) {
        match views::case_total(conn) {
            Ok(n) => {
                self.total = n;
                self.error = None;
            }
            Err(e) => self.error = Some(e.to_string()),
        }
        self.window.clear();
        self.window_start = 0;
    }

    /// Reads the rows the window of `height` needs, if they are not at hand.
    pub fn fetch_visible(&mut self, conn: &Connection, height: usize) {
        if self.searching() || self.total == 0 {
            return;
        }
        self.cursor.follow(self.total as usize, height);
        let first = self.cursor.offset as u64;
        let last = (first + height as u64).min(self.total);
        let end = self.window_start + self.window.len() as u64;
        if first >= self.window_start && last <= end && !self.window.is_empty() {
            return;
        }
        // A page either side, so that scrolling a line reads nothing.
        let start = first.saturating_sub(height as u64);
        let want = 3 * height as u64;
        let result = views::case_ids_page(conn, start, want, self.total)
            .and_then(|ids| views::case_lines(conn, &ids));
        match result {
            Ok(lines) => {
                self.window_start = start;
                self.window = lines;
                self.error = None;
            }
            Err(e) => self.error = Some(e.to_string()),
        }
    }

    /// A search reply: kept if it answers the newest query.
    pub fn accept_search(&mut self, generation: u64, result: Result<SearchPage, String>) {
        if generation != self.search.generation {
            return;
        }
        self.search.waiting = false;
        match result {
            Ok(page) => {
                self.search.page = Some(page);
                self.search.error = None;
                self.search.cursor = Cursor::default();
            }
            Err(e) => self.search.error = Some(e),
        }
    }

    pub fn on_action(&mut self, action: Action, height: usize) -> Option<Cmd> {
        let len = self.len();
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
        let widths = table::widths(&COLUMNS, table_area.width as usize);
        let cursor = self.current_cursor();
        let height = table_area.height.saturating_sub(1) as usize;
        let rows = (cursor.offset..cursor.offset + height)
            .filter_map(|i| self.line(i))
            .map(|(line, marks)| row(line, marks, &widths))
            .collect();
        let empty = if let Some(e) = self.error.as_ref().or(self.search.error.as_ref()) {
            e.as_str()
        } else if self.searching() && self.search.waiting && self.search.page.is_none() {
            "searching..."
        } else if self.searching() {
            "no case matches"
        } else if self.total == 0 {
            "no cases yet: press 5 for Imports, then i to import the files in imports/"
        } else {
            "loading..."
        };
        Table {
            columns: &COLUMNS,
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
        } else {
            format!("{} cases, newest first", text::count(self.total as i64))
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

fn row(line: &CaseLine, marks: &[Mark], widths: &[usize]) -> Vec<Vec<Span<'static>>> {
    let plain = Style::new();
    let hl = |s: &str, w: usize, f: HitField| text::highlighted(s, w, f, marks, plain);
    let group = if line.group_size > 1 {
        line.group_size.to_string()
    } else {
        String::new()
    };
    vec![
        table::text_cell(&line.reported_at, &COLUMNS[0], widths[0]),
        hl(&line.report_no, widths[1], HitField::ReportNo),
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
    match unicode_width::UnicodeWidthStr::width(flagged.as_str()) <= width {
        true => flagged,
        false => line.callers.join("; "),
    }
}

/// Rows of the case table in a body of this size.
pub fn table_height(body: Rect) -> usize {
    let preview = if body.height >= 14 { PREVIEW + 1 } else { 0 };
    body.height.saturating_sub(2 + preview) as usize
}
