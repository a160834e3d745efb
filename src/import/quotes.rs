//! Finds a runaway quote: a field whose opening `"` is never closed, so the CSV reader
//! reads the rest of the file (or up to the next stray quote) as one field and the
//! rows inside it would silently vanish into a narrative.
//!
//! The reader cannot tell a runaway quote from a long quoted narrative; the import
//! asks this module about every record that spans several lines. A record is a
//! runaway when its text ends inside quotes (the file ended first), or when a line
//! inside one of its quoted fields looks like a row of its own (as many commas as the
//! header has separators). The import then rejects the line where the quote opened and
//! reads on from the next line, so the rows after it are imported and counted.

/// Where a runaway quote opened, as a byte offset into the record's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Runaway {
    pub open_at: usize,
    /// True when some line inside the quoted field looks like a row: reading on from
    /// the next line recovers them. False: the file ended inside the quote and what
    /// follows is text, kept whole with the rejected row.
    pub rows_inside: bool,
}

/// Checks one record's text (`"` quotes, `""` escapes, `,` separators, as the csv
/// crate's defaults). `width` is the header's field count.
///
/// Well-formed CSV never triggers this: a runaway needs a quoted field spanning lines
/// that either never closes or "closes" on a quote followed by something other than a
/// separator or a line end (the next row's opening quote, taken as the close).
pub fn runaway_quote(raw: &str, width: usize) -> Option<Runaway> {
    let bytes = raw.as_bytes();
    // A record on one line cannot hold swallowed rows.
    memchr::memchr(b'\n', bytes)?;
    // Only quotes change the state, so the scan jumps from quote to quote. Outside
    // quotes a field starts at the record's start or after a separator or line end
    // (the byte before an opening quote is never a closing one: that would be `""`
    // inside the field).
    let mut in_quotes = false;
    let mut open_at = 0;
    let mut i = 0;
    while let Some(q) = memchr::memchr(b'"', &bytes[i..]) {
        i += q;
        if in_quotes {
            if bytes.get(i + 1) == Some(&b'"') {
                i += 2;
                continue;
            }
            in_quotes = false;
            let well_closed = matches!(bytes.get(i + 1), None | Some(b',' | b'\r' | b'\n'));
            let multiline = memchr::memchr(b'\n', &bytes[open_at..i]).is_some();
            if !well_closed && multiline && rows_inside(&bytes[open_at..i], width) {
                return Some(Runaway {
                    open_at,
                    rows_inside: true,
                });
            }
        } else if i == 0 || matches!(bytes[i - 1], b',' | b'\n' | b'\r') {
            in_quotes = true;
            open_at = i;
        }
        i += 1;
    }
    in_quotes.then(|| Runaway {
        open_at,
        rows_inside: rows_inside(&bytes[open_at..], width),
    })
}

/// True when a line of the quoted field after its first looks like a row of the
/// file: as many separators as the header has (before any quote on that line).
fn rows_inside(field: &[u8], width: usize) -> bool {
    let min_commas = width.saturating_sub(1).max(2);
    field.split(|&b| b == b'\n').skip(1).any(|line| {
        let before_quote = match memchr::memchr(b'"', line) {
            Some(q) => &line[..q],
            None => line,
        };
        memchr::memchr_iter(b',', before_quote).count() >= min_commas
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closed_quotes_and_single_lines_are_fine() {
        assert_eq!(runaway_quote("A1,\"x, y\",z", 3), None);
        assert_eq!(runaway_quote("A1,\"line one\nline two\",z\n", 3), None);
        assert_eq!(runaway_quote("A1,\"say \"\"hi\"\"\nok\",z\n", 3), None);
        // A quote inside a field is a literal, not an opening.
        assert_eq!(runaway_quote("A1,5\" screen\nB2,x,y", 3), None);
        // A multi-line field whose next line holds the rest of the record's fields.
        let raw = "A2,\"6222\n建设银行卡号：6217 户名田\",\"said, then, and, so\",2026,1,2,3\n";
        assert_eq!(runaway_quote(raw, 9), None);
    }

    #[test]
    fn a_quote_open_at_the_end_is_a_runaway() {
        let raw = "A2,\"never closed\nmore text\n";
        assert_eq!(
            runaway_quote(raw, 3),
            Some(Runaway {
                open_at: 3,
                rows_inside: false
            })
        );
    }

    /// The scan as it was, a byte at a time: the reference for the one that jumps.
    fn runaway_quote_byte_by_byte(raw: &str, width: usize) -> Option<Runaway> {
        let bytes = raw.as_bytes();
        // A record on one line cannot hold swallowed rows.
        memchr::memchr(b'\n', bytes)?;
        let mut in_quotes = false;
        let mut field_start = true;
        let mut open_at = 0;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if in_quotes {
                if b == b'"' {
                    if bytes.get(i + 1) == Some(&b'"') {
                        i += 1;
                    } else {
                        in_quotes = false;
                        let well_closed =
                            matches!(bytes.get(i + 1), None | Some(b',' | b'\r' | b'\n'));
                        let multiline = memchr::memchr(b'\n', &bytes[open_at..i]).is_some();
                        if !well_closed && multiline && rows_inside(&bytes[open_at..i], width) {
                            return Some(Runaway {
                                open_at,
                                rows_inside: true,
                            });
                        }
                    }
                }
                field_start = false;
            } else {
                if b == b'"' && field_start {
                    in_quotes = true;
                    open_at = i;
                }
                field_start = matches!(b, b',' | b'\n' | b'\r');
            }
            i += 1;
        }
        in_quotes.then(|| Runaway {
            open_at,
            rows_inside: rows_inside(&bytes[open_at..], width),
        })
    }

    proptest::proptest! {
        #[test]
        fn jumping_from_quote_to_quote_finds_what_the_bytewise_scan_finds(
            raw in "[\"a,\n\r]{0,40}",
            width in 1usize..6,
        ) {
            proptest::prop_assert_eq!(
                runaway_quote(&raw, width),
                runaway_quote_byte_by_byte(&raw, width)
            );
        }
    }

    #[test]
    fn rows_swallowed_into_a_field_are_found() {
        let raw = "U2,李四,\"opened\nU3,王五,13712345678,next\nU4,赵六,\"x\"";
        assert_eq!(
            runaway_quote(raw, 4),
            Some(Runaway {
                open_at: 10,
                rows_inside: true
            })
        );
    }
}
