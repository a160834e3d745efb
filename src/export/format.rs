//! Output formats and writer options, and how a format is chosen from `--format` or
//! from the extension of `-o FILE`.

use std::fmt;
use std::path::Path;
use std::str::FromStr;

/// How a listing is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Aligned columns for a terminal (sanitised, display-width aware).
    Table,
    /// CSV with a header row, spreadsheet-neutralised cells.
    Csv,
    /// An array of objects, keys in column order, data exact.
    Json,
    /// A spreadsheet: text cells, frozen header, autofilter.
    Xlsx,
}

impl Format {
    /// The names `--format` accepts.
    pub const NAMES: &'static [&'static str] = &["table", "csv", "json", "xlsx"];

    /// The format for a file name's extension (case-insensitive): `.csv`, `.json`,
    /// `.xlsx`, `.txt` / `.table`. `None` for anything else and for a path without an
    /// extension.
    pub fn from_path(p: &Path) -> Option<Format> {
        let ext = p.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" => Some(Format::Csv),
            "json" => Some(Format::Json),
            "xlsx" => Some(Format::Xlsx),
            "txt" | "table" => Some(Format::Table),
            _ => None,
        }
    }

    /// The lower-case name, as `--format` spells it.
    pub fn name(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Xlsx => "xlsx",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// `--format` got a name that is not a format.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown format `{0}`: expected one of table, csv, json, xlsx")]
pub struct UnknownFormat(pub String);

impl FromStr for Format {
    type Err = UnknownFormat;

    fn from_str(s: &str) -> Result<Format, UnknownFormat> {
        match s.trim().to_ascii_lowercase().as_str() {
            "table" => Ok(Format::Table),
            "csv" => Ok(Format::Csv),
            "json" => Ok(Format::Json),
            "xlsx" => Ok(Format::Xlsx),
            _ => Err(UnknownFormat(s.to_owned())),
        }
    }
}

/// Options for [`crate::export::write_listing`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteOptions {
    /// Start CSV output with a UTF-8 BOM (files meant for Excel). Ignored by the
    /// other formats.
    pub bom: bool,
    /// Table only: make the header bold with an SGR escape. Set it only when stdout
    /// is a terminal.
    pub color: bool,
    /// Table only: cells wider than this many terminal cells are cut (marked `~`).
    /// `0` means no limit.
    pub max_col_width: usize,
}

impl WriteOptions {
    /// The default table column limit.
    pub const DEFAULT_MAX_COL_WIDTH: usize = 40;
}

impl Default for WriteOptions {
    fn default() -> WriteOptions {
        WriteOptions {
            bom: false,
            color: false,
            max_col_width: WriteOptions::DEFAULT_MAX_COL_WIDTH,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_names_and_rejects_others_clearly() {
        assert_eq!("table".parse(), Ok(Format::Table));
        assert_eq!(" CSV ".parse(), Ok(Format::Csv));
        assert_eq!("json".parse(), Ok(Format::Json));
        let err = "xml".parse::<Format>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown format `xml`: expected one of table, csv, json, xlsx"
        );
        for name in Format::NAMES {
            let f: Format = name.parse().unwrap();
            assert_eq!(f.to_string(), *name);
        }
    }

    #[test]
    fn format_from_extension() {
        let f = |p: &str| Format::from_path(Path::new(p));
        assert_eq!(f("out/cases.csv"), Some(Format::Csv));
        assert_eq!(f("CASES.CSV"), Some(Format::Csv));
        assert_eq!(f("links.json"), Some(Format::Json));
        assert_eq!(f("hubs.txt"), Some(Format::Table));
        assert_eq!(f("hubs.table"), Some(Format::Table));
        assert_eq!(f("cases.xlsx"), Some(Format::Xlsx));
        assert_eq!(f("cases"), None);
        assert_eq!(f(".csv"), None); // a hidden file named `.csv` has no extension
        assert_eq!(f("a.csv.bak"), None);
    }

    #[test]
    fn default_options() {
        let o = WriteOptions::default();
        assert!(!o.bom && !o.color);
        assert_eq!(o.max_col_width, 40);
    }
}
