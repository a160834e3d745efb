//! One CSV record to one case: the fields by the column map, the identifiers through
//! the normaliser, unparsable values kept raw with a warning. Pure: no database here,
//! so it can be tested and fuzzed on its own.

use sha2::{Digest, Sha256};

use super::headers::{CaseField, ColumnMap};
use crate::model::{Field, Identifier, Role, Side};
use crate::normalize;

/// A case read from a row, ready to be written.
#[derive(Debug, Clone)]
pub struct ParsedRow {
    pub report_no: String,
    /// Raw (trimmed) text of every field, one after another (one allocation a row,
    /// not eleven: the parser is half of an import); `field` cuts it at `raw_ends`.
    raw: String,
    raw_ends: [usize; CaseField::ALL.len()],
    pub reported_at: Option<String>,
    pub occurred_at: Option<String>,
    pub amount_fen: Option<i64>,
    pub identifiers: Vec<FoundIdentifier>,
    /// Unknown columns and fields beyond the header: (header, value).
    pub extra: Vec<(String, String)>,
    pub warnings: Vec<Warning>,
    /// The taxonomy's code for the scam-type column, or the script's tag.
    pub scam_type: crate::scamtype::Typed,
    /// The row's cells, kept only when the header, the raw fields and `extra` would
    /// not give them back exactly (`store::rows`): None for nearly every row.
    pub cells: Option<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundIdentifier {
    pub identifier: Identifier,
    pub role: Role,
    /// The column it came from (a case field name; `script` for the narrative).
    pub origin: &'static str,
    /// Whose it is: a column's side, or what the narrative's cue words say.
    pub side: Side,
    /// For an identifier found in the narrative, the words around it.
    pub excerpt: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub field: String,
    pub message: String,
}

impl ParsedRow {
    pub fn field(&self, field: CaseField) -> &str {
        field_of(&self.raw, &self.raw_ends, field as usize)
    }

    /// Hash of the known fields: equal hashes mean a duplicate, not a conflict.
    /// Worked out by the import's writer, only for a row refused for its report_no.
    pub fn content_hash(&self) -> [u8; 16] {
        content_hash((0..self.raw_ends.len()).map(|i| field_of(&self.raw, &self.raw_ends, i)))
    }
}

/// Field `i` of the fields laid end to end in `raw`.
fn field_of<'r>(raw: &'r str, ends: &[usize], i: usize) -> &'r str {
    let start = match i {
        0 => 0,
        _ => ends.get(i - 1).copied().unwrap_or(0),
    };
    let end = ends.get(i).copied().unwrap_or(start);
    raw.get(start..end).unwrap_or_default()
}

/// Why a row cannot become a case.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RowError {
    #[error("no report_no")]
    NoReportNo,
}

/// The fields of a record the csv reader read into `record`, whose text in the file
/// (its line end trimmed) is `original`: as the reader's `StringRecord` gives them.
///
/// A record without a quote is its text split at the commas, borrowed from the file's
/// text with no copy and no second UTF-8 check (the reader found the same fields:
/// without quotes only commas and line ends are special). In a record with quotes,
/// each field that stands in the text as it is (bare, or quoted with no quote inside)
/// is borrowed from there once its bytes are seen to be the reader's; any other is
/// checked as UTF-8 as `StringRecord` does (it always is: the file is text and the
/// reader cuts it only at ASCII bytes).
pub(super) fn record_fields<'r>(
    original: &'r str,
    record: &'r csv::ByteRecord,
) -> Vec<std::borrow::Cow<'r, str>> {
    use std::borrow::Cow;
    let mut plain = Vec::new();
    if plain_fields(original, &mut plain) {
        return plain.into_iter().map(Cow::Borrowed).collect();
    }
    // Where the next field starts in `original`, while the fields are found there.
    let mut at = Some(0);
    let mut fields = Vec::with_capacity(record.len());
    for field in record.iter() {
        match at.and_then(|a| field_in_text(original, a, field)) {
            Some((text, next)) => {
                fields.push(Cow::Borrowed(text));
                at = Some(next);
            }
            None => {
                fields.push(String::from_utf8_lossy(field));
                at = None;
            }
        }
    }
    fields
}

/// `cell.trim()`, answered from its first byte and its last character's first byte
/// when neither can begin a whitespace character (nearly every cell: an ideograph, a
/// digit, a letter; empty): the standard trim decodes a character at each end, twelve
/// cells a row. Every character `char::is_whitespace` knows is ASCII or starts with
/// byte C2, E1, E2 or E3 (`tests::trim_is_strs_trim`). Judging the end by its last
/// byte alone sent a cell ending in 元 (E5 85 83) or 款 down the slow path.
fn trim(cell: &str) -> &str {
    let may_start_space =
        |b: u8| b.is_ascii_whitespace() || b == 0x0b || matches!(b, 0xc2 | 0xe1..=0xe3);
    let bytes = cell.as_bytes();
    let Some(&first) = bytes.first() else {
        return cell;
    };
    // A character is at most four bytes: its first is the last byte not 10xxxxxx.
    let last_lead = bytes
        .iter()
        .rev()
        .take(4)
        .copied()
        .find(|&b| b & 0xc0 != 0x80);
    match last_lead {
        Some(last) if !may_start_space(first) && !may_start_space(last) => cell,
        _ => cell.trim(),
    }
}

/// The fields of a record without a quote, or whose quotes each wrap a whole field
/// with no quote inside ([`quotes_wrap_fields`]; see [`record_fields`]), into
/// `fields` (its old content dropped, its room kept: the import reads every row into
/// one list), borrowed from `original`; false, with `fields` left empty, for any
/// other record or an empty one. The reader's fields for such a record are its text
/// cut at the commas outside quotes, the quotes taken off.
pub(super) fn plain_fields<'r>(original: &'r str, fields: &mut Vec<&'r str>) -> bool {
    fields.clear();
    let bytes = original.as_bytes();
    if bytes.is_empty() {
        return false;
    }
    if memchr::memchr(b'"', bytes).is_none() {
        let mut start = 0;
        for comma in memchr::memchr_iter(b',', bytes) {
            fields.push(original.get(start..comma).unwrap_or_default());
            start = comma + 1;
        }
        fields.push(original.get(start..).unwrap_or_default());
        return true;
    }
    if !quotes_wrap_fields(bytes) {
        return false;
    }
    let mut at = 0;
    loop {
        if bytes.get(at) == Some(&b'"') {
            // Closed, and then by a comma or the end: `quotes_wrap_fields`.
            let Some(close) = memchr::memchr(b'"', &bytes[at + 1..]).map(|n| at + 1 + n) else {
                fields.clear();
                return false;
            };
            fields.push(original.get(at + 1..close).unwrap_or_default());
            if close + 1 >= bytes.len() {
                return true;
            }
            at = close + 2;
        } else {
            match memchr::memchr(b',', &bytes[at..]) {
                Some(n) => {
                    fields.push(original.get(at..at + n).unwrap_or_default());
                    at += n + 1;
                }
                None => {
                    fields.push(original.get(at..).unwrap_or_default());
                    return true;
                }
            }
        }
    }
}

/// Whether each quote of a record's text opens a field (at the record's start or
/// after a comma) or closes the one it opened (before a comma or the end), so that
/// no field holds a quote: the reader then takes each quoted field's text as it
/// stands, a comma or a line break in it included. Looks at the quotes alone.
pub(super) fn quotes_wrap_fields(bytes: &[u8]) -> bool {
    let mut quotes = memchr::memchr_iter(b'"', bytes);
    while let Some(open) = quotes.next() {
        if open != 0 && bytes[open - 1] != b',' {
            return false;
        }
        let Some(close) = quotes.next() else {
            return false;
        };
        if !matches!(bytes.get(close + 1), None | Some(b',')) {
            return false;
        }
    }
    true
}

/// `field` standing in `text` at `at`, bare or in quotes with no quote inside, then a
/// comma or the end: that text, and where the field after it starts.
fn field_in_text<'r>(text: &'r str, at: usize, field: &[u8]) -> Option<(&'r str, usize)> {
    let bytes = text.as_bytes();
    let quoted = bytes.get(at) == Some(&b'"');
    let start = if quoted { at + 1 } else { at };
    let end = start + field.len();
    if bytes.get(start..end)? != field {
        return None;
    }
    let after = if quoted {
        (bytes.get(end) == Some(&b'"')).then_some(end + 1)?
    } else {
        end
    };
    if !matches!(bytes.get(after), None | Some(b',')) {
        return None;
    }
    Some((text.get(start..end)?, after + 1))
}

const ID_FIELDS: [(CaseField, Field); 4] = [
    (CaseField::Caller, Field::Caller),
    (CaseField::Account, Field::Account),
    (CaseField::Contact, Field::Contact),
    (CaseField::VictimPhone, Field::VictimPhone),
];

/// What parsing the rows of one source (under one column map) learns once and
/// reuses. The scam-type column holds a few dozen spellings: each read through the
/// alias table's key (NFKC, lower case, suffixes) cost 5 % of the parser's
/// instructions (callgrind, 20k rows); a spelling met before is a look-up here. A
/// week's dates (to the minute) repeat too (1,600 and 4,700 distinct in 300,000
/// generated rows): a date read cost about 1,300 instructions, a look-up a tenth of
/// that. Amounts do not (a third of them distinct): remembering them cost more than it
/// saved, as did remembering the phone library's readings (one in seven met again).
#[derive(Default)]
pub struct Learnt {
    types: Remembered<crate::scamtype::Typed>,
    dates: Remembered<Option<String>>,
}

/// Answers of a function of a cell's text, by the text: at most [`Remembered::KEPT`],
/// then forgotten all at once (a few MiB at most).
struct Remembered<T> {
    known: hashbrown::HashMap<String, T>,
}

impl<T> Default for Remembered<T> {
    fn default() -> Self {
        Remembered {
            known: hashbrown::HashMap::new(),
        }
    }
}

impl<T: Clone> Remembered<T> {
    const KEPT: usize = 1 << 15;

    /// `read(text)`, from memory when `text` was read before (`read` must depend on
    /// the text alone).
    fn get(&mut self, text: &str, read: fn(&str) -> T) -> T {
        self.get_or(text, true, || read(text))
    }

    /// The answer kept for `text`, or `read()`'s, kept when `keep` (`read` must
    /// depend on the text alone wherever `keep` is true).
    fn get_or(&mut self, text: &str, keep: bool, read: impl FnOnce() -> T) -> T {
        if let Some(answer) = self.known.get(text) {
            return answer.clone();
        }
        let answer = read();
        if keep {
            if self.known.len() >= Self::KEPT {
                self.known.clear();
            }
            self.known.insert(text.to_owned(), answer.clone());
        }
        answer
    }
}

impl Learnt {
    /// The scam type of a row whose scam-type column reads `column`, as
    /// `scamtype::classify` gives it under `map`'s alias table.
    fn scam_type(&mut self, map: &ColumnMap, column: &str, script: &str) -> crate::scamtype::Typed {
        // An empty column is typed by the script: not a spelling to keep.
        let keep = !column.trim().is_empty();
        self.types.get_or(column, keep, || {
            crate::scamtype::classify(map.scam_types(), column, script)
        })
    }
}

pub fn parse_row(map: &ColumnMap, record: &[&str]) -> Result<ParsedRow, RowError> {
    parse_row_learning(map, record, &mut Learnt::default())
}

/// [`parse_row`] for one of many rows under `map`, with what the rows before it
/// taught (`learnt`, to be used with this map only).
pub fn parse_row_learning(
    map: &ColumnMap,
    record: &[&str],
    learnt: &mut Learnt,
) -> Result<ParsedRow, RowError> {
    let mut raw = String::with_capacity(record.iter().map(|c| c.len()).sum());
    let mut raw_ends = [0; CaseField::ALL.len()];
    for (end, &f) in raw_ends.iter_mut().zip(CaseField::ALL.iter()) {
        // The field's non-empty trimmed cells, one a line.
        let start = raw.len();
        let cells = map.columns(f).iter().filter_map(|&i| record.get(i));
        for cell in cells.map(|s| trim(s)).filter(|s| !s.is_empty()) {
            if raw.len() > start {
                raw.push('\n');
            }
            raw.push_str(cell);
        }
        *end = raw.len();
    }
    let report_no = field_of(&raw, &raw_ends, CaseField::ReportNo as usize).to_string();
    if report_no.is_empty() {
        return Err(RowError::NoReportNo);
    }

    let mut warnings = Vec::new();
    let mut warn = |field: &str, message: String| {
        warnings.push(Warning {
            field: field.to_string(),
            message,
        })
    };

    if record.len() < map.width {
        warn(
            "row",
            format!(
                "{} fields where the header has {}: missing fields left empty",
                record.len(),
                map.width
            ),
        );
    }
    let mut extra: Vec<(String, String)> = map
        .unknown
        .iter()
        .map(|(i, header)| {
            let value = record.get(*i).copied().unwrap_or_default();
            (header.clone(), value.to_string())
        })
        .collect();
    if record.len() > map.width {
        warn(
            "row",
            format!(
                "{} fields where the header has {}: extra fields kept",
                record.len(),
                map.width
            ),
        );
        for (k, value) in record[map.width..].iter().enumerate() {
            extra.push((format!("_extra_{}", k + 1), value.to_string()));
        }
    }

    let text = |f: CaseField| field_of(&raw, &raw_ends, f as usize);
    let mut parse_or_warn = |f: CaseField, dates: &mut Remembered<Option<String>>| {
        let value = text(f);
        if value.is_empty() {
            return None;
        }
        let parsed = dates.get(value, normalize::date);
        if parsed.is_none() {
            warn(f.name(), format!("not a date: {value:?} (kept as written)"));
        }
        parsed
    };
    let reported_at = parse_or_warn(CaseField::ReportedAt, &mut learnt.dates);
    let occurred_at = parse_or_warn(CaseField::OccurredAt, &mut learnt.dates);

    let amount_text = text(CaseField::Amount);
    let amount_fen = if amount_text.is_empty() {
        None
    } else {
        let fen = normalize::amount_fen(amount_text);
        if fen.is_none() {
            warn(
                CaseField::Amount.name(),
                format!("not an amount: {amount_text:?} (kept as written)"),
            );
        }
        fen
    };

    let mut identifiers = Vec::with_capacity(8);
    for (case_field, field) in ID_FIELDS {
        let cell = text(case_field);
        if cell.is_empty() {
            continue;
        }
        let found = normalize::each_identifier_in_cell(cell, field, |identifier| {
            identifiers.push(FoundIdentifier {
                role: Role::for_field(field, identifier.kind),
                identifier,
                origin: case_field.name(),
                side: Role::column_side(field),
                excerpt: None,
            })
        });
        if found == 0 {
            // The victim's phone is personal data: the warning must not repeat it.
            let message = if field == Field::VictimPhone {
                "not a phone number (kept as written)".to_string()
            } else {
                format!("no identifier found in {cell:?} (kept as written)")
            };
            warn(case_field.name(), message);
        }
    }
    narrative_identifiers(
        text(CaseField::Script),
        text(CaseField::VictimName),
        &mut identifiers,
    );
    let scam_type = learnt.scam_type(map, text(CaseField::ScamType), text(CaseField::Script));
    let cells = (!map.rebuilds || !crate::store::rows::exact(&map.header, record))
        .then(|| record.iter().map(|c| c.to_string()).collect());

    Ok(ParsedRow {
        report_no,
        raw,
        raw_ends,
        reported_at,
        occurred_at,
        amount_fen,
        identifiers,
        extra,
        warnings,
        scam_type,
        cells,
    })
}

/// The identifiers of the narrative, each with its side (see `normalize::narrative`).
/// One already read from a column keeps the column's role and is not added again.
fn narrative_identifiers(script: &str, victim_name: &str, identifiers: &mut Vec<FoundIdentifier>) {
    if script.is_empty() {
        return;
    }
    let from_columns = identifiers.len();
    for found in normalize::narrative_identifiers(script, victim_name) {
        let id = found.identifier;
        let known = identifiers[..from_columns]
            .iter()
            .any(|f| f.identifier.kind == id.kind && f.identifier.value == id.value);
        if known {
            continue;
        }
        identifiers.push(FoundIdentifier {
            role: Role::for_side(found.side, id.kind),
            identifier: id,
            origin: CaseField::Script.name(),
            side: found.side,
            excerpt: Some(found.excerpt),
        });
    }
}

/// The first 16 bytes of the SHA-256 of the fields (each ended by 0x1f), in
/// `CaseField::ALL`'s order. A case's is worked out again from its stored raw fields
/// when a row under its report_no comes (migration 015 stopped storing it); a replaced
/// version keeps its own as a 16-byte blob.
pub(crate) fn content_hash<'r>(fields: impl Iterator<Item = &'r str>) -> [u8; 16] {
    let mut hasher = Sha256::new();
    for value in fields {
        hasher.update(value.as_bytes());
        hasher.update([0x1f]);
    }
    let digest = hasher.finalize();
    let mut out = [0u8; 16];
    out.copy_from_slice(&digest[..16]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads `text` as `read_rows` does, each record both ways: `record_fields` and the
    /// reader's own `StringRecord`.
    fn both_ways(text: &str) -> Vec<(Vec<String>, Vec<String>)> {
        let builder = || {
            csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(text.as_bytes())
        };
        let (mut bytes_reader, mut string_reader) = (builder(), builder());
        let (mut bytes, mut strings) = (csv::ByteRecord::new(), csv::StringRecord::new());
        let mut out = Vec::new();
        loop {
            let mut start = bytes_reader.position().byte() as usize;
            while matches!(text.as_bytes().get(start), Some(b'\r' | b'\n')) {
                start += 1;
            }
            let got = bytes_reader.read_byte_record(&mut bytes);
            let want = string_reader.read_record(&mut strings);
            match (got, want) {
                (Ok(true), Ok(true)) => {}
                (Ok(false), Ok(false)) => break,
                (got, want) => panic!("{text:?}: {got:?} / {want:?}"),
            }
            let end = bytes_reader.position().byte() as usize;
            assert_eq!(end, string_reader.position().byte() as usize);
            let original = text
                .get(start..end)
                .unwrap_or("")
                .trim_end_matches(['\r', '\n']);
            let fields = record_fields(original, &bytes);
            out.push((
                fields.iter().map(|f| f.to_string()).collect(),
                strings.iter().map(str::to_string).collect(),
            ));
        }
        out
    }

    #[test]
    fn fields_split_from_the_text_are_the_readers_fields() {
        for text in [
            "a,b,c\nd,e,f\n",
            "a,b\r\nc,d\r\n",
            "a,b\rc,d\r",
            "a,,\n\n\n,b,\n",
            "a,\"x, y\",z\n1,5\" screen,2\n",
            "\"a\"\"b\",\"c\",d\n\"\",,\"e\"f,g\n",
            "x,\"¥1,500\",中文，逗号\n",
            "中文,１２,\"多\n行\"\n最后,一行",
            " , ,\n",
        ] {
            for (got, want) in both_ways(text) {
                assert_eq!(got, want, "{text:?}");
            }
        }
    }

    /// Rows parsed one after another with what the rows before taught are the rows
    /// parsed alone: a scam-type spelling or a date met again reads as it did, and an
    /// empty scam-type column is typed by each row's own script, not by the last one.
    #[test]
    fn learnt_rows_are_the_rows_parsed_alone() {
        let map =
            ColumnMap::from_headers(["report_no", "scam_type", "reported_at", "script"]).unwrap();
        let rows = [
            [
                "R1",
                "冒充客服",
                "2026年11月2日 14:35",
                "自称京东客服，要求开通会员",
            ],
            ["R2", "冒充客服", "2026年11月2日 14:35", ""],
            ["R3", "", "2026-02-30", "网络贷款，先交保证金"],
            ["R4", "", "2026-02-30", "刷单返利，做任务"],
            ["R5", " 冒充客服 ", "20261102", "自称公安局民警"],
        ];
        let mut learnt = Learnt::default();
        for row in rows {
            let taught = parse_row_learning(&map, &row, &mut learnt).unwrap();
            let alone = parse_row(&map, &row).unwrap();
            assert_eq!(format!("{taught:?}"), format!("{alone:?}"), "{row:?}");
        }
        assert_ne!(
            parse_row_learning(&map, &rows[3], &mut learnt)
                .unwrap()
                .scam_type,
            parse_row_learning(&map, &rows[2], &mut learnt)
                .unwrap()
                .scam_type,
            "the two scripts are typed apart"
        );
    }

    /// Every whitespace character at either end of a cell, alone or beside others, is
    /// trimmed as `str::trim` trims it; other characters are kept.
    #[test]
    fn trim_is_strs_trim() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            for cell in [
                c.to_string(),
                format!("{c}中"),
                format!("中{c}"),
                format!("{c}a{c}"),
                format!("1{c}2"),
            ] {
                assert_eq!(trim(&cell), cell.trim(), "U+{:04X}", u32::from(c));
            }
        }
        assert_eq!(trim(""), "");
    }

    proptest::proptest! {
        #[test]
        fn fields_split_from_any_text_are_the_readers_fields(
            text in "[a,\"\n\r 中]{0,60}",
        ) {
            for (got, want) in both_ways(&text) {
                proptest::prop_assert_eq!(got, want, "{:?}", text);
            }
        }
    }
}
