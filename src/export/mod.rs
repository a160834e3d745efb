//! The listing layer every command's output goes through: a [`Listing`] of typed
//! cells written as an aligned table, CSV or JSON, to stdout or to a file; plus the
//! text helpers the TUI shares with it (sanitising, display width, masking).
//!
//! Who does what: commands build listings (masking personal data with [`mask_name`]
//! and [`mask_phone`] unless `--unmask`); the writers never mask. The table writer
//! sanitises every cell for the terminal; the CSV writer neutralises spreadsheet
//! formulas; JSON keeps the data exact.

mod format;
mod listing;
mod mask;
mod neutralize;
mod sanitize;
mod width;

pub use format::{Format, UnknownFormat, WriteOptions};
pub use listing::{Cell, Listing, format_yuan};
pub use mask::{mask_name, mask_phone};
pub use neutralize::neutralize;
pub use sanitize::sanitize;
pub use width::{TRUNCATION_MARK, display_width, fit};

mod csv_out;
mod file;
mod json;
mod table;

pub use file::write_listing_file;

use std::io::{self, Write};

/// Writes `listing` to `out` in `format`. Table output is sanitised for a terminal,
/// CSV output is neutralised for spreadsheets, JSON is exact. Nothing is masked here.
/// The caller buffers `out` (a locked stdout is fine) and handles a broken pipe.
pub fn write_listing(
    listing: &Listing,
    format: Format,
    out: &mut dyn Write,
    opts: &WriteOptions,
) -> io::Result<()> {
    match format {
        Format::Table => table::write_table(listing, out, opts),
        Format::Csv => csv_out::write_csv(listing, out, opts),
        Format::Json => json::write_json(listing, out),
    }
}
