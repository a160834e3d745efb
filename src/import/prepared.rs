//! What the writer binds for a row beyond its parsed values — its unknown columns and
//! cells as JSON, where each narrative excerpt stands in the script — worked out on
//! the parsing thread. The writer (SQLite's one connection) is half of an import's
//! rows phase: what needs no database is done before it. (Not the content hash: the
//! writer works it out only for a row refused for its report_no, since migration 015
//! stores none; made here for every row it cost the parser 1.2 CPU-s at a million.)

use super::row::ParsedRow;
use crate::import::headers::CaseField;

/// A row's values in the form the store keeps them, made from the row alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prepared {
    /// The unknown columns as a JSON object, in file order (`cases.extra`); none as
    /// the empty text (not `{}`: two bytes a row, read back alike by
    /// `store::rows::extra_fields`).
    pub extra: String,
    /// The row's cells as a JSON array, when they must be kept (`ParsedRow::cells`).
    pub cells: Option<String>,
    /// For each of the row's identifiers, in order: where its excerpt stands in the
    /// script (see [`excerpt_in`]); empty (not allocated) when none has an excerpt.
    pub excerpts: Vec<Excerpt>,
}

/// Where an identifier's excerpt stands in the script it was cut from, as the store
/// keeps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Excerpt {
    /// No excerpt (an identifier from a column).
    None,
    /// 1-based character position and length in characters: SQLite's `substr` reads
    /// it back.
    At { from: i64, chars: i64 },
    /// The script does not hold it: the excerpt itself is stored.
    Apart,
}

impl Prepared {
    pub fn of(row: &ParsedRow) -> Prepared {
        let script = row.field(CaseField::Script);
        Prepared {
            // Empty: no allocation.
            extra: extra_json(&row.extra),
            cells: row
                .cells
                .as_ref()
                .map(|cells| serde_json::Value::from(cells.clone()).to_string()),
            excerpts: match row.identifiers.iter().any(|f| f.excerpt.is_some()) {
                true => row
                    .identifiers
                    .iter()
                    .map(|f| excerpt_in(script, f.excerpt.as_deref()))
                    .collect(),
                false => Vec::new(),
            },
        }
    }

    /// Where the excerpt of the row's identifier `i` stands.
    pub fn excerpt(&self, i: usize) -> Excerpt {
        self.excerpts.get(i).copied().unwrap_or(Excerpt::None)
    }
}

/// Where `excerpt` stands in `script`: its first occurrence.
pub fn excerpt_in(script: &str, excerpt: Option<&str>) -> Excerpt {
    let Some(excerpt) = excerpt else {
        return Excerpt::None;
    };
    match script.find(excerpt) {
        Some(at) => Excerpt::At {
            from: script[..at].chars().count() as i64 + 1,
            chars: excerpt.chars().count() as i64,
        },
        None => Excerpt::Apart,
    }
}

/// Unknown columns as a JSON object, in file order, none as the empty text: what
/// `serde_json` writes for a `Map` of them (`preserve_order`: a header met again keeps its first place and takes
/// the later value). Written straight out, each key and value escaped by `serde_json`
/// as a `Value::String` is, when no header repeats (every generated and real file so
/// far); through the `Map` otherwise.
pub fn extra_json(extra: &[(String, String)]) -> String {
    if extra.is_empty() {
        return String::new();
    }
    let repeats = extra
        .iter()
        .enumerate()
        .any(|(i, (k, _))| extra[..i].iter().any(|(earlier, _)| earlier == k));
    if repeats {
        let map: serde_json::Map<String, serde_json::Value> = extra
            .iter()
            .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
            .collect();
        return serde_json::Value::Object(map).to_string();
    }
    let mut out = Vec::with_capacity(
        2 + extra
            .iter()
            .map(|(k, v)| k.len() + v.len() + 6)
            .sum::<usize>(),
    );
    out.push(b'{');
    for (i, (k, v)) in extra.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        // Writing a str into a Vec cannot fail.
        let _ = serde_json::to_writer(&mut out, k);
        out.push(b':');
        let _ = serde_json::to_writer(&mut out, v);
    }
    out.push(b'}');
    // serde_json writes UTF-8 (its input is str).
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The JSON written straight out is `serde_json`'s for the same `Map`, byte for
    /// byte: quotes, backslashes, control characters, non-ASCII, empty, repeated keys.
    #[test]
    fn extra_json_is_what_serde_json_writes_for_the_map() {
        let by_map = |extra: &[(String, String)]| {
            let map: serde_json::Map<String, serde_json::Value> = extra
                .iter()
                .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
                .collect();
            match extra.is_empty() {
                true => String::new(),
                false => serde_json::Value::Object(map).to_string(),
            }
        };
        let pair = |k: &str, v: &str| (k.to_string(), v.to_string());
        for extra in [
            vec![],
            vec![pair("派出所", "高新区派出所")],
            vec![
                pair("a\"b", "c\\d\n\u{1}\t"),
                pair("", ""),
                pair("x", "</script>"),
            ],
            vec![pair("k", "1"), pair("j", "2"), pair("k", "3")],
            vec![pair("_extra_1", "ｅ"), pair("_extra_2", "\u{2028}\u{7f}")],
        ] {
            assert_eq!(extra_json(&extra), by_map(&extra), "{extra:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn extra_json_of_any_columns_is_serde_jsons(
            extra in proptest::collection::vec(("[a\"\\\\\u{0}-\u{1f} 中]{0,4}", ".{0,6}"), 0..5),
        ) {
            let map: serde_json::Map<String, serde_json::Value> = extra
                .iter()
                .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
                .collect();
            let want = match extra.is_empty() {
                true => String::new(),
                false => serde_json::Value::Object(map).to_string(),
            };
            proptest::prop_assert_eq!(extra_json(&extra), want);
        }
    }
}
