//! Excel and OpenDocument workbooks (`.xlsx`, `.xlsm`, `.xls`, `.ods`, read through
//! calamine) brought into the CSV import's pipeline: each sheet whose header row maps
//! is rendered as CSV text whose line N is the sheet's row N (rows above the header
//! and empty rows as empty lines, which the row reader skips but counts), so decoding
//! aside every step — row reading, parsing, the writer, duplicates and conflicts,
//! progress — is the one CSV files go through. Cells read as the analyst sees them
//! (`cell_text`).
//!
//! Also what a file that is no text is: a workbook, or something casebench does not
//! read (a Word document, a PDF, a ZIP archive), named in the error.

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Range, Reader, SheetType, Sheets};

use super::cell_text::{CellText, cell_text};
use super::headers::{self, CaseField, ColumnMap, HeaderAliases};
use super::row::Warning;
use crate::{Error, Result};

/// The workbook extensions imported, lower-case.
pub const WORKBOOK_EXTENSIONS: [&str; 4] = ["xlsx", "xlsm", "xls", "ods"];

/// Every format imported, as error messages name them.
pub const FORMATS_READ: &str = ".csv, .xlsx, .xlsm, .xls, .ods";

/// Title rows (one filled cell each) looked past for the header: report exports often
/// put the report's name above it (`XX市反诈中心案件登记表`).
const MAX_TITLE_ROWS: usize = 3;

fn extension(path: &Path) -> Option<String> {
    path.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
}

/// Whether a folder scan imports the file: a CSV file or a workbook by its extension,
/// and not the lock file Excel keeps beside an open workbook (`~$week-48.xlsx`) nor
/// the `._week-48.xlsx` a Mac leaves beside each file it copies to a USB stick.
pub fn is_importable(path: &Path) -> bool {
    let not_a_batch = path
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with("~$") || n.starts_with("._"));
    !not_a_batch
        && extension(path).is_some_and(|e| e == "csv" || WORKBOOK_EXTENSIONS.contains(&e.as_str()))
}

pub(super) fn has_workbook_extension(path: &Path) -> bool {
    extension(path).is_some_and(|e| WORKBOOK_EXTENSIONS.contains(&e.as_str()))
}

/// A file format that is no text, by its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Container {
    /// `.xlsx`, `.xlsm`, `.ods` — and `.docx`, `.zip`.
    Zip,
    /// OLE2 compound file: `.xls` — and `.doc`, `.ppt`, password-protected workbooks.
    Compound,
    Pdf,
}

fn container(bytes: &[u8]) -> Option<Container> {
    const COMPOUND: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        Some(Container::Zip)
    } else if bytes.starts_with(&COMPOUND) {
        Some(Container::Compound)
    } else if bytes.starts_with(b"%PDF") {
        Some(Container::Pdf)
    } else {
        None
    }
}

/// Whether the bytes are a container format (a workbook or another office file):
/// such a file is opened by [`open`], never decoded as text.
pub(super) fn is_container(bytes: &[u8]) -> bool {
    container(bytes).is_some()
}

/// A workbook's sheets, ready for the row reader.
pub(super) struct Workbook {
    /// `xlsx`, `xlsm`, `xls` or `ods`: recorded as the batch's encoding.
    pub format: &'static str,
    pub sheets: Vec<Sheet>,
    /// Sheets with cells but no header row with a report_no column, not read: their
    /// 1-based positions in the workbook and their names.
    pub skipped: Vec<(u32, String)>,
}

/// One sheet rendered as CSV text.
pub(super) struct Sheet {
    /// 1-based, in the workbook's order of sheets.
    pub position: u32,
    pub name: String,
    pub text: String,
    /// Where the rows start in `text`.
    pub header_end: usize,
    pub map: ColumnMap,
    pub lines: SheetLines,
}

/// What the row reader needs beyond the text: the sheet row of a rendered line (they
/// differ after a cell that holds line breaks), and warnings about cells.
#[derive(Debug, Default)]
pub(super) struct SheetLines {
    /// (rendered line, lines to take off): from each row after a cell with line breaks.
    shifts: Vec<(u64, u64)>,
    /// Warnings for the row that starts on each rendered line, in line order.
    notes: Vec<(u64, Warning)>,
}

impl SheetLines {
    /// The sheet row of the record that starts on rendered line `line`.
    pub fn row(&self, line: u64) -> u64 {
        match self.shifts.partition_point(|&(at, _)| at <= line) {
            0 => line,
            k => line - self.shifts[k - 1].1,
        }
    }

    /// The warnings about cells of the record that starts on rendered line `line`.
    pub fn notes(&self, line: u64) -> impl Iterator<Item = &Warning> {
        let from = self.notes.partition_point(|(at, _)| *at < line);
        self.notes[from..]
            .iter()
            .take_while(move |(at, _)| *at == line)
            .map(|(_, w)| w)
    }
}

/// Opens `bytes` (the file at `path`) as a workbook and renders its sheets. Called for a
/// file with a workbook extension or container bytes; every error names the file and
/// says what it is instead.
pub(super) fn open(path: &Path, bytes: &[u8], aliases: &HeaderAliases) -> Result<Workbook> {
    let refuse = |what: String| Error::file(path, what);
    let Some(kind) = container(bytes) else {
        let ext = extension(path).unwrap_or_default();
        return Err(refuse(format!(
            "named .{ext} but not a workbook: the content is {} (a CSV file is imported when named .csv); casebench reads {FORMATS_READ}",
            // As a CSV file is decoded (UTF-8, UTF-16, GB18030): only on this error path.
            match super::decode::decode(bytes) {
                Ok(_) => "text",
                Err(_) => "neither text nor a workbook",
            }
        )));
    };
    let opened = match kind {
        Container::Zip => {
            let xlsx = || {
                calamine::Xlsx::new(Cursor::new(bytes))
                    .map(Sheets::Xlsx)
                    .map_err(|e| e.to_string())
            };
            let ods = || {
                calamine::Ods::new(Cursor::new(bytes))
                    .map(Sheets::Ods)
                    .map_err(|e| e.to_string())
            };
            // An OpenDocument file names its type in its first entry, `mimetype`: the
            // error of a damaged one is then the OpenDocument reader's.
            let head = &bytes[..bytes.len().min(256)];
            match memchr::memmem::find(head, b"opendocument").is_some() {
                true => ods().or_else(|why| xlsx().map_err(|_| why)),
                false => xlsx().or_else(|why| ods().map_err(|_| why)),
            }
        }
        Container::Compound => calamine::Xls::new(Cursor::new(bytes))
            .map(Sheets::Xls)
            .map_err(|e| e.to_string()),
        Container::Pdf => Err(String::new()),
    };
    let mut book = match opened {
        Ok(book) => book,
        Err(why) => return Err(refuse(not_a_workbook(kind, bytes, &why))),
    };
    let format = match (&book, extension(path).as_deref()) {
        (Sheets::Xlsx(_), Some("xlsm")) => "xlsm",
        (Sheets::Xlsx(_) | Sheets::Xlsb(_), _) => "xlsx",
        (Sheets::Xls(_), _) => "xls",
        (Sheets::Ods(_), _) => "ods",
    };
    if !has_workbook_extension(path) {
        let named = match extension(path) {
            Some(ext) => format!("named .{ext}"),
            None => "without an extension".to_string(),
        };
        return Err(refuse(format!(
            "a workbook ({format}) {named}: rename it .{format} and import it again"
        )));
    }
    let names: Vec<String> = book
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .map(|s| s.name.clone())
        .collect();
    let mut sheets = Vec::new();
    let mut skipped = Vec::new();
    for (position, name) in (1..).zip(names) {
        let range = book.worksheet_range(&name).map_err(|e| {
            refuse(format!(
                "sheet {name:?} cannot be read, the workbook may be damaged: {e}"
            ))
        })?;
        match render(&range, aliases) {
            Rendered::Sheet {
                text,
                header_end,
                map,
                lines,
            } => sheets.push(Sheet {
                position,
                name,
                text,
                header_end,
                map,
                lines,
            }),
            Rendered::NoHeader => skipped.push((position, name)),
            Rendered::Empty => {}
        }
    }
    if sheets.is_empty() {
        let which = match skipped.is_empty() {
            true => "every sheet is empty".to_string(),
            false => {
                let names: Vec<String> = skipped.into_iter().map(|(_, n)| n).collect();
                format!("sheets {}", quoted_list(&names))
            }
        };
        // The names that would have done and how to map another, as for a CSV file.
        let hint = headers::no_report_no(aliases);
        let hint = hint
            .strip_prefix("line 1: no report_no column ")
            .unwrap_or(&hint);
        return Err(refuse(format!(
            "no sheet has a header row with a report_no column ({which}) {hint}"
        )));
    }
    Ok(Workbook {
        format,
        sheets,
        skipped,
    })
}

/// `"说明", "Sheet2"`.
pub fn quoted_list(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("{n:?}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What a container that did not open as a workbook is, for the error.
fn not_a_workbook(kind: Container, bytes: &[u8], why: &str) -> String {
    let holds = |name: &[u8]| memchr::memmem::find(bytes, name).is_some();
    let utf16 =
        |name: &str| -> Vec<u8> { name.encode_utf16().flat_map(u16::to_le_bytes).collect() };
    let what = match kind {
        Container::Pdf => "a PDF document",
        Container::Zip if holds(b"word/") => "a Word document",
        Container::Zip if holds(b"ppt/") => "a PowerPoint presentation",
        Container::Zip if holds(b"xl/") || holds(b"opendocument.spreadsheet") => {
            return format!("a damaged workbook, it cannot be read: {why}");
        }
        Container::Zip => "a ZIP archive",
        Container::Compound if holds(&utf16("EncryptedPackage")) => {
            return "a password-protected workbook: save it without a password and import it again"
                .to_string();
        }
        Container::Compound if holds(&utf16("WordDocument")) => "a Word document",
        Container::Compound if holds(&utf16("PowerPoint")) => "a PowerPoint presentation",
        Container::Compound if holds(&utf16("Workbook")) || holds(&utf16("Book")) => {
            return format!("a damaged workbook, it cannot be read: {why}");
        }
        Container::Compound => "an Office file that is not a workbook",
    };
    format!("not a file casebench reads ({what}); it reads {FORMATS_READ}")
}

enum Rendered {
    Sheet {
        text: String,
        header_end: usize,
        map: ColumnMap,
        lines: SheetLines,
    },
    /// Cells, but no header row that maps.
    NoHeader,
    Empty,
}

/// A header cell's text: line breaks inside it (a wrapped `损失⏎金额`) dropped, so that
/// it matches its name.
fn header_text(cell: &Data) -> String {
    cell_text(cell, false).text.replace(['\r', '\n'], "")
}

/// One past the last cell with something in it (0: the row is empty).
fn used_width(cells: &[String]) -> usize {
    cells
        .iter()
        .rposition(|c| !c.trim().is_empty())
        .map_or(0, |i| i + 1)
}

/// The sheet as CSV text (see the module doc): its header is its first row with
/// something in it, past up to [`MAX_TITLE_ROWS`] title rows of one cell.
fn render(range: &Range<Data>, aliases: &HeaderAliases) -> Rendered {
    let Some((first_row, _)) = range.start() else {
        return Rendered::Empty;
    };
    // Sheet rows are 1-based, as Excel shows them.
    let mut rows = range
        .rows()
        .enumerate()
        .map(|(i, cells)| (u64::from(first_row) + i as u64 + 1, cells));
    let mut titles = 0;
    let mut seen_cells = false;
    let (header_row, headers, map) = loop {
        let Some((row, cells)) = rows.next() else {
            return match seen_cells {
                true => Rendered::NoHeader,
                false => Rendered::Empty,
            };
        };
        let mut headers: Vec<String> = cells.iter().map(header_text).collect();
        let width = used_width(&headers);
        if width == 0 {
            continue;
        }
        seen_cells = true;
        headers.truncate(width);
        if let Some(map) = ColumnMap::from_headers_with(headers.iter().map(String::as_str), aliases)
        {
            break (row, headers, map);
        }
        let filled = headers.iter().filter(|h| !h.trim().is_empty()).count();
        if filled > 1 || titles == MAX_TITLE_ROWS {
            return Rendered::NoHeader;
        }
        titles += 1;
    };
    let width = headers.len();
    let amounts = map.columns(CaseField::Amount).to_vec();
    let mut text = "\n".repeat((header_row - 1) as usize);
    push_record(&mut text, &headers);
    text.push('\n');
    let header_end = text.len();
    let mut lines = SheetLines::default();
    // Line breaks inside cells so far: each puts the rows after it a line further on.
    let mut extra = 0u64;
    let mut fields: Vec<String> = Vec::with_capacity(width);
    for (row, cells) in rows {
        let line = row + extra;
        fields.clear();
        for (column, cell) in cells.iter().enumerate() {
            let CellText {
                text: shown,
                lost_digits,
            } = cell_text(cell, amounts.contains(&column));
            if lost_digits > 0 {
                let warning = lost_digits_warning(&map, &headers, column, &shown, lost_digits);
                lines.notes.push((line, warning));
            }
            fields.push(shown);
        }
        let used = used_width(&fields);
        if used > 0 {
            let start = text.len();
            push_record(&mut text, &fields[..used.max(width).min(fields.len())]);
            let breaks = super::line_breaks(&text.as_bytes()[start..]);
            if breaks > 0 {
                extra += breaks;
                lines.shifts.push((row + 1 + extra, extra));
            }
        }
        text.push('\n');
    }
    Rendered::Sheet {
        text,
        header_end,
        map,
        lines,
    }
}

/// The warning on a case whose cell held a number Excel rounded.
fn lost_digits_warning(
    map: &ColumnMap,
    headers: &[String],
    column: usize,
    shown: &str,
    lost_digits: usize,
) -> Warning {
    let field = CaseField::ALL
        .into_iter()
        .find(|&f| map.columns(f).contains(&column));
    let name = match field {
        Some(f) => f.name().to_string(),
        None => headers.get(column).cloned().unwrap_or_default(),
    };
    let digits = shown.chars().filter(|c| c.is_ascii_digit()).count() + lost_digits;
    // The victim's phone is personal data: the warning must not repeat it.
    let read_as = match field {
        Some(CaseField::VictimPhone) => String::new(),
        _ => format!(" {shown}"),
    };
    let lost = match lost_digits {
        1 => "its last digit is".to_string(),
        n => format!("its last {n} digits are"),
    };
    Warning {
        field: name,
        message: format!(
            "a number of {digits} digits stored as a number: Excel keeps 15, so {lost} lost; read as{read_as}, a partial number that never links (store the column as text and export again)"
        ),
    }
}

/// Appends `fields` as one CSV record (quoted where needed, no line end).
fn push_record(text: &mut String, fields: &[String]) {
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            text.push(',');
        }
        if field.contains([',', '"', '\n', '\r']) {
            text.push('"');
            text.push_str(&field.replace('"', "\"\""));
            text.push('"');
        } else {
            text.push_str(field);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(rows: &[(u32, &[Data])]) -> Range<Data> {
        let cells = rows
            .iter()
            .flat_map(|&(row, cells)| {
                cells
                    .iter()
                    .enumerate()
                    .map(move |(c, d)| calamine::Cell::new((row - 1, c as u32), d.clone()))
            })
            .collect();
        Range::from_sparse(cells)
    }

    fn s(text: &str) -> Data {
        Data::String(text.into())
    }

    fn rendered(range: &Range<Data>) -> (String, usize, SheetLines) {
        match render(range, &HeaderAliases::default()) {
            Rendered::Sheet {
                text,
                header_end,
                lines,
                ..
            } => (text, header_end, lines),
            Rendered::NoHeader => panic!("no header"),
            Rendered::Empty => panic!("empty"),
        }
    }

    /// Line N of the text is sheet row N: a title above the header, an empty row and
    /// a cell with a line break in it do not shift the rows after them.
    #[test]
    fn each_row_keeps_its_sheet_row_number() {
        let range = sheet(&[
            (1, &[s("案件登记表")]),
            (2, &[s("案件编号"), s("损失\n金额"), s("案情")]),
            (3, &[s("A1"), Data::Float(1234.5600000001), s("两行\n案情")]),
            (5, &[s("A2"), Data::Float(12.0), s("x, \"y\"")]),
        ]);
        let (text, header_end, lines) = rendered(&range);
        assert_eq!(
            text,
            "\n案件编号,损失金额,案情\nA1,1234.56,\"两行\n案情\"\n\nA2,12,\"x, \"\"y\"\"\"\n"
        );
        assert_eq!(&text[..header_end], "\n案件编号,损失金额,案情\n");
        // A2 starts on rendered line 6 (the line break in A1's narrative): row 5.
        assert_eq!((lines.row(3), lines.row(6)), (3, 5));
    }

    #[test]
    fn trailing_empty_cells_are_not_extra_fields() {
        // A note far to the right on one row widens the whole range.
        let range = sheet(&[
            (1, &[s("report_no"), s("caller")]),
            (2, &[s("R1"), Data::Float(13812345678.0)]),
            (3, &[s("R2"), Data::Empty, Data::Empty, s("note")]),
        ]);
        let (text, _, _) = rendered(&range);
        assert_eq!(text, "report_no,caller\nR1,13812345678\nR2,,,note\n");
    }

    #[test]
    fn a_rounded_number_is_a_warning_on_its_row() {
        let range = sheet(&[
            (1, &[s("report_no"), s("收款账号"), s("备注")]),
            (2, &[s("R1"), Data::Float(6222021234567890000.0), s("")]),
            (3, &[s("R2"), s("6222021234567890123"), Data::Float(1e17)]),
        ]);
        let (text, _, lines) = rendered(&range);
        assert!(text.contains("R1,622202123456789****,"), "{text}");
        let fields: Vec<&str> = lines.notes(2).map(|w| w.field.as_str()).collect();
        assert_eq!(fields, ["receiving_account"]);
        assert!(lines.notes(2).all(|w| w.message.contains("19 digits")));
        // An unknown column is named by its header.
        let fields: Vec<&str> = lines.notes(3).map(|w| w.field.as_str()).collect();
        assert_eq!(fields, ["备注"]);
    }

    #[test]
    fn sheets_without_a_header_are_told_from_empty_ones() {
        let notes = sheet(&[(1, &[s("说明")]), (2, &[s("本表为"), s("周报")])]);
        assert!(matches!(
            render(&notes, &HeaderAliases::default()),
            Rendered::NoHeader
        ));
        assert!(matches!(
            render(&Range::empty(), &HeaderAliases::default()),
            Rendered::Empty
        ));
        let blank = sheet(&[(4, &[s(" ")])]);
        assert!(matches!(
            render(&blank, &HeaderAliases::default()),
            Rendered::Empty
        ));
    }

    #[test]
    fn other_files_are_named_for_what_they_are() {
        let path = Path::new("x.pdf");
        let err = open(path, b"%PDF-1.7 ...", &HeaderAliases::default())
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some(
                "x.pdf: not a file casebench reads (a PDF document); it reads .csv, .xlsx, .xlsm, .xls, .ods"
            )
        );
        let err = open(
            Path::new("w.xlsx"),
            "report_no\nR1\n".as_bytes(),
            &HeaderAliases::default(),
        )
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
        assert!(
            err.starts_with("w.xlsx: named .xlsx but not a workbook: the content is text"),
            "{err}"
        );
    }

    /// An OLE2 file that is not an `.xls`: named by the streams it holds.
    #[test]
    fn office_files_that_are_not_workbooks_are_told_apart() {
        let compound = |stream: &str| {
            let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
            bytes.extend(vec![0u8; 500]);
            bytes.extend(stream.encode_utf16().flat_map(u16::to_le_bytes));
            bytes
        };
        let error = |name: &str, bytes: &[u8]| {
            open(Path::new(name), bytes, &HeaderAliases::default())
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default()
        };
        let locked = error("week.xlsx", &compound("EncryptedPackage"));
        assert!(locked.contains("a password-protected workbook"), "{locked}");
        let doc = error("notes.doc", &compound("WordDocument"));
        assert!(doc.contains("(a Word document)"), "{doc}");
        let zip = error("x.zip", b"PK\x03\x04 nothing of office here");
        assert!(zip.contains("(a ZIP archive)"), "{zip}");
    }

    #[test]
    fn lock_files_and_other_extensions_are_not_importable() {
        assert!(is_importable(Path::new("imports/week-48.XLSX")));
        assert!(is_importable(Path::new("imports/week-48.csv")));
        assert!(is_importable(Path::new("a.ods")));
        assert!(!is_importable(Path::new("imports/~$week-48.xlsx")));
        assert!(!is_importable(Path::new("imports/._week-48.csv")));
        assert!(!is_importable(Path::new("imports/notes.docx")));
        assert!(!is_importable(Path::new("imports/README")));
    }
}
