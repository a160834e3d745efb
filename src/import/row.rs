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
    /// Worked out by whoever stores the row (the import's writer, which has time to
    /// spare while the parser is the slower thread), not when it is parsed.
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
    if !original.is_empty() && memchr::memchr(b'"', original.as_bytes()).is_none() {
        return original.split(',').map(Cow::Borrowed).collect();
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

pub fn parse_row(map: &ColumnMap, record: &[&str]) -> Result<ParsedRow, RowError> {
    let mut raw = String::with_capacity(record.iter().map(|c| c.len()).sum());
    let mut raw_ends = [0; CaseField::ALL.len()];
    for (end, &f) in raw_ends.iter_mut().zip(CaseField::ALL.iter()) {
        // The field's non-empty trimmed cells, one a line.
        let start = raw.len();
        let cells = map.columns(f).iter().filter_map(|&i| record.get(i));
        for cell in cells.map(|s| s.trim()).filter(|s| !s.is_empty()) {
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
    let mut parse_or_warn = |f: CaseField, parse: fn(&str) -> Option<String>| {
        let value = text(f);
        if value.is_empty() {
            return None;
        }
        let parsed = parse(value);
        if parsed.is_none() {
            warn(f.name(), format!("not a date: {value:?} (kept as written)"));
        }
        parsed
    };
    let reported_at = parse_or_warn(CaseField::ReportedAt, normalize::date);
    let occurred_at = parse_or_warn(CaseField::OccurredAt, normalize::date);

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
    let scam_type = crate::scamtype::classify(
        map.scam_types(),
        text(CaseField::ScamType),
        text(CaseField::Script),
    );
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
