//! Property tests of the query parser (`Query::parse`): no panic on any input, and a
//! parsed query printed and parsed again is the same query (normalising twice changes
//! nothing), so the CLI, the TUI's history and `--explain` can round-trip it.

use casebench::search::Query;
use proptest::prelude::*;

/// Text that looks like what analysts type, and what they type by mistake.
fn queryish() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just("caller:".to_owned()),
            Just("account:".to_owned()),
            Just("script:".to_owned()),
            Just("VICTIM：".to_owned()),
            Just("other:".to_owned()),
            Just("\"".to_owned()),
            Just("“".to_owned()),
            Just("”".to_owned()),
            Just("＂".to_owned()),
            Just(" ".to_owned()),
            Just("\u{3000}".to_owned()),
            Just("\t".to_owned()),
            Just("-".to_owned()),
            Just("+86".to_owned()),
            Just("(0370)".to_owned()),
            Just("尾号".to_owned()),
            Just("QQ".to_owned()),
            Just("@qq.com".to_owned()),
            "[0-9]{1,6}",
            "[０-９]{1,4}",
            "[一二三四五六七八九〇幺]{1,4}",
            "[金条白条网贷京东客服]{1,3}",
            "[a-zA-Z]{1,6}",
            "[%_'\\\\;*]{1,3}",
            any::<char>().prop_map(String::from),
        ],
        0..12,
    )
    .prop_map(|parts| parts.concat())
}

fn round_trips(input: &str) -> Result<(), TestCaseError> {
    if let Ok(query) = Query::parse(input) {
        let printed = query.to_string();
        let again = Query::parse(&printed);
        prop_assert_eq!(
            again.as_ref(),
            Ok(&query),
            "{:?} printed as {:?}",
            input,
            printed
        );
        prop_assert_eq!(again.map(|q| q.to_string()), Ok(printed));
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn any_text_parses_or_errs_without_panic(s in "\\PC{0,80}") {
        round_trips(&s)?;
    }

    #[test]
    fn any_string_at_all(s in any::<String>()) {
        round_trips(&s)?;
    }

    #[test]
    fn query_like_text_round_trips(s in queryish()) {
        round_trips(&s)?;
    }
}

#[test]
fn known_shapes_round_trip() {
    for q in [
        "金条",
        "caller:138 1234 5678 白条",
        "account:\"6222 0212 3456\"",
        "script:“京东 客服”",
        "尾号1234 victim:张",
        "'; DROP TABLE cases;--",
        "%",
    ] {
        round_trips(q).unwrap();
    }
}
