//! The listing layer every command's output goes through: a [`Listing`] of typed
//! cells written as an aligned table, CSV or JSON, to stdout or to a file; plus the
//! text helpers the TUI shares with it (sanitising, display width, masking).
//!
//! Who does what: commands build listings (masking personal data with [`mask_name`]
//! and [`mask_phone`] unless `--unmask`); the writers never mask. The table writer
//! sanitises every cell for the terminal; the CSV writer neutralises spreadsheet
//! formulas; JSON keeps the data exact. Anything else that puts data on a terminal
//! (the TUI) uses [`sanitize`], and measures and cuts with [`display_width`] and
//! [`fit`] — the one width helper.

mod csv_out;
mod file;
mod format;
pub mod graphml;
mod json;
mod listing;
pub mod listings;
mod neutralize;
mod stream;
mod table;
mod xlsx;

use std::io::Write;

pub use crate::text::sanitize;
pub use crate::text::{TRUNCATION_MARK, display_width, fit};
pub use crate::text::{mask_in_text, mask_mobiles_in_text, mask_name, mask_phone};
pub use file::{write_listing_file, write_private_file, write_private_with, write_rows_file};
pub use format::{Format, UnknownFormat, WriteOptions};
pub use listing::{Cell, Listing, format_yuan};
pub use neutralize::neutralize;
pub use stream::RowWriter;

/// Writes `listing` to `out` in `format` (through the [`RowWriter`] every output
/// takes). Table output is sanitised for a terminal, CSV output is neutralised for
/// spreadsheets, JSON is exact. Nothing is masked here.
pub fn write_listing(
    listing: &Listing,
    format: Format,
    out: &mut dyn Write,
    opts: &WriteOptions,
) -> crate::Result<()> {
    let name = std::path::Path::new("output");
    let mut writer = RowWriter::new(listing.columns.clone(), format, out, opts, name)?;
    listing.rows.iter().try_for_each(|row| writer.row(row))?;
    writer.finish().map(|_| ())
}

#[cfg(test)]
mod tests {
    //! Properties over arbitrary text, for the helpers every front end relies on.
    use super::*;
    use proptest::prelude::*;

    const INVISIBLE: [char; 3] = ['\u{202e}', '\u{200b}', '\u{feff}'];
    const ESC: char = '\u{1b}';

    /// Text mixing Chinese, ASCII, controls, escapes and invisible characters.
    fn messy() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                "[a-z0-9 =+@-]{0,4}",
                "[京东金条白条网贷张三]{0,3}",
                Just("\u{1b}[31m".to_owned()),
                Just("\u{1b}]0;t\u{7}".to_owned()),
                Just("\u{1b}".to_owned()),
                Just("\u{9b}".to_owned()),
                Just("\u{202e}\u{200b}\u{feff}".to_owned()),
                Just("\t\r\n\0".to_owned()),
                Just("e\u{301}".to_owned()),
                any::<char>().prop_map(String::from),
            ],
            0..12,
        )
        .prop_map(|parts| parts.concat())
    }

    proptest! {
        #[test]
        fn sanitized_text_has_no_controls_and_is_stable(s in messy()) {
            let once = sanitize(&s).into_owned();
            prop_assert!(!once.chars().any(|c| c.is_control()), "{once:?}");
            prop_assert!(!once.contains(INVISIBLE), "{once:?}");
            prop_assert_eq!(sanitize(&once), once.as_str());
        }

        #[test]
        fn fit_gives_exact_width(s in messy(), width in 0usize..30) {
            let shown = sanitize(&s);
            let out = fit(&shown, width);
            prop_assert_eq!(display_width(&out), width, "{:?}", out);
        }

        #[test]
        fn table_lines_have_no_escapes_or_trailing_space(
            cells in proptest::collection::vec(messy(), 1..6)
        ) {
            let mut l = Listing::new(["a", "b"]);
            for pair in cells.chunks(2) {
                l.push_row(pair.iter().map(|s| Cell::text(s.as_str())));
            }
            let mut out = Vec::new();
            write_listing(&l, Format::Table, &mut out, &WriteOptions::default()).unwrap();
            let text = String::from_utf8(out).unwrap();
            prop_assert!(!text.contains(ESC), "{text:?}");
            prop_assert_eq!(text.lines().count(), l.len() + 1);
            for line in text.lines() {
                prop_assert_eq!(line.trim_end(), line);
            }
        }

        #[test]
        fn csv_cells_never_start_a_formula(s in messy()) {
            let mut l = Listing::new(["v"]);
            l.push_row([Cell::text(s.as_str())]);
            let mut out = Vec::new();
            write_listing(&l, Format::Csv, &mut out, &WriteOptions::default()).unwrap();
            let mut reader = csv::ReaderBuilder::new().from_reader(out.as_slice());
            for record in reader.records() {
                let record = record.unwrap();
                let v = &record[0];
                let risky = v.starts_with(['=', '@', '\t', '\r'])
                    || (v.starts_with(['+', '-'])
                        && !v[1..].chars().all(|c| c.is_ascii_digit() || c == '.'));
                prop_assert!(!risky, "{v:?}");
            }
        }
    }
}
