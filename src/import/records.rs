//! The records of a CSV file's rows, cut from its decoded text. A line (ended by
//! `\n`, `\r` or both, as the reader ends records) with no quote, or quotes that each
//! wrap a whole field (nearly every row of the generated weeks), is its own record,
//! found with `memchr` and cut at its commas by the parser (`row::plain_fields`);
//! only any other record goes through the csv reader, moved to where it starts.
//! The reader read every byte of every row before (about 11 instructions a byte,
//! 8 % of the parser's thread) though its fields were used for quoted rows only.
//!
//! Cut the reader's way: the same records, from the same text, in the same order
//! (a property test below holds it to the reader alone over any text).

use std::io::Cursor;

/// What [`Records::next`] found.
pub(super) enum Next {
    /// No record is left (blank lines at most).
    End,
    /// A record: its text is `start..end` (`end` past its line break, if it has one).
    /// `quoted`: it was read by the csv reader, whose fields [`Records::record`] holds
    /// (any other is one line that `row::plain_fields` splits).
    Record {
        start: usize,
        end: usize,
        quoted: bool,
    },
    /// The csv reader could not read the record at `start`; it stopped at `end`.
    Unreadable {
        start: usize,
        end: usize,
        error: csv::Error,
    },
}

/// Records of a text, one after another from a given byte on.
pub(super) struct Records<'t> {
    text: &'t str,
    reader: csv::Reader<Cursor<&'t [u8]>>,
    record: csv::ByteRecord,
    /// Where the next record starts, or the blank lines before it.
    next: usize,
    /// Whether the reader stands at `next` (it read the record before), so that it
    /// need not be moved there.
    reader_in_step: bool,
}

impl<'t> Records<'t> {
    /// The records of `text` from byte `from` (the start of a line) on.
    pub(super) fn new(text: &'t str, from: usize) -> Records<'t> {
        Records {
            text,
            reader: csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(Cursor::new(text.as_bytes())),
            record: csv::ByteRecord::new(),
            next: from,
            reader_in_step: false,
        }
    }

    /// Goes on from byte `at` (the start of a line), wherever the last record ended.
    pub(super) fn resume_at(&mut self, at: usize) {
        self.next = at;
        self.reader_in_step = false;
    }

    /// The fields of the last record the reader read (`Next::Record { quoted: true }`).
    pub(super) fn record(&self) -> &csv::ByteRecord {
        &self.record
    }

    pub(super) fn next(&mut self) -> Next {
        let bytes = self.text.as_bytes();
        // The reader skips blank lines before a record: so does this.
        let mut start = self.next;
        while matches!(bytes.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        let Some(rest) = bytes.get(start..).filter(|rest| !rest.is_empty()) else {
            return Next::End;
        };
        // The line ends at the first `\r` or `\n`: the reader ends a record at either
        // (or both) outside quotes. Looking no further keeps a file of lone carriage
        // returns linear.
        let term = memchr::memchr2(b'\n', b'\r', rest).unwrap_or(rest.len());
        let content = &rest[..term];
        // Without a quote, or with quotes that each wrap a whole field (so none is
        // left open to run on past the line's end), the reader's record is the line.
        let one_line =
            memchr::memchr(b'"', content).is_none() || super::row::quotes_wrap_fields(content);
        if one_line {
            let end = (start + term + 1).min(bytes.len());
            self.next = end;
            self.reader_in_step = false;
            return Next::Record {
                start,
                end,
                quoted: false,
            };
        }
        if !self.reader_in_step {
            let mut at = csv::Position::new();
            at.set_byte(start as u64);
            if let Err(error) = self
                .reader
                .seek_raw(std::io::SeekFrom::Start(start as u64), at)
            {
                // A cursor over the text cannot fail to seek; were it to, the caller
                // stops at a record that ends where it starts.
                return Next::Unreadable {
                    start,
                    end: start,
                    error,
                };
            }
        }
        let read = self.reader.read_byte_record(&mut self.record);
        let end = self.reader.position().byte() as usize;
        self.next = end;
        self.reader_in_step = true;
        match read {
            Ok(false) => Next::End,
            Ok(true) => Next::Record {
                start,
                end,
                quoted: true,
            },
            Err(error) => Next::Unreadable { start, end, error },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each record as (its text without its line break, its fields), cut by
    /// [`Records`] and split as `read_rows` splits it.
    fn cut(text: &str) -> Vec<(String, Vec<String>)> {
        let mut records = Records::new(text, 0);
        let mut plain = Vec::new();
        let mut out = Vec::new();
        loop {
            let (start, end, quoted) = match records.next() {
                Next::End => break,
                Next::Record { start, end, quoted } => (start, end, quoted),
                Next::Unreadable { error, .. } => panic!("{text:?}: {error}"),
            };
            let original = text[start..end].trim_end_matches(['\r', '\n']);
            let fields: Vec<String> = if super::super::row::plain_fields(original, &mut plain) {
                plain.iter().map(|f| f.to_string()).collect()
            } else {
                assert!(
                    quoted,
                    "{text:?}: a record cut by memchr that plain_fields cannot split"
                );
                super::super::row::record_fields(original, records.record())
                    .iter()
                    .map(|f| f.to_string())
                    .collect()
            };
            out.push((original.to_string(), fields));
        }
        out
    }

    /// The same, by the csv reader alone (as `read_rows` read every record before).
    fn by_the_reader(text: &str) -> Vec<(String, Vec<String>)> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut record = csv::StringRecord::new();
        let mut out = Vec::new();
        loop {
            let mut start = reader.position().byte() as usize;
            while matches!(text.as_bytes().get(start), Some(b'\r' | b'\n')) {
                start += 1;
            }
            if !reader.read_record(&mut record).unwrap() {
                break;
            }
            let end = reader.position().byte() as usize;
            let original = text[start..end].trim_end_matches(['\r', '\n']);
            out.push((
                original.to_string(),
                record.iter().map(str::to_string).collect(),
            ));
        }
        out
    }

    #[test]
    fn records_are_the_readers_records() {
        for text in [
            "a,b,c\nd,e,f\n",
            "a,b\r\nc,d\r\n",
            "a,b\rc,d\r",
            "a,b\r\r\nc\n",
            "a,,\n\n\n,b,\n",
            "a,\"x, y\",z\n1,5\" screen,2\nplain,row\n\"q\",r\n\"s\"\n",
            "\"多\n行\",x\nnext,row\n\"again\nand\",again\nlast",
            "中文,１２,\"多\n行\"\n最后,一行",
            " , ,\n",
            "\n\r\n",
            "",
        ] {
            assert_eq!(cut(text), by_the_reader(text), "{text:?}");
        }
    }

    #[test]
    fn a_line_whose_quotes_wrap_fields_is_not_given_to_the_reader() {
        let text = "a,b\n\"q\",c\nd,e\r\nf\n\"x\"y,z\n\"two\nlines\"\n";
        let mut records = Records::new(text, 0);
        let mut quoted = Vec::new();
        while let Next::Record { quoted: q, .. } = records.next() {
            quoted.push(q);
        }
        // `"x"y` (a quote closed inside a field) and a field open at a line's end go
        // to the reader.
        assert_eq!(quoted, [false, false, false, false, true, true]);
    }

    /// A file of lone carriage returns is cut line by line too: each record is found
    /// without looking past its own line (it was once looked for up to a `\n`, to the
    /// end of the file for every record).
    #[test]
    fn lines_ended_by_lone_carriage_returns_are_cut_by_memchr() {
        let text = "a,b\r\"c\",d\r\re,f";
        let mut records = Records::new(text, 0);
        let mut got = Vec::new();
        while let Next::Record { start, end, quoted } = records.next() {
            got.push((text[start..end].trim_end_matches(['\r', '\n']), quoted));
        }
        assert_eq!(got, [("a,b", false), ("\"c\",d", false), ("e,f", false)]);
        assert_eq!(cut(text), by_the_reader(text));
    }

    #[test]
    fn resuming_reads_on_from_the_line_given() {
        let text = "\"open,a\nb,c\n\"x\"\"y\",z\n";
        let mut records = Records::new(text, 0);
        assert!(matches!(records.next(), Next::Record { quoted: true, .. }));
        records.resume_at(text.find('b').unwrap());
        let Next::Record { start, end, quoted } = records.next() else {
            panic!("a record after the resume");
        };
        assert_eq!((&text[start..end], quoted), ("b,c\n", false));
        let Next::Record { start, end, quoted } = records.next() else {
            panic!("the quoted record after it");
        };
        assert_eq!((&text[start..end], quoted), ("\"x\"\"y\",z\n", true));
        assert_eq!(records.record().get(0), Some(&b"x\"y"[..]));
    }

    proptest::proptest! {
        #[test]
        fn records_of_any_text_are_the_readers_records(text in "[a,\"\n\r 中]{0,80}") {
            proptest::prop_assert_eq!(cut(&text), by_the_reader(&text), "{:?}", text);
        }
    }
}
