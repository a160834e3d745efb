//! `.xlsx` for investigators and banks: every cell written as text (a card number
//! must not become 6.22202E+18), a bold frozen header row, an autofilter, and column
//! widths from the display width of what they hold.

use std::io::{self, Write};

use rust_xlsxwriter::{Format as CellFormat, Workbook, XlsxError};

use super::{Listing, display_width, sanitize};

/// Widest a column is made, in characters; the cell keeps its whole text.
const MAX_COLUMN_WIDTH: usize = 60;

pub fn write_xlsx(listing: &Listing, out: &mut dyn Write) -> io::Result<()> {
    let bytes = workbook_bytes(listing).map_err(io::Error::other)?;
    out.write_all(&bytes)
}

fn workbook_bytes(listing: &Listing) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let header = CellFormat::new().set_bold();
    let text = CellFormat::new().set_num_format("@");
    let mut widths: Vec<usize> = listing.columns.iter().map(|c| display_width(c)).collect();
    for (col, name) in listing.columns.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, name.as_str(), &header)?;
    }
    for (i, row) in listing.rows.iter().enumerate() {
        let r = i as u32 + 1;
        for (col, cell) in row.iter().enumerate() {
            // Control characters are not allowed in the sheet's XML; the text is data
            // written as a string, so a leading `=` is never a formula here.
            let value = cell.as_text();
            let value = sanitize(&value);
            if let Some(w) = widths.get_mut(col) {
                *w = (*w).max(display_width(&value));
            }
            sheet.write_string_with_format(r, col as u16, value.as_ref(), &text)?;
        }
    }
    for (col, width) in widths.iter().enumerate() {
        sheet.set_column_width(col as u16, (*width).min(MAX_COLUMN_WIDTH) as f64 + 2.0)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    if !listing.columns.is_empty() {
        sheet.autofilter(
            0,
            0,
            listing.rows.len() as u32,
            listing.columns.len() as u16 - 1,
        )?;
    }
    workbook.save_to_buffer()
}
