//! A listing written as its rows are made. An export of every case would otherwise
//! hold a million rows in memory before writing the first (1.1 GB in the workbench
//! at a million cases, over the memory budget); CSV, JSON and XLSX rows go out one at
//! a time. A table is the exception: its column widths depend on every row, so its
//! rows are kept, as the text they will print, and written at the end.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::csv_out::CsvRows;
use super::json::JsonRows;
use super::table::TableRows;
use super::xlsx::XlsxRows;
use super::{Cell, Format, WriteOptions};
use crate::{Error, Result};

// One per export, never in a collection: the variants' sizes do not matter.
#[allow(clippy::large_enum_variant)]
enum Sink<'a> {
    Csv(CsvRows<'a>),
    Json(JsonRows<'a>),
    Xlsx(XlsxRows<'a>),
    Table(TableRows<'a>),
}

/// Writes a listing's header, then each row as it is given. Errors name `name` (the
/// file written, or stdout).
pub struct RowWriter<'a> {
    name: PathBuf,
    ncols: usize,
    rows: usize,
    sink: Sink<'a>,
}

impl<'a> RowWriter<'a> {
    /// Starts a listing with these columns in `format` on `out`.
    pub fn new(
        columns: Vec<String>,
        format: Format,
        out: &'a mut dyn Write,
        opts: &WriteOptions,
        name: &Path,
    ) -> Result<RowWriter<'a>> {
        let io = |e| Error::io(name, e);
        let ncols = columns.len();
        let sink = match format {
            Format::Csv => Sink::Csv(CsvRows::start(out, &columns, opts).map_err(io)?),
            Format::Json => Sink::Json(JsonRows::start(out, &columns)),
            Format::Xlsx => Sink::Xlsx(XlsxRows::start(out, &columns).map_err(io)?),
            Format::Table => Sink::Table(TableRows::start(out, &columns, opts)),
        };
        Ok(RowWriter {
            name: name.to_path_buf(),
            ncols,
            rows: 0,
            sink,
        })
    }

    /// Writes a row, as wide as the header as [`Listing::push_row`] makes it:
    /// missing trailing cells are empty, extra ones dropped.
    pub fn row(&mut self, cells: &[Cell]) -> Result<()> {
        let cells = cells.get(..self.ncols).unwrap_or(cells);
        let written = match &mut self.sink {
            Sink::Csv(rows) => rows.row(cells),
            Sink::Json(rows) => rows.row(cells),
            Sink::Xlsx(rows) => rows.row(cells),
            Sink::Table(rows) => {
                rows.row(cells);
                Ok(())
            }
        };
        written.map_err(|e| Error::io(&self.name, e))?;
        self.rows += 1;
        Ok(())
    }

    /// Ends the listing (a table is written now); returns the rows written.
    pub fn finish(self) -> Result<usize> {
        let done = match self.sink {
            Sink::Csv(rows) => rows.finish(),
            Sink::Json(rows) => rows.finish(),
            Sink::Xlsx(rows) => rows.finish(),
            Sink::Table(rows) => rows.finish(),
        };
        done.map_err(|e| Error::io(&self.name, e))?;
        Ok(self.rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::Listing;

    fn sample() -> Listing {
        let mut l = Listing::new(["report_no", "amount_yuan", "note"]);
        l.push_row([
            Cell::text("A1"),
            Cell::Yuan(Some(1_200_050)),
            Cell::text("=1+1"),
        ]);
        l.push_row([Cell::text("金条"), Cell::Yuan(None), Cell::text("a\nb")]);
        l.push_row([Cell::text("B2"), Cell::Int(-3), Cell::Empty]);
        l
    }

    fn streamed(rows: &[Vec<Cell>], columns: &[String], format: Format) -> Vec<u8> {
        let mut out = Vec::new();
        let opts = WriteOptions::default();
        let mut w =
            RowWriter::new(columns.to_vec(), format, &mut out, &opts, Path::new("t")).unwrap();
        for row in rows {
            w.row(row).unwrap();
        }
        assert_eq!(w.finish().unwrap(), rows.len());
        out
    }

    #[test]
    fn short_and_long_rows_are_made_as_wide_as_the_header() {
        let columns: Vec<String> = ["a", "b"].iter().map(|c| c.to_string()).collect();
        let rows = vec![
            vec![Cell::text("x")],
            vec![Cell::text("1"), Cell::text("2"), Cell::text("extra")],
        ];
        let csv = String::from_utf8(streamed(&rows, &columns, Format::Csv)).unwrap();
        assert_eq!(csv, "a,b\nx,\n1,2\n");
        let json = String::from_utf8(streamed(&rows, &columns, Format::Json)).unwrap();
        assert_eq!(
            json,
            "[\n  {\"a\":\"x\",\"b\":null},\n  {\"a\":\"1\",\"b\":\"2\"}\n]\n"
        );
        let table = String::from_utf8(streamed(&rows, &columns, Format::Table)).unwrap();
        assert!(!table.contains("extra"), "{table}");
    }

    #[test]
    fn streamed_xlsx_reads_back_with_typed_cells() {
        use calamine::{Data, Reader, Xlsx};
        let l = sample();
        let bytes = streamed(&l.rows, &l.columns, Format::Xlsx);
        let mut book = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        let range = book.worksheet_range_at(0).unwrap().unwrap();
        let cells: Vec<Vec<String>> = range
            .rows()
            .map(|r| {
                r.iter()
                    .map(|c| match c {
                        Data::String(s) => s.clone(),
                        Data::Float(f) => format!("number {f}"),
                        Data::Empty => String::new(),
                        other => format!("other: {other:?}"),
                    })
                    .collect()
            })
            .collect();
        assert_eq!(cells[0], ["report_no", "amount_yuan", "note"]);
        // Text stays text (a formula is never one); amounts are numbers.
        assert_eq!(cells[1], ["A1", "number 12000.5", "=1+1"]);
        assert_eq!(cells[2][0], "金条");
        assert_eq!(cells[3], ["B2", "number -3", ""]);
    }
}
