//! Bulletin: the week's 警情通报 as the CLI writes it (`casebench bulletin`), read on
//! a worker — weekly loss and this week's loss by scam type as bar charts, then the
//! sections as lines that j/k and the page keys scroll: figures against the weeks
//! before, by type, the largest losses (victims masked), the groups, what to freeze
//! or block, the scripts. `[` and `]` show the week before and after; `e` writes it.
//! j/k move a cursor over the lines: on a group Enter opens it, on an identifier its
//! cases, and `n` / `t` note or tag what the line names — the week's review from here.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Widget};

use casebench::bulletin::markdown::{compared_names, group_evidence, group_head};
use casebench::bulletin::{Bulletin, Period, change, request};

use super::groups::title_line;
use super::{Cmd, Location, Slot};
use crate::tui::keys::Action;
use crate::tui::text;
use crate::tui::ui::BORDER;

/// Rows the charts take at most.
const CHART_ROWS: u16 = 12;

#[derive(Debug, Default)]
pub struct BulletinScreen {
    pub slot: Slot<Box<Bulletin>>,
    /// The period asked for; None: the latest complete week in the data.
    pub period: Option<Period>,
    /// The first line of the sections shown.
    pub scroll: usize,
    /// The line the cursor is on (of the sections' lines).
    pub cursor: usize,
}

/// What a line of the sections names, for Enter, `n` and `t`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pick {
    Group(String),
    Identifier { kind: String, value: String },
}

impl BulletinScreen {
    pub fn on_action(&mut self, action: Action, body: Rect) -> Option<Cmd> {
        let page = self.page(body);
        let last = self
            .slot
            .data
            .as_ref()
            .map_or(0, |b| lines(b).len().saturating_sub(1));
        self.cursor = match action {
            Action::Down => self.cursor + 1,
            Action::Up => self.cursor.saturating_sub(1),
            Action::PageDown => self.cursor + page,
            Action::PageUp => self.cursor.saturating_sub(page),
            Action::Top => 0,
            Action::Bottom => last,
            Action::Enter => {
                return match self.picked()? {
                    Pick::Group(id) => Some(Cmd::Open(Location::Group(id))),
                    Pick::Identifier { value, .. } => Some(Cmd::Open(Location::Search(value))),
                };
            }
            _ => self.cursor,
        }
        .min(last);
        // The view follows the cursor.
        if self.cursor < self.scroll {
            self.scroll = self.cursor;
        } else if self.cursor >= self.scroll + page {
            self.scroll = self.cursor + 1 - page;
        }
        None
    }

    /// Lines of the sections that fit under the charts.
    fn page(&self, body: Rect) -> usize {
        let chart_rows = CHART_ROWS.min(body.height / 2);
        body.height.saturating_sub(chart_rows + 1).max(1) as usize
    }

    /// What the cursor's line names, if anything.
    pub fn picked(&self) -> Option<Pick> {
        let b = self.slot.data.as_ref()?;
        picks(b).into_iter().nth(self.cursor).flatten()
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer) {
        let Some(b) = &self.slot.data else {
            title_line(area, buf, self.slot.placeholder());
            return;
        };
        let chart_rows = CHART_ROWS.min(area.height / 2);
        let [head, charts, rest] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(chart_rows),
            Constraint::Min(0),
        ])
        .areas(area);
        let title = format!(
            "警情通报 {} · {} · victims masked",
            b.period.describe(),
            b.chosen
        );
        title_line(head, buf, &title);
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
                .spacing(1)
                .areas(charts);
        loss_chart(b, left, buf);
        type_chart(b, right, buf);
        for (i, line) in lines(b).iter().enumerate().skip(self.scroll) {
            let y = rest.y + (i - self.scroll) as u16;
            if y >= rest.bottom() {
                break;
            }
            buf.set_line(rest.x, y, line, rest.width);
            if i == self.cursor {
                buf.set_style(
                    Rect::new(rest.x, y, rest.width, 1),
                    Style::new().add_modifier(Modifier::REVERSED),
                );
            }
        }
    }
}

/// Weekly loss (10,000 yuan) over the weeks charted, this one brighter.
fn loss_chart(b: &Bulletin, area: Rect, buf: &mut Buffer) {
    let bar_width: u16 = 4;
    let fit = (area.width.saturating_sub(2) / (bar_width + 1)).max(1) as usize;
    let shown = &b.history[b.history.len().saturating_sub(fit)..];
    let last = shown.len().saturating_sub(1);
    let bars: Vec<Bar> = shown
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let wan = (p.figures.loss_fen.max(0) / 1_000_000) as u64;
            let colour = if i == last {
                Color::Red
            } else {
                Color::DarkGray
            };
            Bar::default()
                .value(wan)
                .text_value(text::count(wan as i64))
                .label(Line::from(p.period.short()))
                .style(Style::new().fg(colour))
        })
        .collect();
    BarChart::default()
        .block(
            Block::bordered()
                .border_set(BORDER)
                .title(" Loss per week (10,000 yuan) "),
        )
        .bar_set(super::stats::BARS)
        .data(BarGroup::default().bars(&bars))
        .bar_width(bar_width)
        .bar_gap(1)
        .render(area, buf);
}

/// This period's loss by scam type (10,000 yuan), one bar a type.
fn type_chart(b: &Bulletin, area: Rect, buf: &mut Buffer) {
    let bars: Vec<Bar> = b
        .types
        .iter()
        .filter(|t| t.periods[0].reports > 0)
        .map(|t| {
            let f = t.periods[0];
            let wan = (f.loss_fen.max(0) / 1_000_000) as u64;
            Bar::default()
                .value(wan)
                .text_value(format!("{} · {}", text::count(wan as i64), f.reports))
                .label(Line::from(t.code.official_name()))
        })
        .collect();
    BarChart::default()
        .block(
            Block::bordered()
                .border_set(BORDER)
                .title(" By scam type: loss (10,000 yuan) · reports "),
        )
        .direction(Direction::Horizontal)
        .bar_set(super::stats::BARS)
        .data(BarGroup::default().bars(&bars))
        .bar_width(1)
        .bar_gap(0)
        .bar_style(Style::new().fg(Color::Cyan))
        .render(area, buf);
}

/// The sections below the charts, a line each.
fn sections(b: &Bulletin) -> Vec<(Line<'static>, Option<Pick>)> {
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let heading = |s: String| Line::styled(s, bold);
    let mut out: Vec<(Line<'static>, Option<Pick>)> = Vec::new();
    let names = compared_names(b);
    let now = b.now();

    out.push((
        heading(format!(
            "{}{}",
            text::cell("Reports and loss", 22),
            names
                .iter()
                .map(|n| text::cell_right(n, 24))
                .collect::<String>()
        )),
        None,
    ));
    let row = |label: &str, value: &dyn Fn(casebench::bulletin::Figures) -> i64, yuan: bool| {
        let mut s = text::cell(label, 22);
        for back in 0..names.len() {
            let Some(p) = b.before(back) else { continue };
            let v = value(p.figures);
            let shown = if yuan { text::yuan(v) } else { text::count(v) };
            let cell = if back == 0 {
                shown
            } else {
                format!("{shown} ({})", change(value(now), v))
            };
            s.push_str(&text::cell_right(&cell, 24));
        }
        Line::from(s)
    };
    out.push((row("Reports", &|f| f.reports, false), None));
    out.push((row("Loss (yuan)", &|f| f.loss_fen, true), None));
    out.push((Line::default(), None));

    let before = names.get(1).cloned().unwrap_or_default();
    out.push((
        heading(format!(
            "{}{}{}{}",
            text::cell("By scam type", 26),
            text::cell_right("Reports", 9),
            text::cell_right("Loss (yuan)", 16),
            text::cell_right(&format!("vs {before}"), 14),
        )),
        None,
    ));
    for t in &b.types {
        let (f, p) = (t.periods[0], t.periods.get(1).copied().unwrap_or_default());
        out.push((
            Line::from(format!(
                "{}{}{}{}",
                text::cell(t.code.official_name(), 26),
                text::cell_right(&text::count(f.reports), 9),
                text::cell_right(&text::yuan(f.loss_fen), 16),
                text::cell_right(&change(f.reports, p.reports), 14),
            )),
            None,
        ));
    }
    out.push((Line::default(), None));

    out.push((heading("Largest losses".to_string()), None));
    for l in &b.largest {
        out.push((
            Line::from(format!(
                "{} {} {}{} {} {} {}",
                text::cell(&l.report_no, 18),
                text::cell(&l.day, 10),
                text::cell(l.code.official_name(), 22),
                text::cell_right(&text::yuan(l.amount_fen), 14),
                text::cell(&l.victim_name, 8),
                text::cell(&l.victim_phone, 16),
                text::clean(l.group_id.as_deref().unwrap_or("")),
            )),
            None,
        ));
    }
    if b.largest.is_empty() {
        out.push((Line::from("no losses reported"), None));
    }
    out.push((Line::default(), None));

    let c = b.group_counts;
    out.push((
        heading(format!(
            "Groups: {} new, {} grew, {} merged",
            c.new, c.grew, c.merged
        )),
        None,
    ));
    for g in &b.groups {
        out.push((
            Line::from(format!(
                "{} — {}",
                text::clean(&group_head(g)),
                text::clean(&group_evidence(g))
            )),
            Some(Pick::Group(g.group_id.clone())),
        ));
    }
    out.push((Line::default(), None));

    out.push((
        heading("To freeze or block (first seen this period)".to_string()),
        None,
    ));
    for h in &b.hubs {
        out.push((
            Line::from(format!(
                "{} {} {}{}{}{}  {} – {}",
                text::cell(request(&h.kind), 6),
                text::cell(&h.kind, 7),
                text::cell(&h.value, 22),
                text::cell_right(&text::plural(h.cases, "case", "cases"), 10),
                text::cell_right(&text::plural(h.groups, "group", "groups"), 10),
                text::cell_right(&text::yuan(h.loss_fen), 16),
                text::clean(&h.first_seen),
                text::clean(&h.last_seen),
            )),
            Some(Pick::Identifier {
                kind: h.kind.clone(),
                value: h.value.clone(),
            }),
        ));
    }
    if b.hubs.is_empty() {
        out.push((
            Line::from("no new account or number is held by several cases"),
            None,
        ));
    } else if b.hubs.len() < b.hubs_total {
        out.push((
            Line::from(format!(
                "({} of {} listed, by cases then loss)",
                b.hubs.len(),
                b.hubs_total
            )),
            None,
        ));
    }
    out.push((Line::default(), None));

    out.push((
        heading(format!(
            "{}{}{}",
            text::cell("Scripts of the period", 32),
            text::cell_right("Cases now", 10),
            text::cell_right("Before", 8)
        )),
        None,
    ));
    for p in &b.phrases {
        out.push((
            Line::from(format!(
                "{}{}{}",
                text::cell(&p.text, 32),
                text::cell_right(&text::count(p.cases), 10),
                text::cell_right(&text::count(p.earlier_cases), 8)
            )),
            None,
        ));
    }
    if b.phrases.is_empty() {
        out.push((
            Line::from("no phrase stands out against the weeks before"),
            None,
        ));
    }
    out
}

fn lines(b: &Bulletin) -> Vec<Line<'static>> {
    sections(b).into_iter().map(|(line, _)| line).collect()
}

fn picks(b: &Bulletin) -> Vec<Option<Pick>> {
    sections(b).into_iter().map(|(_, pick)| pick).collect()
}
