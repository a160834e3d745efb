//! The search query parser on arbitrary text: no panic, and a parsed query printed
//! and parsed again is the same query.
#![no_main]

use casebench::search::Query;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &str| {
    if let Ok(query) = Query::parse(input) {
        let again = Query::parse(&query.to_string());
        assert_eq!(again.as_ref(), Ok(&query), "{input:?} printed as {query}");
    }
});
