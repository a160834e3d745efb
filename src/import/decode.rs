//! Turns a file's bytes into text: a BOM (UTF-8 / UTF-16) first, else strict UTF-8,
//! else GB18030 (which covers GBK, what spreadsheet software in China writes).

use std::borrow::Cow;

use encoding_rs::{Encoding, GB18030, UTF_8, UTF_16BE, UTF_16LE};

/// The decoded text and the name of the encoding it was read as.
///
/// Held as checked UTF-8 bytes, not a `String`: a file that is UTF-8 already keeps its
/// own bytes, and making them a `String` without `unsafe` means the standard library's
/// check, a third of a second for a 400 MB file (encoding_rs's, in [`Decoded::text`],
/// takes a fraction of it).
#[derive(Debug)]
pub struct Decoded {
    bytes: Vec<u8>,
    pub encoding: &'static str,
}

impl Decoded {
    /// The text. Every `Decoded` holds UTF-8 (checked as it was made); the check here
    /// is what lends the bytes out as text.
    pub fn text(&self) -> Result<&str, DecodeError> {
        match UTF_8.decode_without_bom_handling_and_without_replacement(&self.bytes) {
            Some(Cow::Borrowed(text)) => Ok(text),
            _ => Err(DecodeError::Binary),
        }
    }
}

/// Why a file is not text at all.
#[derive(Debug, PartialEq, Eq)]
pub enum DecodeError {
    Binary,
}

/// How a file's bytes read, found by [`read`] without taking them (so that they can
/// be hashed meanwhile): as they are, or decoded into new text.
pub enum Reading {
    /// UTF-8 without a BOM: the bytes are the text.
    Plain,
    Decoded(Result<Decoded, DecodeError>),
}

/// Decides how `bytes` read: a BOM (UTF-8 / UTF-16) first, else strict UTF-8, else
/// GB18030. Only a file that is not plain UTF-8 is decoded here.
pub fn read(bytes: &[u8]) -> Reading {
    if Encoding::for_bom(bytes).is_none()
        && utf16_without_bom(bytes).is_none()
        && let Some(Cow::Borrowed(text)) =
            UTF_8.decode_without_bom_handling_and_without_replacement(bytes)
    {
        return match looks_binary(text) {
            true => Reading::Decoded(Err(DecodeError::Binary)),
            false => Reading::Plain,
        };
    }
    Reading::Decoded(decode(bytes))
}

impl Reading {
    /// The decoded file, given the bytes [`read`] looked at: a plain UTF-8 file
    /// becomes its text without a copy, which halves an import's peak memory.
    pub fn finish(self, bytes: Vec<u8>) -> Result<Decoded, DecodeError> {
        match self {
            Reading::Plain => Ok(Decoded {
                bytes,
                encoding: "UTF-8",
            }),
            Reading::Decoded(decoded) => decoded,
        }
    }
}

/// As [`decode`], taking the file's bytes (without a copy when they are UTF-8).
pub fn decode_owned(bytes: Vec<u8>) -> Result<Decoded, DecodeError> {
    read(&bytes).finish(bytes)
}

pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors && encoding == UTF_8 {
            return Err(DecodeError::Binary);
        }
        return checked(text.into_owned(), bom_name(encoding));
    }
    if let Some(encoding) = utf16_without_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
        if had_errors {
            return Err(DecodeError::Binary);
        }
        let name = if encoding == UTF_16LE {
            "UTF-16LE (no BOM)"
        } else {
            "UTF-16BE (no BOM)"
        };
        return checked(text.into_owned(), name);
    }
    if let Some(text) = UTF_8.decode_without_bom_handling_and_without_replacement(bytes) {
        return checked(text.into_owned(), "UTF-8");
    }
    if let Some(text) = mixed_lines(bytes) {
        return checked(text, MIXED);
    }
    let (text, had_errors) = GB18030.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(DecodeError::Binary);
    }
    checked(text.into_owned(), "GB18030")
}

/// The encoding recorded for a file whose lines are some UTF-8, some GB18030.
const MIXED: &str = "UTF-8 and GB18030, by line";

/// A file pasted together from a UTF-8 export and a GBK one: each line decoded as what
/// it is — UTF-8 where it reads as UTF-8 (with Chinese in it: evidence, not chance),
/// else GB18030. None unless both kinds of line are there (a GB18030 file stays one).
fn mixed_lines(bytes: &[u8]) -> Option<String> {
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 2);
    let (mut utf8, mut gb) = (false, false);
    for line in bytes.split_inclusive(|&b| b == b'\n') {
        match std::str::from_utf8(line) {
            Ok(l) => {
                // Two characters of three bytes or more: GBK text seldom passes as that.
                utf8 |= l.chars().filter(|c| c.len_utf8() >= 3).count() >= 2;
                text.push_str(l);
            }
            Err(_) => {
                let (l, had_errors) = GB18030.decode_without_bom_handling(line);
                if had_errors {
                    return None;
                }
                gb = true;
                text.push_str(&l);
            }
        }
    }
    (utf8 && gb).then_some(text)
}

/// UTF-16 saved without a BOM: NUL bytes at one parity of position only (the high
/// bytes of the commas, digits and line ends every CSV file has). UTF-8 and GB18030
/// text holds no NUL bytes in bulk, so this cannot mistake one of them.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    let pairs = sample.len() / 2;
    if pairs < 2 {
        return None;
    }
    let zeros = |parity: usize| {
        sample
            .iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let (even, odd) = (zeros(0), zeros(1));
    if odd * 5 >= pairs && even * 50 < pairs {
        Some(UTF_16LE)
    } else if even * 5 >= pairs && odd * 50 < pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

fn bom_name(encoding: &'static Encoding) -> &'static str {
    match encoding.name() {
        "UTF-8" => "UTF-8 (BOM)",
        "UTF-16LE" => "UTF-16LE",
        "UTF-16BE" => "UTF-16BE",
        other => other,
    }
}

/// Text files do not hold control characters other than whitespace in bulk: a file
/// where they are common is binary whatever its bytes decoded as.
fn checked(text: String, encoding: &'static str) -> Result<Decoded, DecodeError> {
    match looks_binary(&text) {
        true => Err(DecodeError::Binary),
        false => Ok(Decoded {
            bytes: text.into_bytes(),
            encoding,
        }),
    }
}

/// More than one control character in ten at the start: not text.
fn looks_binary(text: &str) -> bool {
    let sample: Vec<char> = text.chars().take(4096).collect();
    let controls = sample
        .iter()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        .count();
    !sample.is_empty() && controls * 10 > sample.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file pasted together from a UTF-8 export and a GBK one reads each line as
    /// what it is; a GB18030 file with ASCII-only lines stays GB18030.
    #[test]
    fn lines_of_utf8_and_gb18030_in_one_file_each_read_as_they_are() {
        let mut bytes = "report_no,victim_name\nM1,张三\n".as_bytes().to_vec();
        bytes.extend(GB18030.encode("M2,李四\n").0.iter());
        bytes.extend("M3,王五\n".as_bytes());
        let decoded = decode(&bytes).unwrap();
        assert_eq!(decoded.encoding, MIXED);
        assert_eq!(
            decoded.text().unwrap(),
            "report_no,victim_name\nM1,张三\nM2,李四\nM3,王五\n"
        );
        let mut gbk = b"report_no,victim_name\n".to_vec();
        gbk.extend(GB18030.encode("M1,张三\nM2,李四\n").0.iter());
        let decoded = decode(&gbk).unwrap();
        assert_eq!(decoded.encoding, "GB18030");
        assert_eq!(
            decoded.text().unwrap(),
            "report_no,victim_name\nM1,张三\nM2,李四\n"
        );
    }

    #[test]
    fn owned_bytes_decode_as_borrowed_ones() {
        let (gbk, _, _) = GB18030.encode("案件编号,受害人\nA1,张三\n");
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice("a,b\n".as_bytes());
        for bytes in [
            "案件编号\n".as_bytes().to_vec(),
            bom,
            gbk.into_owned(),
            b"report_no,name\nN1,a\0b\n".to_vec(),
        ] {
            let borrowed = decode(&bytes).unwrap();
            let owned = decode_owned(bytes).unwrap();
            assert_eq!(
                (owned.text().unwrap().to_string(), owned.encoding),
                (borrowed.text().unwrap().to_string(), borrowed.encoding)
            );
        }
    }

    #[test]
    fn utf8_with_and_without_bom() {
        let d = decode("案件编号\n".as_bytes()).unwrap();
        assert_eq!((d.text().unwrap(), d.encoding), ("案件编号\n", "UTF-8"));
        let d = decode(b"\xEF\xBB\xBFa,b\n").unwrap();
        assert_eq!((d.text().unwrap(), d.encoding), ("a,b\n", "UTF-8 (BOM)"));
    }

    #[test]
    fn gbk_without_bom_is_read_as_gb18030() {
        let (bytes, _, _) = GB18030.encode("案件编号,受害人\nA1,张三\n");
        let d = decode(&bytes).unwrap();
        assert_eq!(d.encoding, "GB18030");
        assert_eq!(d.text().unwrap(), "案件编号,受害人\nA1,张三\n");
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "报案编号\n".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let d = decode(&bytes).unwrap();
        assert_eq!((d.text().unwrap(), d.encoding), ("报案编号\n", "UTF-16LE"));
    }

    #[test]
    fn utf16_without_bom_is_recognised() {
        let text = "案件编号,受害人\nW2,张三\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let d = decode(&le).unwrap();
        assert_eq!((d.text().unwrap(), d.encoding), (text, "UTF-16LE (no BOM)"));
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        let d = decode(&be).unwrap();
        assert_eq!((d.text().unwrap(), d.encoding), (text, "UTF-16BE (no BOM)"));
        // A NUL byte or two in a UTF-8 file is data, not UTF-16.
        let d = decode(b"report_no,name\nN1,a\0b\n").unwrap();
        assert_eq!(d.encoding, "UTF-8");
    }

    #[test]
    fn binary_garbage_is_refused() {
        let bytes: Vec<u8> = (0..2000u32).map(|i| (i * 7 % 32) as u8).collect();
        assert_eq!(decode(&bytes).unwrap_err(), DecodeError::Binary);
    }
}
