//! The table writer: what a listing looks like on the analyst's terminal.
//!
//! Every cell is sanitised (no escape sequences or controls from the data reach the
//! terminal), cut to `max_col_width` terminal cells, and aligned by display width so
//! Chinese values (two cells a character) keep their columns. Number columns are
//! right-aligned; two spaces separate columns; lines carry no trailing whitespace.

use std::borrow::Cow;
use std::io::{self, Write};

use super::{Cell, WriteOptions, display_width, fit, sanitize};

const GAP: &str = "  ";
const BOLD: &str = "\u{1b}[1m";
const RESET: &str = "\u{1b}[0m";

/// A cell ready to print: sanitised, cut, and its width in terminal cells.
struct Shown<'a> {
    text: Cow<'a, str>,
    width: usize,
}

fn shown(text: Cow<'_, str>, limit: usize) -> Shown<'_> {
    let width = display_width(&text);
    if width > limit {
        Shown {
            text: Cow::Owned(fit(&text, limit)),
            width: limit,
        }
    } else {
        Shown { text, width }
    }
}

fn shown_cell(cell: &Cell, limit: usize) -> Shown<'_> {
    let text = match cell {
        Cell::Text(s) | Cell::Date(s) => sanitize(s),
        // Numbers are ASCII and need no sanitising.
        other => other.as_text(),
    };
    shown(text, limit)
}

/// A table made a row at a time. Its column widths depend on every row, so rows
/// are kept until [`TableRows::finish`]: as the text they will print (sanitised,
/// cut), one after another in one string, which for a listing of every case is a
/// fraction of the cells they came from.
pub(super) struct TableRows<'a> {
    out: &'a mut dyn Write,
    color: bool,
    limit: usize,
    header: Vec<Shown<'static>>,
    /// Every kept cell's text, and where each ends in it and its width (row after
    /// row).
    text: String,
    ends: Vec<(usize, usize)>,
    widths: Vec<usize>,
    /// Per column: some cell is a number, and every cell is a number or blank. A
    /// column is right-aligned when both hold; a text value in it (a raw amount
    /// that did not parse) makes it left-aligned rather than ragged.
    numbers: Vec<(bool, bool)>,
}

impl<'a> TableRows<'a> {
    pub(super) fn start(
        out: &'a mut dyn Write,
        columns: &[String],
        opts: &WriteOptions,
    ) -> TableRows<'a> {
        let limit = match opts.max_col_width {
            0 => usize::MAX,
            n => n,
        };
        let header: Vec<Shown<'static>> = columns
            .iter()
            .map(|c| {
                let s = shown(sanitize(c), limit);
                Shown {
                    text: Cow::Owned(s.text.into_owned()),
                    width: s.width,
                }
            })
            .collect();
        TableRows {
            out,
            color: opts.color,
            limit,
            widths: header.iter().map(|h| h.width).collect(),
            numbers: vec![(false, true); columns.len()],
            header,
            text: String::new(),
            ends: Vec::new(),
        }
    }

    pub(super) fn row(&mut self, row: &[Cell]) {
        let ncols = self.header.len();
        for i in 0..ncols {
            let cell = row.get(i).unwrap_or(&Cell::Empty);
            // The last column is never cut: nothing after it needs aligning, and it
            // is where listings put what must be read whole (evidence, reasons,
            // explain).
            let limit = if i + 1 == ncols {
                usize::MAX
            } else {
                self.limit
            };
            let shown = shown_cell(cell, limit);
            self.widths[i] = self.widths[i].max(shown.width);
            let (any, all) = &mut self.numbers[i];
            if cell.is_number() {
                *any = true;
            } else if !cell.is_empty() {
                *all = false;
            }
            self.text.push_str(&shown.text);
            self.ends.push((self.text.len(), shown.width));
        }
    }

    pub(super) fn finish(self) -> io::Result<()> {
        let ncols = self.header.len();
        if ncols == 0 {
            return Ok(());
        }
        let right: Vec<bool> = self.numbers.iter().map(|&(any, all)| any && all).collect();
        let mut line = String::new();
        render_line(&mut line, &self.header, &self.widths, &right);
        if self.color && !line.is_empty() {
            line = format!("{BOLD}{line}{RESET}");
        }
        line.push('\n');
        self.out.write_all(line.as_bytes())?;
        let mut start = 0;
        let mut cells: Vec<Shown<'_>> = Vec::with_capacity(ncols);
        for ends in self.ends.chunks(ncols) {
            cells.clear();
            for &(end, width) in ends {
                let text = self.text.get(start..end).unwrap_or("");
                cells.push(Shown {
                    text: Cow::Borrowed(text),
                    width,
                });
                start = end;
            }
            line.clear();
            render_line(&mut line, &cells, &self.widths, &right);
            line.push('\n');
            self.out.write_all(line.as_bytes())?;
        }
        Ok(())
    }
}

fn render_line(line: &mut String, cells: &[Shown<'_>], widths: &[usize], right: &[bool]) {
    for (i, ((cell, &width), &right)) in cells.iter().zip(widths).zip(right).enumerate() {
        if i > 0 {
            line.push_str(GAP);
        }
        let pad = width.saturating_sub(cell.width);
        if right {
            line.extend(std::iter::repeat_n(' ', pad));
            line.push_str(&cell.text);
        } else {
            line.push_str(&cell.text);
            line.extend(std::iter::repeat_n(' ', pad));
        }
    }
    let end = line.trim_end().len();
    line.truncate(end);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::Listing;

    fn table(listing: &Listing, opts: &WriteOptions) -> String {
        let mut out = Vec::new();
        crate::export::write_listing(listing, crate::export::Format::Table, &mut out, opts)
            .unwrap();
        String::from_utf8(out).unwrap()
    }

    fn cases() -> Listing {
        let mut l = Listing::new(["report_no", "victim_name", "amount_yuan", "scam_type"]);
        l.push_row([
            Cell::text("A2026001"),
            Cell::text("张**"),
            Cell::Yuan(Some(1_200_050)),
            Cell::text("冒充京东客服"),
        ]);
        l.push_row([
            Cell::text("A2026002"),
            Cell::text("Z********"),
            Cell::Yuan(Some(500)),
            Cell::text("loan"),
        ]);
        l.push_row([
            Cell::text("A2026003"),
            Cell::text("欧阳**"),
            Cell::Yuan(None),
            Cell::Empty,
        ]);
        l
    }

    /// Display-cell offsets at which each column starts, found from the known
    /// separator layout: returns the byte→cell offset of `needle` in `line`.
    fn cell_offset(line: &str, needle: &str) -> usize {
        let at = line.find(needle).unwrap();
        display_width(&line[..at])
    }

    #[test]
    fn chinese_cells_stay_aligned() {
        let out = table(&cases(), &WriteOptions::default());
        let expected = "\
report_no  victim_name  amount_yuan  scam_type
A2026001   张**            12000.50  冒充京东客服
A2026002   Z********           5.00  loan
A2026003   欧阳**
";
        assert_eq!(out, expected);
        let lines: Vec<&str> = out.lines().collect();
        // Column starts by display width, not by bytes or chars.
        assert_eq!(cell_offset(lines[0], "scam_type"), 37);
        assert_eq!(cell_offset(lines[1], "冒充"), 37);
        assert_eq!(cell_offset(lines[2], "loan"), 37);
        // The number column is right-aligned: amounts end where the header ends.
        let header_end = cell_offset(lines[0], "amount_yuan") + "amount_yuan".len();
        assert_eq!(cell_offset(lines[1], "12000.50") + 8, header_end);
        assert_eq!(cell_offset(lines[2], "5.00") + 4, header_end);
        for line in &lines {
            assert_eq!(line.trim_end(), *line, "trailing whitespace in {line:?}");
        }
        let widths: Vec<usize> = lines.iter().map(|l| display_width(l)).collect();
        assert_eq!(widths, [46, 49, 41, 17]);
    }

    #[test]
    fn wide_cells_are_cut_to_the_limit() {
        let mut l = Listing::new(["script", "n"]);
        l.push_row([
            Cell::text("对方自称京东金融客服称金条征信异常"),
            Cell::Int(7),
        ]);
        l.push_row([Cell::text("ok"), Cell::Int(12)]);
        let opts = WriteOptions {
            max_col_width: 8,
            ..WriteOptions::default()
        };
        let out = table(&l, &opts);
        let lines: Vec<&str> = out.lines().collect();
        // 8 cells: four Chinese characters (8 cells) leave no room for the mark, so
        // three characters, the mark, one pad cell.
        assert_eq!(lines[1], "对方自~    7");
        assert_eq!(lines[0], "script     n");
        assert_eq!(lines[2], "ok        12");
        for line in &lines {
            assert_eq!(display_width(line), 12, "{line:?}");
        }
    }

    #[test]
    fn cells_are_sanitised() {
        let mut l = Listing::new(["a\u{1b}[31m", "b"]);
        l.push_row([
            Cell::text("x\u{1b}]0;pwned\u{7}\u{202e}y"),
            Cell::text("line1\nline2\u{200b}"),
        ]);
        let out = table(&l, &WriteOptions::default());
        assert_eq!(out, "a   b\nxy  line1 line2\n");
        assert!(!out.contains('\u{1b}'));
    }

    #[test]
    fn empty_listing_prints_only_the_header() {
        let l = Listing::new(["report_no", "金额"]);
        assert_eq!(table(&l, &WriteOptions::default()), "report_no  金额\n");
        assert_eq!(table(&Listing::default(), &WriteOptions::default()), "");
    }

    #[test]
    fn number_column_with_text_is_left_aligned() {
        let mut l = Listing::new(["amount"]);
        l.push_row([Cell::Yuan(Some(100))]);
        l.push_row([Cell::text("约1万")]);
        assert_eq!(table(&l, &WriteOptions::default()), "amount\n1.00\n约1万\n");
    }

    #[test]
    fn color_makes_only_the_header_bold() {
        let mut l = Listing::new(["a"]);
        l.push_row(["x"]);
        let opts = WriteOptions {
            color: true,
            ..WriteOptions::default()
        };
        assert_eq!(table(&l, &opts), "\u{1b}[1ma\u{1b}[0m\nx\n");
    }

    #[test]
    fn zero_limit_means_no_limit() {
        let long = "金".repeat(60);
        let mut l = Listing::new(["s", "n"]);
        l.push_row([Cell::text(long.clone()), Cell::Int(1)]);
        let opts = WriteOptions {
            max_col_width: 0,
            ..WriteOptions::default()
        };
        assert_eq!(
            table(&l, &opts),
            format!("s{}n\n{long}  1\n", " ".repeat(121))
        );
        // The default cuts at 40 cells: 19 characters and the mark; the cell freed
        // by the last wide character is padding.
        let out = table(&l, &WriteOptions::default());
        assert_eq!(
            out,
            format!("s{}n\n{}~   1\n", " ".repeat(41), "金".repeat(19))
        );
    }

    #[test]
    fn the_last_column_is_never_cut() {
        let long = "金".repeat(60);
        let mut l = Listing::new(["n", "evidence"]);
        l.push_row([Cell::Int(1), Cell::text(long.clone())]);
        assert_eq!(
            table(&l, &WriteOptions::default()),
            format!("n  evidence\n1  {long}\n")
        );
    }
}
