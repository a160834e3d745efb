//! Makes text from the data safe to print on a terminal.
//!
//! Case data comes from spreadsheets filled in by many hands (and, in a test, by an
//! attacker): it can hold escape sequences that recolour, retitle or rewrite the
//! analyst's terminal, bidi controls that make one number read as another, and
//! invisible characters that break column alignment. Everything shown by the table
//! writer or the TUI goes through [`sanitize`]. The hot path (plain text) does not
//! allocate.

use std::borrow::Cow;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc, is_nfc_quick};

const ESC: char = '\u{1b}';
const BEL: char = '\u{07}';
/// C1 "string terminator".
const ST: char = '\u{9c}';
/// C1 "control sequence introducer".
const CSI: char = '\u{9b}';

/// Returns `s` fit for a terminal: C0/C1 controls, NUL and DEL removed (tab, CR, LF,
/// VT, FF, NEL and the Unicode line/paragraph separators become one space each; CRLF
/// becomes one space), whole escape sequences removed (CSI `ESC [ … final`, OSC, DCS,
/// SOS, PM and APC strings up to BEL / `ESC \` / ST — to the end of the text when
/// unterminated, as a terminal would swallow it — and other `ESC x` sequences, also in
/// their one-character C1 forms), bidi controls, zero-width and other invisible format
/// characters removed; then the result is put in NFC so it renders whole.
///
/// Borrowed when nothing changes.
pub fn sanitize(s: &str) -> Cow<'_, str> {
    // Fast path: printable ASCII is always clean and NFC.
    if s.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return Cow::Borrowed(s);
    }
    if !s.chars().any(needs_work) {
        return if nfc_already(s) {
            Cow::Borrowed(s)
        } else {
            Cow::Owned(s.nfc().collect())
        };
    }
    let stripped = strip(s);
    if nfc_already(&stripped) {
        Cow::Owned(stripped)
    } else {
        Cow::Owned(stripped.nfc().collect())
    }
}

fn nfc_already(s: &str) -> bool {
    match is_nfc_quick(s.chars()) {
        IsNormalized::Yes => true,
        IsNormalized::No => false,
        IsNormalized::Maybe => is_nfc(s),
    }
}

/// A character that sanitising removes or replaces.
fn needs_work(c: char) -> bool {
    c.is_control() || is_line_break(c) || is_invisible(c)
}

/// Whitespace-like controls shown as one space, so words on either side stay apart.
fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{0b}' | '\u{0c}' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// Bidi controls, zero-width and other default-ignorable format characters that are
/// invisible but change how (or in which order) the text around them is drawn.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00ad}'                      // soft hyphen
        | '\u{061c}'                    // Arabic letter mark (bidi)
        | '\u{180e}'                    // Mongolian vowel separator
        | '\u{200b}'..='\u{200f}'       // ZWSP, ZWNJ, ZWJ, LRM, RLM
        | '\u{202a}'..='\u{202e}'       // LRE, RLE, PDF, LRO, RLO
        | '\u{2060}'..='\u{2064}'       // word joiner, invisible operators
        | '\u{2066}'..='\u{2069}'       // LRI, RLI, FSI, PDI
        | '\u{feff}'                    // BOM / ZWNBSP
        | '\u{fff9}'..='\u{fffb}'       // interlinear annotation
        | '\u{e0000}'..='\u{e007f}' // tag characters ("ASCII smuggling")
    )
}

fn strip(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        match c {
            ESC => {
                // An unterminated string sequence ending at a new ESC starts another
                // sequence; loop instead of recursing so hostile input cannot nest.
                while skip_escape(&mut it) {}
            }
            CSI => skip_csi(&mut it),
            '\u{90}' | '\u{98}' | '\u{9d}' | '\u{9e}' | '\u{9f}' => {
                if skip_string(&mut it) {
                    while skip_escape(&mut it) {}
                }
            }
            '\r' => {
                if it.peek() == Some(&'\n') {
                    it.next();
                }
                out.push(' ');
            }
            c if is_line_break(c) => out.push(' '),
            c if c.is_control() || is_invisible(c) => {}
            c => out.push(c),
        }
    }
    out
}

type Chars<'a> = std::iter::Peekable<std::str::Chars<'a>>;

/// Skips what follows an ESC. Returns true when it stopped on (and consumed) an ESC
/// that begins a new sequence.
fn skip_escape(it: &mut Chars<'_>) -> bool {
    match it.peek().copied() {
        Some('[') => {
            it.next();
            skip_csi(it);
            false
        }
        // OSC, DCS, SOS, PM, APC: strings up to a terminator.
        Some(']' | 'P' | 'X' | '^' | '_') => {
            it.next();
            skip_string(it)
        }
        // nF sequences: intermediates then one final byte (`ESC ( B`).
        Some('\u{20}'..='\u{2f}') => {
            while it.next_if(|c| matches!(c, '\u{20}'..='\u{2f}')).is_some() {}
            it.next_if(|c| matches!(c, '\u{30}'..='\u{7e}'));
            false
        }
        // Two-character sequences (`ESC c`, `ESC 7`, `ESC M`).
        Some('\u{30}'..='\u{7e}') => {
            it.next();
            false
        }
        // A lone ESC: dropped, what follows is text.
        _ => false,
    }
}

/// Skips the rest of a CSI sequence: parameter and intermediate bytes, then the final
/// byte. A malformed sequence ends at the first other character, which is kept.
fn skip_csi(it: &mut Chars<'_>) {
    while it.next_if(|c| matches!(c, '\u{20}'..='\u{3f}')).is_some() {}
    it.next_if(|c| matches!(c, '\u{40}'..='\u{7e}'));
}

/// Skips an OSC-like string up to BEL, ST or `ESC \`, or to the end. Returns true
/// when it stopped on an ESC that starts another sequence.
fn skip_string(it: &mut Chars<'_>) -> bool {
    while let Some(c) = it.next() {
        match c {
            BEL | ST => return false,
            ESC => {
                if it.next_if_eq(&'\\').is_some() {
                    return false;
                }
                return true;
            }
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_borrowed(c: Cow<'_, str>) -> bool {
        matches!(c, Cow::Borrowed(_))
    }

    #[test]
    fn clean_text_is_borrowed() {
        for s in ["", "plain ascii", "张三 13812345678 京东金条", "café"] {
            let out = sanitize(s);
            assert_eq!(out, s);
            assert!(is_borrowed(out), "{s:?} was copied");
        }
    }

    #[test]
    fn controls_and_whitespace() {
        assert_eq!(sanitize("a\tb\nc\r\nd\re"), "a b c d e");
        assert_eq!(sanitize("nul\0byte\u{7f}del\u{85}nel"), "nulbytedel nel");
        assert_eq!(sanitize("bell\u{7}\u{8}back"), "bellback");
        assert_eq!(sanitize("c1\u{80}\u{9a}x"), "c1x");
        assert_eq!(sanitize("line\u{2028}sep"), "line sep");
    }

    #[test]
    fn csi_sequences_removed_whole() {
        assert_eq!(sanitize("\u{1b}[31mred\u{1b}[0m"), "red");
        assert_eq!(sanitize("\u{1b}[2J\u{1b}[1;1Hcleared"), "cleared");
        assert_eq!(sanitize("\u{1b}[?1049hx"), "x");
        assert_eq!(sanitize("\u{9b}31mc1 csi"), "c1 csi");
        // A malformed CSI ends at the first character that cannot belong to it.
        assert_eq!(sanitize("\u{1b}[12金条"), "金条");
    }

    #[test]
    fn osc_and_string_sequences_removed_whole() {
        // Window title, terminated by BEL.
        assert_eq!(sanitize("a\u{1b}]0;pwned\u{7}b"), "ab");
        // Hyperlink, terminated by ESC \ .
        assert_eq!(
            sanitize("\u{1b}]8;;http://evil.example/\u{1b}\\click\u{1b}]8;;\u{1b}\\"),
            "click"
        );
        // Clipboard write via C1 OSC + C1 ST.
        assert_eq!(sanitize("x\u{9d}52;c;ZXZpbA==\u{9c}y"), "xy");
        // DCS and APC.
        assert_eq!(sanitize("\u{1b}P+q544e\u{1b}\\ok\u{1b}_apc\u{7}"), "ok");
        // Unterminated: swallowed to the end, as a terminal would.
        assert_eq!(sanitize("safe\u{1b}]0;never ends"), "safe");
        // An ESC inside a string starts the next sequence.
        assert_eq!(sanitize("\u{1b}]0;t\u{1b}[31mred"), "red");
    }

    #[test]
    fn other_escapes_removed() {
        assert_eq!(sanitize("\u{1b}cReset"), "Reset");
        assert_eq!(sanitize("\u{1b}(Bcharset"), "charset");
        assert_eq!(sanitize("\u{1b}7save\u{1b}8"), "save");
        assert_eq!(sanitize("lone\u{1b}"), "lone");
        assert_eq!(sanitize("\u{1b}\u{1b}[1mx"), "x");
    }

    #[test]
    fn hostile_nesting_does_not_recurse() {
        let evil = "\u{1b}]".repeat(200_000) + "end";
        assert_eq!(sanitize(&evil), "");
        let evil = "\u{1b}[".repeat(200_000);
        assert_eq!(sanitize(&evil), "");
    }

    #[test]
    fn bidi_and_zero_width_removed() {
        // RLO would show 13812345678 reversed.
        assert_eq!(sanitize("\u{202e}8765432183\u{202c}"), "8765432183");
        assert_eq!(sanitize("a\u{200e}b\u{200f}c\u{061c}d"), "abcd");
        assert_eq!(sanitize("\u{2066}x\u{2067}y\u{2068}z\u{2069}"), "xyz");
        assert_eq!(
            sanitize("金\u{200b}条\u{200c}\u{200d}\u{2060}\u{feff}"),
            "金条"
        );
        assert_eq!(sanitize("tag\u{e0041}\u{e0042}"), "tag");
    }

    #[test]
    fn output_is_nfc() {
        // e + combining acute → é
        assert_eq!(sanitize("cafe\u{301}"), "café");
        assert!(!is_borrowed(sanitize("cafe\u{301}")));
        // Stripping a ZWSP between base and mark still composes.
        assert_eq!(sanitize("e\u{200b}\u{301}\u{1b}[0m"), "é");
    }
}
