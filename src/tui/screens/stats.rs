//! Stats: reports and losses per week as bar charts, reports and losses by scam type,
//! and the top hubs.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::symbols;
use ratatui::text::Line;
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Widget};

use super::Slot;
use super::groups::title_line;
use crate::tui::components::table::{self, Column};
use crate::tui::event::StatsData;
use crate::tui::text;
use crate::tui::ui::BORDER;

const TYPE_COLUMNS: [Column; 3] = [
    Column::flex("Scam type", 10),
    Column::number("Reports", 9),
    Column::number("Loss (yuan)", 16),
];

const HUB_COLUMNS: [Column; 3] = [
    Column::flex("Top hubs", 14),
    Column::number("Cases", 7),
    Column::number("Loss (yuan)", 16),
];

/// ASCII bars (block glyphs are East-Asian ambiguous width).
const BARS: symbols::bar::Set = symbols::bar::Set {
    full: "#",
    seven_eighths: "#",
    three_quarters: "#",
    five_eighths: "#",
    half: "#",
    three_eighths: ".",
    one_quarter: ".",
    one_eighth: ".",
    empty: " ",
};

#[derive(Debug, Default)]
pub struct StatsScreen {
    pub slot: Slot<StatsData>,
}

impl StatsScreen {
    pub fn render(&self, area: Rect, buf: &mut Buffer) {
        let Some(data) = &self.slot.data else {
            title_line(area, buf, self.slot.placeholder());
            return;
        };
        let [left, right] = if area.width >= 100 {
            Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)])
                .spacing(1)
                .areas(area)
        } else {
            Layout::vertical([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(area)
        };
        let [reports, losses] =
            Layout::vertical([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(left);
        let weeks = &data.weeks;
        // As many of the latest weeks as there is room for.
        let bar_width: u16 = 5;
        let fit = (reports.width.saturating_sub(2) / (bar_width + 1)).max(1) as usize;
        let shown = &weeks[weeks.len().saturating_sub(fit)..];
        let label = |w: &str| Line::from(w.get(5..10).unwrap_or(w).to_string());
        let report_bars: Vec<Bar> = shown
            .iter()
            .map(|w| {
                Bar::default()
                    .value(w.reports.max(0) as u64)
                    .label(label(&w.week))
            })
            .collect();
        week_chart(
            " Reports per week (Monday) ",
            &report_bars,
            bar_width,
            Color::Cyan,
        )
        .render(reports, buf);
        let loss_bars: Vec<Bar> = shown
            .iter()
            .map(|w| {
                let wan = (w.loss_fen.max(0) / 1_000_000) as u64; // 万 yuan
                Bar::default()
                    .value(wan)
                    .text_value(text::count(wan as i64))
                    .label(label(&w.week))
            })
            .collect();
        week_chart(
            " Loss per week (10,000 yuan) ",
            &loss_bars,
            bar_width,
            Color::Red,
        )
        .render(losses, buf);

        let [types, hubs] =
            Layout::vertical([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(right);
        table::render_items(
            types,
            buf,
            &TYPE_COLUMNS,
            &data.types,
            None,
            "no cases",
            |t, widths| {
                let cells = [
                    t.scam_type.official_name().to_string(),
                    text::count(t.reports),
                    text::yuan(t.loss_fen),
                ];
                table::text_row(&cells, &TYPE_COLUMNS, widths)
            },
        );
        table::render_items(
            hubs,
            buf,
            &HUB_COLUMNS,
            &data.hubs,
            None,
            "no identifiers",
            |h, widths| {
                let cells = [
                    h.identifier.clone(),
                    text::count(h.cases),
                    text::yuan(h.total_loss_fen),
                ];
                table::text_row(&cells, &HUB_COLUMNS, widths)
            },
        );
    }
}

/// A weekly bar chart in the screen's ASCII chrome.
fn week_chart<'a>(
    title: &'a str,
    bars: &'a [Bar<'a>],
    bar_width: u16,
    colour: Color,
) -> BarChart<'a> {
    BarChart::default()
        .block(Block::bordered().border_set(BORDER).title(title))
        .bar_set(BARS)
        .data(BarGroup::default().bars(bars))
        .bar_width(bar_width)
        .bar_gap(1)
        .bar_style(Style::new().fg(colour))
}
