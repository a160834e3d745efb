//! The JSON writer: an array of objects, one per row, keys in column order.
//!
//! JSON is for programs, so the data stays exact: no neutralising or sanitising,
//! only NUL characters are dropped (they cut strings short in C-based tools).
//! Integers are numbers; money is a number in yuan with exactly two decimals
//! (`12000.50`), written from integer fen so the text is exact — readers that care
//! about the last fen parse it as a decimal rather than a binary float (every amount
//! below 2^53 fen round-trips through an f64 anyway). Empty cells are `null`.
//!
//! Each row is one line, so the output is valid JSON and still greps and diffs well.
//! Keys are written as given; a listing with duplicate column names would produce
//! duplicate keys.

use std::io::{self, Write};

use super::{Cell, format_yuan};

fn write_str(out: &mut dyn Write, s: &str) -> io::Result<()> {
    if s.contains('\0') {
        serde_json::to_writer(&mut *out, &s.replace('\0', ""))?;
    } else {
        serde_json::to_writer(&mut *out, s)?;
    }
    Ok(())
}

fn write_cell(out: &mut dyn Write, cell: &Cell) -> io::Result<()> {
    match cell {
        Cell::Text(s) | Cell::Date(s) => write_str(out, s),
        Cell::Int(n) => write!(out, "{n}"),
        Cell::Yuan(Some(fen)) => out.write_all(format_yuan(*fen).as_bytes()),
        Cell::Yuan(None) | Cell::Empty => out.write_all(b"null"),
    }
}

/// JSON written a row at a time: `[`, one object a line, `]`.
pub(super) struct JsonRows<'a> {
    out: &'a mut dyn Write,
    columns: Vec<String>,
    rows: usize,
}

impl<'a> JsonRows<'a> {
    pub(super) fn start(out: &'a mut dyn Write, columns: &[String]) -> JsonRows<'a> {
        JsonRows {
            out,
            columns: columns.to_vec(),
            rows: 0,
        }
    }

    pub(super) fn row(&mut self, row: &[Cell]) -> io::Result<()> {
        let out = &mut *self.out;
        out.write_all(if self.rows == 0 { b"[\n  {" } else { b",\n  {" })?;
        for (i, column) in self.columns.iter().enumerate() {
            if i > 0 {
                out.write_all(b",")?;
            }
            write_str(out, column)?;
            out.write_all(b":")?;
            write_cell(out, row.get(i).unwrap_or(&Cell::Empty))?;
        }
        self.rows += 1;
        out.write_all(b"}")
    }

    pub(super) fn finish(self) -> io::Result<()> {
        self.out
            .write_all(if self.rows == 0 { b"[]\n" } else { b"\n]\n" })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::Listing;
    use serde_json::Value;

    fn json_string(listing: &Listing) -> String {
        let mut out = Vec::new();
        let opts = crate::export::WriteOptions::default();
        crate::export::write_listing(listing, crate::export::Format::Json, &mut out, &opts)
            .unwrap();
        String::from_utf8(out).unwrap()
    }

    fn sample() -> Listing {
        let mut l = Listing::new([
            "report_no",
            "amount_yuan",
            "group_size",
            "script",
            "warnings",
        ]);
        l.push_row([
            Cell::text("A1"),
            Cell::Yuan(Some(1_200_050)),
            Cell::Int(3),
            Cell::text("=HYPERLINK(\"x\")\n\"引号\"\u{1b}[31m\0"),
            Cell::Empty,
        ]);
        l.push_row([
            Cell::text("A2"),
            Cell::Yuan(None),
            Cell::Int(-1),
            Cell::text("+8613812345678"),
            Cell::text("amount: 约1万"),
        ]);
        l
    }

    #[test]
    fn parses_back_with_keys_in_order_and_exact_values() {
        let text = json_string(&sample());
        let v: Value = serde_json::from_str(&text).unwrap();
        let rows = v.as_array().unwrap();
        assert_eq!(rows.len(), 2);
        let first = &rows[0];
        assert_eq!(first["report_no"], "A1");
        assert_eq!(first["amount_yuan"].as_f64(), Some(12000.5));
        assert_eq!(first["group_size"], 3);
        // Data exact: not neutralised, escapes kept for the consumer, only NUL gone.
        assert_eq!(first["script"], "=HYPERLINK(\"x\")\n\"引号\"\u{1b}[31m");
        assert!(first["warnings"].is_null());
        assert!(rows[1]["amount_yuan"].is_null());
        assert_eq!(rows[1]["group_size"], -1);
        assert_eq!(rows[1]["script"], "+8613812345678");

        // Money is written with exactly two decimals.
        assert!(text.contains("\"amount_yuan\":12000.50,"));
        // Keys in column order (serde_json's Map sorts, so check the text).
        let line = text.lines().nth(1).unwrap();
        let positions: Vec<usize> = [
            "report_no",
            "amount_yuan",
            "group_size",
            "script",
            "warnings",
        ]
        .iter()
        .map(|k| line.find(&format!("\"{k}\":")).unwrap())
        .collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "{line}");
    }

    #[test]
    fn empty_listing_is_an_empty_array() {
        let text = json_string(&Listing::new(["a"]));
        assert_eq!(text, "[]\n");
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v, Value::Array(vec![]));
    }

    #[test]
    fn exact_layout() {
        let mut l = Listing::new(["a", "b"]);
        l.push_row([Cell::Int(1), Cell::Yuan(Some(-5))]);
        l.push_row([Cell::text("x"), Cell::Empty]);
        assert_eq!(
            json_string(&l),
            "[\n  {\"a\":1,\"b\":-0.05},\n  {\"a\":\"x\",\"b\":null}\n]\n"
        );
    }
}
