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
