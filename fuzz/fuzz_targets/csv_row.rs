//! The CSV-row-to-case path on arbitrary bytes: decode (BOM / UTF-8 / GB18030 /
//! UTF-16), the csv reader, the header map, and `parse_row` with its normalisers.
//! The first byte chooses whether the input brings its own header row or its rows are
//! read under a header naming every field (so `parse_row` sees every column kind).
//! The runaway-quote check runs over the whole text too.
#![no_main]

use casebench::import::decode::decode;
use casebench::import::headers::ColumnMap;
use casebench::import::quotes::runaway_quote;
use casebench::import::row::parse_row;
use libfuzzer_sys::fuzz_target;

const EVERY_FIELD: &str = "report_no,reported_at,occurred_at,victim_name,victim_phone,\
caller_number,receiving_account,amount,scam_type,qq,wechat,script,extra\n";

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let Ok(decoded) = decode(rest) else {
        return;
    };
    let text = if mode & 1 == 0 {
        format!("{EVERY_FIELD}{}", decoded.text)
    } else {
        decoded.text
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let Some(Ok(header)) = records.next() else {
        return;
    };
    let Some(map) = ColumnMap::from_headers(header.iter()) else {
        return;
    };
    // The runaway-quote check the import runs on every record's text.
    if let Some(r) = runaway_quote(&text, map.width) {
        assert!(text.as_bytes().get(r.open_at) == Some(&b'"'), "{r:?}");
    }
    for record in records {
        let Ok(record) = record else { continue };
        let fields: Vec<&str> = record.iter().collect();
        if let Ok(row) = parse_row(&map, &fields) {
            assert!(!row.report_no.is_empty());
            assert!(row.report_no.trim() == row.report_no);
            for found in &row.identifiers {
                assert!(!found.identifier.value.is_empty(), "{found:?}");
            }
        }
    }
});
