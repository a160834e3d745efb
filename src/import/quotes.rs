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
pub fn runaway_quote(raw: &str, width: usize) -> Option<Runaway> {
    let bytes = raw.as_bytes();
    if memchr::memchr(b'\n', bytes).is_none() {
        return None;
    }
    let min_commas = width.saturating_sub(1).max(2);
    let mut in_quotes = false;
    let mut field_start = true;
    let mut open_at = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if in_quotes {
            match b {
                b'"' if bytes.get(i + 1) == Some(&b'"') => i += 1,
                b'"' => in_quotes = false,
                b'\n' => {
                    // A line inside the quoted field: does it look like a row?
                    let rest = &bytes[i + 1..];
                    let line = match memchr::memchr(b'\n', rest) {
                        Some(n) => &rest[..n],
                        None => rest,
                    };
                    if memchr::memchr_iter(b',', line).count() >= min_commas {
                        return Some(Runaway {
                            open_at,
                            rows_inside: true,
                        });
                    }
                }
                _ => {}
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
    in_quotes.then_some(Runaway {
        open_at,
        rows_inside: false,
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
