//! `.xlsx` for investigators and banks: every cell written as text (a card number
//! must not become 6.22202E+18), a bold frozen header row, an autofilter, and column
//! widths from the display width of what they hold.
//!
//! The sheet is written in rust_xlsxwriter's constant-memory mode: each row goes to
//! a temporary file (readable by its owner only, deleted after) as it is written, so
//! that an export of every case does not hold the sheet in memory; only the finished,
//! compressed workbook is.

use std::io::{self, Write};

use rust_xlsxwriter::{Format as CellFormat, Workbook, XlsxError};

use super::{Cell, display_width, sanitize};

/// Widest a column is made, in characters; the cell keeps its whole text.
const MAX_COLUMN_WIDTH: usize = 60;

/// Rows a sheet holds under its header (Excel's limit is 1,048,576 in all).
const MAX_ROWS: u32 = 1_048_575;

/// A workbook of one sheet written a row at a time.
pub(super) struct XlsxRows<'a> {
    out: &'a mut dyn Write,
    workbook: Workbook,
    text: CellFormat,
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
            // Control characters are not allowed in the sheet's XML; the text is data
            // written as a string, so a leading `=` is never a formula here.
            let value = cell.as_text();
            let value = sanitize(&value);
            if let Some(w) = self.widths.get_mut(col) {
                *w = (*w).max(display_width(&value));
            }
            sheet.write_string_with_format(r, col as u16, value.as_ref(), &self.text)?;
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

#[cfg(test)]
mod tests {
    use super::*;

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
