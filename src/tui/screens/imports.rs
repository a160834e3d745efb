//! Imports: the batch history, the selected batch's rejected rows with line and
//! reason, the new files waiting in `imports/`, and — while `i` runs an import on a
//! worker — its progress; when it ends, what it did (new cases, groups, hits on
//! identifiers already known).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;

use super::Slot;
use super::groups::{below_title, title_line};
use crate::tui::components::cursor::Cursor;
use crate::tui::components::table::{self, Column};
use crate::tui::event::{ImportEvent, ImportSummary, ImportsData};
use crate::tui::keys::Action;
use crate::tui::text;

pub const COLUMNS: [Column; 10] = [
    Column::number("#", 3),
    Column::flex("File", 12),
    Column::fixed("Imported at", 19),
    Column::number("Read", 7),
    Column::number("New", 7),
    Column::number("Upd", 5),
    Column::number("Dup", 5),
    Column::number("Rej", 5),
    Column::number("Warn", 5),
    Column::flex("Encoding", 8),
];

/// An import under way.
#[derive(Debug, Clone, Default)]
pub struct ImportRun {
    pub file_index: usize,
    pub files: usize,
    pub file: String,
    /// Of the current file.
    pub fraction: f64,
    pub rows: u64,
    /// The work after the rows, when the file is there.
    pub stage: Option<&'static str>,
    /// Stop was asked for.
    pub cancelling: bool,
}

impl ImportRun {
    /// Over all files.
    pub fn overall(&self) -> f64 {
        if self.files == 0 {
            return 0.0;
        }
        ((self.file_index as f64 + self.fraction) / self.files as f64).clamp(0.0, 1.0)
    }

    pub fn label(&self) -> String {
        let stage = self.stage.map(|s| format!(", {s}…")).unwrap_or_default();
        format!(
            "{} ({} of {}), {}{stage}",
            self.file,
            self.file_index + 1,
            self.files.max(1),
            text::plural(self.rows as i64, "row", "rows")
        )
    }

    pub fn update(&mut self, ev: &ImportEvent) {
        if let ImportEvent::Progress {
            file_index,
            files,
            file,
            bytes_done,
            bytes_total,
            rows,
            stage,
        } = ev
        {
            self.stage = *stage;
            self.file_index = *file_index;
            self.files = *files;
            self.file = file.clone();
            self.fraction = if *bytes_total == 0 {
                1.0
            } else {
                *bytes_done as f64 / *bytes_total as f64
            };
            self.rows = *rows;
        }
    }
}

#[derive(Debug, Default)]
pub struct ImportsScreen {
    pub slot: Slot<ImportsData>,
    pub cursor: Cursor,
    pub run: Option<ImportRun>,
    pub summary: Option<ImportSummary>,
}

impl ImportsScreen {
    pub fn on_action(&mut self, action: Action, height: usize) {
        let len = self.slot.data.as_ref().map_or(0, |d| d.batches.len());
        self.cursor.apply(action, len, height);
    }

    /// Rows for the batch table in a body of this size.
    pub fn table_height(body: Rect) -> usize {
        (body.height / 2).saturating_sub(2) as usize
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer) {
        let empty = ImportsData::default();
        let data = self.slot.data.as_ref().unwrap_or(&empty);
        let waiting = match data.pending.len() {
            0 => "no new files in imports/".to_string(),
            1 => "1 new file in imports/: i imports it".to_string(),
            n => format!("{n} new files in imports/: i imports them"),
        };
        title_line(
            area,
            buf,
            &format!(
                "{} imported; {waiting}",
                text::plural(data.batches.len() as i64, "batch", "batches")
            ),
        );
        let area = below_title(area);
        let top = Rect::new(area.x, area.y, area.width, area.height / 2);
        table::render_items(
            top,
            buf,
            &COLUMNS,
            &data.batches,
            Some(self.cursor),
            self.slot.placeholder(),
            |b, widths| {
                let cells = [
                    b.batch_id.to_string(),
                    b.file.clone(),
                    b.imported_at.clone(),
                    text::count(b.read),
                    text::count(b.imported),
                    text::count(b.updated),
                    text::count(b.duplicate),
                    text::count(b.rejected),
                    text::count(b.warnings),
                    b.encoding.clone(),
                ];
                table::text_row(&cells, &COLUMNS, widths)
            },
        );

        let mut y = top.bottom();
        let bottom = area.bottom();
        let width = area.width as usize;
        let put = |buf: &mut Buffer, y: &mut u16, s: &str, style: Style| {
            if *y < bottom {
                buf.set_line(
                    area.x,
                    *y,
                    &Line::styled(text::cell(s, width), style),
                    area.width,
                );
                *y += 1;
            }
        };
        let head = Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD);
        let dim = Style::new().add_modifier(Modifier::DIM);
        if let Some(run) = &self.run {
            put(
                buf,
                &mut y,
                "Importing (Esc: stop; the current file is rolled back)",
                head,
            );
            if y < bottom {
                crate::tui::ui::gauge(
                    Rect::new(area.x, y, area.width, 1),
                    buf,
                    run.overall(),
                    &run.label(),
                );
                y += 1;
            }
        } else if let Some(s) = &self.summary {
            put(buf, &mut y, "Last import", head);
            for line in summary_lines(s) {
                put(buf, &mut y, &format!("  {line}"), Style::new());
            }
        }
        // The selection as the table showed it: kept within the batches.
        let selected = self
            .cursor
            .selected
            .min(data.batches.len().saturating_sub(1));
        if let Some(b) = data.batches.get(selected) {
            let rejected: Vec<_> = data
                .rejected
                .iter()
                .filter(|r| r.batch_id == b.batch_id)
                .collect();
            put(
                buf,
                &mut y,
                &format!(
                    "Rejected rows of batch {} ({}): {}",
                    b.batch_id,
                    b.file,
                    rejected.len()
                ),
                head,
            );
            for r in rejected {
                put(
                    buf,
                    &mut y,
                    &format!("  {}: {}  | {}", r.place(), r.reason, r.raw),
                    Style::new(),
                );
            }
        }
        if !data.pending.is_empty() {
            put(buf, &mut y, "Waiting in imports/", head);
            for p in &data.pending {
                put(buf, &mut y, &format!("  {}", p.display()), dim);
            }
        }
    }
}

/// What an import did, in a few lines.
pub fn summary_lines(s: &ImportSummary) -> Vec<String> {
    let mut out = vec![
        format!(
            "{}{} from {}{}{}",
            text::plural(s.new_cases as i64, "new case", "new cases"),
            // Corrected reports, said when there were some.
            if s.updated_cases > 0 {
                format!(", {} updated", text::count(s.updated_cases as i64))
            } else {
                String::new()
            },
            text::plural(s.files as i64, "file", "files"),
            if s.failed > 0 {
                format!("; {} failed", s.failed)
            } else {
                String::new()
            },
            if s.cancelled {
                "; stopped, the file under way rolled back"
            } else {
                ""
            },
        ),
        format!(
            "{} of them hit identifiers already known",
            text::count(s.hit_cases as i64)
        ),
        format!(
            "groups: {} new, {} grew, {} merged{}",
            text::count(s.groups_new as i64),
            text::count(s.groups_grew as i64),
            text::count(s.groups_merged as i64),
            // Only corrected reports split or shrink a group: said when they did.
            if s.groups_split + s.groups_shrank > 0 {
                format!(
                    ", {} split, {} shrank",
                    text::count(s.groups_split as i64),
                    text::count(s.groups_shrank as i64)
                )
            } else {
                String::new()
            }
        ),
    ];
    out.extend(s.lines.iter().cloned());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_gauge_says_what_a_file_is_at_after_its_rows() {
        let mut run = ImportRun::default();
        let progress = |stage| ImportEvent::Progress {
            file_index: 0,
            files: 2,
            file: "week-47.csv".into(),
            bytes_done: 10,
            bytes_total: 10,
            rows: 1_000_000,
            stage,
        };
        run.update(&progress(None));
        assert_eq!(run.label(), "week-47.csv (1 of 2), 1,000,000 rows");
        run.update(&progress(Some("building indexes")));
        assert_eq!(
            run.label(),
            "week-47.csv (1 of 2), 1,000,000 rows, building indexes…"
        );
    }
}
