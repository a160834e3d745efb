//! Drawing the whole frame from the app's state: the tab bar, the screen of the
//! current place on the trail, the status line (database, totals, key hints from the
//! key table), a popup or an import's progress on top. A pure function of state; the
//! terminal's cursor is placed only where text is typed.
//!
//! The chrome is ASCII and colour only: box-drawing and block characters are
//! East-Asian "ambiguous" and take two cells in many Chinese terminals.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;
use ratatui::text::{Line, Span};

use casebench::export::display_width;

use super::app::App;
use super::keys;
use super::popups;
use super::screens::{Location, Tab};
use super::text;

/// Smallest terminal the workbench draws in.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 12;

/// Borders drawn with ASCII only.
pub const BORDER: border::Set = border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    let cursor = render(app, area, frame.buffer_mut());
    if let Some((x, y)) = cursor {
        frame.set_cursor_position((x, y));
    }
}

/// Renders into `buf`; returns where the terminal cursor goes, if anywhere.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) -> Option<(u16, u16)> {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(area, buf);
        return None;
    }
    tab_bar(app, Rect::new(area.x, area.y, area.width, 1), buf);
    let body = super::screens::body(area);
    let mut cursor = None;
    match app.location() {
        Location::Cases | Location::Search(_) => {
            app.cases.render(body, buf, &app.search_label());
            if app.cases.typing {
                cursor = Some(
                    app.cases
                        .input_cursor(Rect::new(body.x, body.y, body.width, 1)),
                );
            }
        }
        Location::Detail(_) => app.detail.render(body, buf, app.unmasked),
        at @ (Location::Groups | Location::Group(_)) => app.groups.render(at, body, buf),
        Location::Hubs => app.hubs.render(body, buf),
        Location::Imports => app.imports.render(body, buf),
        Location::Stats => app.stats.render(body, buf),
        Location::Bulletin => app.bulletin.render(body, buf),
    }
    status_line(
        app,
        Rect::new(area.x, area.bottom() - 1, area.width, 1),
        buf,
    );
    if let Some(popup) = &app.popup {
        return popup.render(body, buf);
    }
    if let Some(run) = &app.imports.run
        && app.tab() != Tab::Imports
    {
        let inner = popups::frame(body, 70, 5, "Importing", buf);
        let label = if run.files == 0 {
            "looking for new files...".to_string()
        } else {
            run.label()
        };
        gauge(
            Rect::new(inner.x, inner.y + 1, inner.width, 1),
            buf,
            run.overall(),
            &label,
        );
    }
    cursor
}

fn too_small(area: Rect, buf: &mut Buffer) {
    let lines = [
        format!("terminal too small: {}x{}", area.width, area.height),
        format!("casebench needs at least {MIN_WIDTH}x{MIN_HEIGHT}"),
    ];
    for (i, l) in lines.iter().enumerate() {
        if (i as u16) < area.height {
            buf.set_line(
                area.x,
                area.y + i as u16,
                &Line::from(text::cell(l, area.width as usize)),
                area.width,
            );
        }
    }
}

fn tab_bar(app: &App, area: Rect, buf: &mut Buffer) {
    let mut spans = vec![Span::styled(
        " casebench ",
        Style::new().fg(Color::Black).bg(Color::Cyan),
    )];
    let current = app.tab();
    for tab in Tab::ALL {
        let label = format!(" {} {} ", tab.index() + 1, tab.title());
        let style = if tab == current {
            Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED)
        } else {
            Style::new()
        };
        spans.push(Span::raw(" "));
        spans.push(Span::styled(label, style));
    }
    let trail = app.trail.len();
    if trail > 1 {
        spans.push(Span::styled(
            format!("  Esc: back ({})", trail - 1),
            Style::new().add_modifier(Modifier::DIM),
        ));
    }
    buf.set_line(area.x, area.y, &Line::from(spans), area.width);
}

fn status_line(app: &App, area: Rect, buf: &mut Buffer) {
    let width = area.width as usize;
    let totals = |short: bool| match &app.totals {
        Some(t) => {
            let last = match &t.last_import {
                Some((at, _)) if short => at.get(5..16).unwrap_or(at).to_string(),
                Some((at, _)) => format!("imported {}", at.get(..16).unwrap_or(at)),
                None => "nothing imported".to_string(),
            };
            // Narrow: the database by its file name.
            let db = if short {
                std::path::Path::new(&app.db_label)
                    .file_name()
                    .map_or(app.db_label.clone(), |n| n.to_string_lossy().into_owned())
            } else {
                app.db_label.clone()
            };
            format!(
                " {} | {} | {} | {last}{} ",
                db,
                text::plural(t.cases, "case", "cases"),
                if short {
                    format!("{} grp", text::count(t.groups))
                } else {
                    text::plural(t.groups, "group", "groups")
                },
                if app.unmasked { " | UNMASKED" } else { "" }
            )
        }
        None => format!(" {} ", app.db_label),
    };
    let typing = app.tab() == Tab::Cases && app.cases.typing;
    let mut hints: Vec<String> = if typing {
        [
            "type to search",
            "Enter: first result",
            "Esc: leave the box",
            "Ctrl-C: quit",
        ]
        .map(String::from)
        .to_vec()
    } else {
        keys::hints(app.tab())
            .into_iter()
            .map(|(k, what)| format!("{k} {what}"))
            .collect()
    };
    let mut left = totals(false);
    // Rows written so far, once the export says (a listing streamed by the core
    // whole, like every case, says only when it is done).
    let export = app.exporting.as_ref().map(|run| {
        let path = run.path.display();
        match (run.rows, run.total) {
            (0, Some(total)) => {
                format!(
                    "exporting {} to {path}...",
                    text::plural(total as i64, "row", "rows")
                )
            }
            (0, None) => format!("exporting to {path}..."),
            (done, Some(total)) => format!(
                "exporting to {path}: {} of {}...",
                text::count(done as i64),
                text::plural(total as i64, "row", "rows")
            ),
            (done, None) => format!(
                "exporting to {path}: {}...",
                text::plural(done as i64, "row", "rows")
            ),
        }
    });
    // An ignore running says so until its answer (a toast goes with the next key).
    let export = app.ignoring.clone().or(export);
    let right = match app.toast.as_ref().or(export.as_ref()) {
        Some(t) => format!(" {} ", text::clean(t)),
        None => {
            let fits = |l: &str, h: &[String]| {
                display_width(l) + display_width(&h.join("  ")) + 2 <= width
            };
            if !fits(&left, &hints) {
                left = totals(true);
            }
            // Narrow: the middle hints give way; the screen's own key (first), `? help`
            // and `q quit` stay while they can.
            while hints.len() > 3 && !fits(&left, &hints) {
                hints.remove(1);
            }
            while hints.len() > 2 && !fits(&left, &hints) {
                hints.remove(0);
            }
            format!(" {} ", hints.join("  "))
        }
    };
    let right_w = display_width(&right).min(width);
    let left_w = width - right_w;
    let style = Style::new().bg(Color::DarkGray).fg(Color::White);
    let right_style = if app.toast.is_some() || export.is_some() {
        Style::new().bg(Color::Yellow).fg(Color::Black)
    } else {
        style
    };
    buf.set_style(area, style);
    buf.set_line(
        area.x,
        area.y,
        &Line::from(vec![
            Span::styled(text::cell(&left, left_w), style),
            Span::styled(text::cell(&right, right_w), right_style),
        ]),
        area.width,
    );
}

/// A one-line progress bar: coloured cells and a centred label, no block glyphs.
pub fn gauge(area: Rect, buf: &mut Buffer, ratio: f64, label: &str) {
    let width = area.width as usize;
    let label = format!("{label}  {:.0}%", ratio * 100.0);
    let label_w = display_width(&text::clean(&label)).min(width);
    let pad = (width - label_w) / 2;
    let line = format!("{}{}", " ".repeat(pad), text::cell(&label, width - pad));
    let filled = ((width as f64) * ratio.clamp(0.0, 1.0)).round() as usize;
    let on = Style::new().bg(Color::Green).fg(Color::Black);
    let mut spans = Vec::new();
    let mut used = 0;
    let mut head = String::new();
    let mut tail = String::new();
    for c in line.chars() {
        if used < filled {
            head.push(c);
        } else {
            tail.push(c);
        }
        used += casebench::text::char_width(c);
    }
    spans.push(Span::styled(head, on));
    spans.push(Span::raw(tail));
    buf.set_line(area.x, area.y, &Line::from(spans), area.width);
}
