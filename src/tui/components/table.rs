//! A table of fitted cells: columns of fixed or flexible width, a bold header, the
//! visible rows only, the selected row reversed. Cells arrive as spans already cut to
//! their column's width by `text` (so Chinese values keep the columns aligned); the
//! table only places them.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::tui::components::cursor::Cursor;
use crate::tui::text;

#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub title: &'static str,
    /// Cells; for a flexible column, its least width.
    pub width: usize,
    /// Takes a share of the room left over.
    pub flex: bool,
    /// Right-aligned (numbers).
    pub right: bool,
}

impl Column {
    pub const fn fixed(title: &'static str, width: usize) -> Column {
        Column {
            title,
            width,
            flex: false,
            right: false,
        }
    }

    pub const fn number(title: &'static str, width: usize) -> Column {
        Column {
            title,
            width,
            flex: false,
            right: true,
        }
    }

    pub const fn flex(title: &'static str, min: usize) -> Column {
        Column {
            title,
            width: min,
            flex: true,
            right: false,
        }
    }
}

/// Column widths for `total` cells, one space between columns. Columns that do not
/// fit are narrowed from the right, then dropped (width 0).
pub fn widths(columns: &[Column], total: usize) -> Vec<usize> {
    let order: Vec<usize> = (0..columns.len()).rev().collect();
    widths_cutting(columns, total, &order)
}

/// `column` as wide as the widest of `values` (and its title), so that none is cut:
/// a report number must be read whole.
pub fn fit_to<'a>(column: Column, values: impl Iterator<Item = &'a str>) -> Column {
    let widest = values
        .map(casebench::export::display_width)
        .chain([casebench::export::display_width(column.title)])
        .max()
        .unwrap_or(0);
    Column {
        width: widest,
        ..column
    }
}

/// [`widths`], narrowing the columns in `order` (indices, first given first cut)
/// when they do not fit: the columns a reader needs whole come last.
pub fn widths_cutting(columns: &[Column], total: usize, order: &[usize]) -> Vec<usize> {
    let seps = columns.len().saturating_sub(1);
    let base: usize = columns.iter().map(|c| c.width).sum::<usize>() + seps;
    let flex = columns.iter().filter(|c| c.flex).count();
    let spare = total.saturating_sub(base);
    let mut out: Vec<usize> = Vec::with_capacity(columns.len());
    let mut flex_seen = 0;
    for c in columns {
        let mut w = c.width;
        if c.flex && flex > 0 {
            flex_seen += 1;
            w += spare / flex + usize::from(flex_seen <= spare % flex);
        }
        out.push(w);
    }
    // Too narrow: take room back in the order given.
    let mut used: usize = out.iter().sum::<usize>() + seps;
    for &i in order {
        let Some(w) = out.get_mut(i) else { continue };
        if used <= total {
            break;
        }
        let cut = (used - total).min(*w);
        *w -= cut;
        used -= cut;
    }
    out
}

/// One cell of plain data text, fitted and aligned.
pub fn text_cell(s: &str, column: &Column, width: usize) -> Vec<Span<'static>> {
    let shown = if column.right {
        text::cell_right(s, width)
    } else {
        text::cell(s, width)
    };
    vec![Span::raw(shown)]
}

/// A row of plain data text: each cell fitted to its column and aligned.
pub fn text_row(cells: &[String], columns: &[Column], widths: &[usize]) -> Vec<Vec<Span<'static>>> {
    cells
        .iter()
        .zip(columns.iter().zip(widths))
        .map(|(s, (c, &w))| text_cell(s, c, w))
        .collect()
}

pub struct Table<'a> {
    pub columns: &'a [Column],
    pub widths: &'a [usize],
    /// The visible rows, each one list of spans per column.
    pub rows: Vec<Vec<Vec<Span<'static>>>>,
    /// The selected row's index within `rows`.
    pub selected: Option<usize>,
    /// Shown in the first row when there are no rows.
    pub empty: &'a str,
}

impl Widget for Table<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.height == 0 {
            return;
        }
        let header: Vec<Span> = self
            .columns
            .iter()
            .zip(self.widths)
            .filter(|(_, w)| **w > 0)
            .flat_map(|(c, &w)| {
                let title = if c.right {
                    text::cell_right(c.title, w)
                } else {
                    text::cell(c.title, w)
                };
                [Span::raw(title), Span::raw(" ")]
            })
            .collect();
        buf.set_line(
            area.x,
            area.y,
            &Line::from(header).style(Style::new().add_modifier(Modifier::BOLD)),
            area.width,
        );
        if self.rows.is_empty() {
            if area.height > 1 {
                buf.set_line(
                    area.x,
                    area.y + 1,
                    &Line::from(text::cell(self.empty, area.width as usize))
                        .style(Style::new().add_modifier(Modifier::DIM)),
                    area.width,
                );
            }
            return;
        }
        for (i, row) in self.rows.into_iter().enumerate() {
            let y = area.y + 1 + i as u16;
            if y >= area.bottom() {
                break;
            }
            let mut spans: Vec<Span> = Vec::new();
            for (cell, &w) in row.into_iter().zip(self.widths) {
                if w == 0 {
                    continue;
                }
                spans.extend(cell);
                spans.push(Span::raw(" "));
            }
            let mut line = Line::from(spans);
            if Some(i) == self.selected {
                line = line.patch_style(Style::new().add_modifier(Modifier::REVERSED));
                // The whole row, not only its text, shows the selection.
                buf.set_style(
                    Rect::new(area.x, y, area.width, 1),
                    Style::new().add_modifier(Modifier::REVERSED),
                );
            }
            buf.set_line(area.x, y, &line, area.width);
        }
    }
}

/// Renders `items` as a table filling `area`: the window of rows that keeps `cursor`
/// in view and marks its row, or with no cursor the first rows and none marked.
/// `row` makes one item's cells at the widths the columns got.
pub fn render_items<T>(
    area: Rect,
    buf: &mut Buffer,
    columns: &[Column],
    items: &[T],
    cursor: Option<Cursor>,
    empty: &str,
    row: impl Fn(&T, &[usize]) -> Vec<Vec<Span<'static>>>,
) {
    let widths = widths(columns, area.width as usize);
    let height = area.height.saturating_sub(1) as usize;
    let mut window = cursor.unwrap_or_default();
    window.follow(items.len(), height);
    let rows = items
        .iter()
        .skip(window.offset)
        .take(height)
        .map(|item| row(item, &widths))
        .collect();
    Table {
        columns,
        widths: &widths,
        rows,
        selected: (cursor.is_some() && !items.is_empty()).then(|| window.row_in_window()),
        empty,
    }
    .render(area, buf);
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLS: [Column; 3] = [
        Column::fixed("a", 4),
        Column::flex("b", 5),
        Column::number("c", 3),
    ];

    #[test]
    fn flexible_columns_take_the_spare_room() {
        assert_eq!(widths(&COLS, 20), vec![4, 11, 3]);
        assert_eq!(widths(&COLS, 14), vec![4, 5, 3]);
    }

    #[test]
    fn columns_are_cut_in_the_order_given() {
        // The first column is kept whole, the middle one goes first.
        assert_eq!(widths_cutting(&COLS, 8, &[1, 2, 0]), vec![4, 0, 2]);
        let wide = fit_to(Column::fixed("no", 4), ["A41142611150029012"].into_iter());
        assert_eq!(wide.width, 18);
    }

    #[test]
    fn narrow_tables_cut_from_the_right() {
        assert_eq!(widths(&COLS, 11), vec![4, 5, 0]);
        assert_eq!(widths(&COLS, 3), vec![1, 0, 0]);
    }
}
