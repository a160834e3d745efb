//! Stats, the charts a supervisor asks for: reports per week as bars and loss per
//! week as a line over every week of the data, the scam-type mix, cases by loss
//! band, first contact by day of week and (when `occurred_at` has times) by hour,
//! and the top hubs.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::symbols;
use ratatui::text::Line;
use ratatui::widgets::{Axis, Bar, BarChart, BarGroup, Block, Chart, Dataset, GraphType, Widget};

use casebench::store::charts::{Band, Contact};
use casebench::store::views::WeekRow;

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
pub const BARS: symbols::bar::Set = symbols::bar::Set {
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
            Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
                .spacing(1)
                .areas(area)
        } else {
            Layout::vertical([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(area)
        };
        let [reports, losses, bands] = Layout::vertical([
            Constraint::Percentage(34),
            Constraint::Percentage(33),
            Constraint::Percentage(33),
        ])
        .areas(left);
        let weeks = &data.weeks;
        // As many of the latest weeks as there is room for (14 at 120 columns): bars
        // three cells wide under ISO week numbers, counts in thousands past 999.
        let bar_width: u16 = 3;
        let fit = (reports.width.saturating_sub(2) / (bar_width + 1)).max(1) as usize;
        let shown = &weeks[weeks.len().saturating_sub(fit)..];
        let label = |w: &str| {
            let week = chrono::NaiveDate::parse_from_str(w, "%Y-%m-%d")
                .map(|d| format!("W{:02}", chrono::Datelike::iso_week(&d).week()));
            Line::from(week.unwrap_or_else(|_| w.to_string()))
        };
        let report_bars: Vec<Bar> = shown
            .iter()
            .map(|w| {
                let n = w.reports.max(0);
                let shown = if n < 1000 {
                    n.to_string()
                } else {
                    format!("{}k", n / 1000)
                };
                Bar::default()
                    .value(n as u64)
                    .text_value(shown)
                    .label(label(&w.week))
            })
            .collect();
        let span = match (shown.first(), shown.last()) {
            (Some(a), Some(b)) => format!(
                " Reports per week, {}..{} ",
                a.week.get(5..).unwrap_or(&a.week),
                b.week.get(5..).unwrap_or(&b.week)
            ),
            _ => " Reports per week ".to_string(),
        };
        week_chart(&span, &report_bars, bar_width, Color::Cyan).render(reports, buf);
        loss_line(weeks, losses, buf);
        band_chart(&data.bands, bands, buf);

        let [types, contact, hubs] = Layout::vertical([
            Constraint::Percentage(36),
            Constraint::Percentage(30),
            Constraint::Percentage(34),
        ])
        .areas(right);
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
        contact_charts(&data.contact, contact, buf);
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

/// Loss per week (10,000 yuan) as a line over every week of the data.
fn loss_line(weeks: &[WeekRow], area: Rect, buf: &mut Buffer) {
    let points: Vec<(f64, f64)> = weeks
        .iter()
        .enumerate()
        .map(|(i, w)| (i as f64, w.loss_fen.max(0) as f64 / 1_000_000.0))
        .collect();
    let top = points.iter().map(|p| p.1).fold(0.0, f64::max).max(1.0);
    let first = weeks.first().map_or(String::new(), |w| w.week.clone());
    let last = weeks.last().map_or(String::new(), |w| w.week.clone());
    let datasets = vec![
        Dataset::default()
            .marker(symbols::Marker::Braille)
            .graph_type(GraphType::Line)
            .style(Style::new().fg(Color::Red))
            .data(&points),
    ];
    // No axis labels, so no axis lines: their box-drawing glyphs are East-Asian
    // ambiguous width (as the block glyphs of the bars); the title gives the range.
    Chart::new(datasets)
        .block(Block::bordered().border_set(BORDER).title(format!(
            " Loss per week (10,000 yuan) {}..{}, top {} ",
            first.get(5..).unwrap_or(&first),
            last.get(5..).unwrap_or(&last),
            text::count(top.round() as i64)
        )))
        .x_axis(Axis::default().bounds([0.0, (weeks.len().max(2) - 1) as f64]))
        .y_axis(Axis::default().bounds([0.0, top]))
        .render(area, buf);
}

/// Cases by amount band, with the band's loss.
fn band_chart(bands: &[Band], area: Rect, buf: &mut Buffer) {
    let bars: Vec<Bar> = bands
        .iter()
        .map(|b| {
            Bar::default()
                .value(b.cases.max(0) as u64)
                .label(Line::from(b.label))
        })
        .collect();
    BarChart::default()
        .block(
            Block::bordered()
                .border_set(BORDER)
                .title(" Cases by loss (yuan) "),
        )
        .bar_set(BARS)
        .data(BarGroup::default().bars(&bars))
        .bar_width(7)
        .bar_gap(1)
        .bar_style(Style::new().fg(Color::Yellow))
        .render(area, buf);
}

/// First contact: by day of week, and by hour when `occurred_at` has times.
fn contact_charts(contact: &Contact, area: Rect, buf: &mut Buffer) {
    let [days, hours] =
        Layout::horizontal([Constraint::Length(30), Constraint::Min(0)]).areas(area);
    const DAYS: [&str; 7] = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"];
    let bars: Vec<Bar> = contact
        .weekdays
        .iter()
        .zip(DAYS)
        .map(|(&n, d)| Bar::default().value(n.max(0) as u64).label(Line::from(d)))
        .collect();
    BarChart::default()
        .block(
            Block::bordered()
                .border_set(BORDER)
                .title(" First contact: day "),
        )
        .bar_set(BARS)
        .data(BarGroup::default().bars(&bars))
        .bar_width(3)
        .bar_gap(1)
        .bar_style(Style::new().fg(Color::Magenta))
        .render(days, buf);
    let block = Block::bordered().border_set(BORDER).title(format!(
        " Hour 0-23 ({} timed) ",
        text::count(contact.timed)
    ));
    if contact.timed == 0 {
        let inner = block.inner(hours);
        block.render(hours, buf);
        title_line(inner, buf, "no times in occurred_at");
        return;
    }
    let bars: Vec<Bar> = contact
        .hours
        .iter()
        .map(|&n| {
            Bar::default()
                .value(n.max(0) as u64)
                .text_value(String::new())
        })
        .collect();
    BarChart::default()
        .block(block)
        .bar_set(BARS)
        .data(BarGroup::default().bars(&bars))
        .bar_width(1)
        .bar_gap(0)
        .bar_style(Style::new().fg(Color::Magenta))
        .render(hours, buf);
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
