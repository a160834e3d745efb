//! `.xlsx` for investigators and banks: identifiers, report numbers and other text as
//! text (a card number must not become 6.22202E+18), amounts as numbers in yuan and
//! counts as numbers (SUM and sorting work), dates as dates; a bold frozen header
//! row, an autofilter, and column widths from the display width of what they hold.
//! No cell holds more than Excel's 32,767 characters: a longer one is cut, saying so.
//!
//! The sheet is written in rust_xlsxwriter's constant-memory mode: each row goes to
//! a temporary file (readable by its owner only, deleted after) as it is written, so
//! that an export of every case does not hold the sheet in memory; only the finished,
//! compressed workbook is.

use std::io::{self, Write};

use rust_xlsxwriter::{ExcelDateTime, Format as CellFormat, Workbook, XlsxError};

use super::{Cell, display_width, sanitize};

/// Widest a column is made, in characters; the cell keeps its whole text.
const MAX_COLUMN_WIDTH: usize = 60;

/// Rows a sheet holds under its header (Excel's limit is 1,048,576 in all).
const MAX_ROWS: u32 = 1_048_575;

/// The most characters Excel keeps in a cell.
const MAX_CELL_CHARS: usize = 32_767;

/// A workbook of one sheet written a row at a time.
pub(super) struct XlsxRows<'a> {
    out: &'a mut dyn Write,
    workbook: Workbook,
    text: CellFormat,
    count: CellFormat,
    yuan: CellFormat,
    date: CellFormat,
    date_time: CellFormat,
    widths: Vec<usize>,
    rows: u32,
}

impl<'a> XlsxRows<'a> {
    pub(super) fn start(out: &'a mut dyn Write, columns: &[String]) -> io::Result<XlsxRows<'a>> {
        Self::start_sheet(out, columns).map_err(io::Error::other)
    }

    fn start_sheet(out: &'a mut dyn Write, columns: &[String]) -> Result<XlsxRows<'a>, XlsxError> {
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet_with_constant_memory()?;
        let header = CellFormat::new().set_bold();
        for (col, name) in columns.iter().enumerate() {
            sheet.write_string_with_format(0, col as u16, name.as_str(), &header)?;
        }
        Ok(XlsxRows {
            out,
            workbook,
            text: CellFormat::new().set_num_format("@"),
            count: CellFormat::new().set_num_format("0"),
            yuan: CellFormat::new().set_num_format("#,##0.00"),
            date: CellFormat::new().set_num_format("yyyy-mm-dd"),
            date_time: CellFormat::new().set_num_format("yyyy-mm-dd hh:mm"),
            widths: columns.iter().map(|c| display_width(c)).collect(),
            rows: 0,
        })
    }

    pub(super) fn row(&mut self, row: &[Cell]) -> io::Result<()> {
        if self.rows >= MAX_ROWS {
            // A database grows past a sheet: say what to do instead of Excel's limit.
            return Err(io::Error::other(format!(
                "an .xlsx sheet holds at most {MAX_ROWS} rows: export to .csv instead"
            )));
        }
        self.write_row(row).map_err(io::Error::other)
    }

    fn write_row(&mut self, row: &[Cell]) -> Result<(), XlsxError> {
        let r = self.rows + 1;
        let sheet = self.workbook.worksheet_from_index(0)?;
        for (col, cell) in row.iter().enumerate().take(self.widths.len()) {
            let c = col as u16;
            // Control characters are not allowed in the sheet's XML; the text is data
            // written as a string, so a leading `=` is never a formula here.
            let value = cell.as_text();
            let value = cut_to_excel(sanitize(&value));
            if let Some(w) = self.widths.get_mut(col) {
                *w = (*w).max(display_width(&value));
            }
            match cell {
                Cell::Int(n) => {
                    sheet.write_number_with_format(r, c, *n as f64, &self.count)?;
                }
                Cell::Yuan(Some(fen)) => {
                    sheet.write_number_with_format(r, c, *fen as f64 / 100.0, &self.yuan)?;
                }
                Cell::Yuan(None) | Cell::Empty => {}
                Cell::Date(d) => match excel_date(d) {
                    Some((when, timed)) => {
                        let format = if timed { &self.date_time } else { &self.date };
                        sheet.write_datetime_with_format(r, c, &when, format)?;
                    }
                    None => {
                        sheet.write_string_with_format(r, c, value.as_ref(), &self.text)?;
                    }
                },
                Cell::Text(_) => {
                    sheet.write_string_with_format(r, c, value.as_ref(), &self.text)?;
                }
            }
        }
        self.rows = r;
        Ok(())
    }

    pub(super) fn finish(mut self) -> io::Result<()> {
        let bytes = self.workbook_bytes().map_err(io::Error::other)?;
        self.out.write_all(&bytes)
    }

    fn workbook_bytes(&mut self) -> Result<Vec<u8>, XlsxError> {
        let sheet = self.workbook.worksheet_from_index(0)?;
        for (col, width) in self.widths.iter().enumerate() {
            sheet.set_column_width(col as u16, (*width).min(MAX_COLUMN_WIDTH) as f64 + 2.0)?;
        }
        sheet.set_freeze_panes(1, 0)?;
        if !self.widths.is_empty() {
            sheet.autofilter(0, 0, self.rows, self.widths.len() as u16 - 1)?;
        }
        self.workbook.save_to_buffer()
    }
}

/// Text cut to what a cell holds, ending with a note saying how long it was.
fn cut_to_excel(text: std::borrow::Cow<'_, str>) -> std::borrow::Cow<'_, str> {
    let chars = text.chars().count();
    if chars <= MAX_CELL_CHARS {
        return text;
    }
    let note = format!(
        " [cut: {} characters in all, more than a spreadsheet cell holds; the CSV export has it whole]",
        crate::text::count(chars as i128)
    );
    let keep = MAX_CELL_CHARS - note.chars().count();
    let mut cut: String = text.chars().take(keep).collect();
    cut.push_str(&note);
    std::borrow::Cow::Owned(cut)
}

/// A stored date (`YYYY-MM-DD`, optionally ` HH:MM` or ` HH:MM:SS`) as Excel's, and
/// whether it has a time; None for other text.
fn excel_date(text: &str) -> Option<(ExcelDateTime, bool)> {
    let num = |range: std::ops::Range<usize>| -> Option<u16> {
        let part = text.get(range)?;
        part.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| part.parse().ok())
            .flatten()
    };
    let sep = |at: usize, c: u8| text.as_bytes().get(at) == Some(&c);
    if !(sep(4, b'-') && sep(7, b'-')) {
        return None;
    }
    let date = ExcelDateTime::from_ymd(num(0..4)?, num(5..7)? as u8, num(8..10)? as u8).ok()?;
    match text.len() {
        10 => Some((date, false)),
        16 | 19 if sep(10, b' ') && sep(13, b':') => {
            let seconds = if text.len() == 19 { num(17..19)? } else { 0 };
            let when = date
                .and_hms(num(11..13)?, num(14..16)? as u8, seconds as f64)
                .ok()?;
            Some((when, true))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_dates_become_dates_and_other_text_does_not() {
        assert_eq!(excel_date("2026-11-02").map(|d| d.1), Some(false));
        assert_eq!(excel_date("2026-11-02 14:35").map(|d| d.1), Some(true));
        assert_eq!(excel_date("2026-11-02 14:35:09").map(|d| d.1), Some(true));
        for text in [
            "2026/11/02",
            "2026-13-02",
            "上周五",
            "2026-11-02T14",
            "",
            "2026-1-2",
        ] {
            assert!(excel_date(text).is_none(), "{text}");
        }
    }

    #[test]
    fn a_cell_past_excels_limit_is_cut_with_a_note() {
        let long = "号".repeat(40_000);
        let cut = cut_to_excel(std::borrow::Cow::Borrowed(&long));
        assert_eq!(cut.chars().count(), MAX_CELL_CHARS);
        assert!(
            cut.ends_with("the CSV export has it whole]"),
            "{}",
            &cut[cut.len() - 80..]
        );
        assert!(cut.contains("40,000 characters"));
        let short = cut_to_excel(std::borrow::Cow::Borrowed("6222"));
        assert_eq!(short, "6222");
    }

    #[test]
    fn a_sheet_past_excels_rows_says_to_use_csv() {
        let mut out = Vec::new();
        let mut rows = XlsxRows::start(&mut out, &["a".to_string()]).unwrap();
        rows.row(&[Cell::text("first")]).unwrap();
        rows.rows = MAX_ROWS;
        let err = rows.row(&[Cell::text("one too many")]).unwrap_err();
        assert!(err.to_string().contains(".csv"), "{err}");
    }
}
