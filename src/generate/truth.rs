//! The answer key written next to the batches (`truth.tsv`): one line per written row
//! with the canonical identifiers it carries, and the linked-case groups those
//! identifiers imply (computed here with a union–find, so the file is self-consistent).
//!
//! `linking` holds every scammer-side identifier of the row, written in a column or in
//! the narrative; `in_narrative` the ones of them written only in the narrative;
//! `victim_own` the victim's own card and QQ id the narrative names (never linking).

use std::io::Write;

/// The columns of `truth.tsv`.
pub const HEADER: &str = "report_no\tfile\tline\tgang\tscam_type\tvictim_phone\tlinking\tpartials\tofficials\tplanted\tgroup\treported_at\tamount_fen\tvictim_own\tin_narrative\n";

/// What one written row carries, per column, in canonical form. Reused across rows;
/// the linking values borrow from the plan.
#[derive(Default)]
pub struct RowTruth<'a> {
    pub victim_phone: String,
    pub caller_link: Vec<&'a str>,
    pub account_link: Vec<&'a str>,
    /// QQ / WeChat ids written in the contact column.
    pub contact_link: Vec<&'a str>,
    /// Linking identifiers written only in the narrative.
    pub narrative_link: Vec<&'a str>,
    /// The victim's own identifiers the narrative names.
    pub victim_own: Vec<&'a str>,
    /// At most one partial per column.
    pub caller_partial: String,
    pub account_partial: String,
    pub officials: Vec<&'a str>,
    pub reported_at: String,
}

impl RowTruth<'_> {
    pub fn clear(&mut self) {
        self.victim_phone.clear();
        self.caller_link.clear();
        self.account_link.clear();
        self.contact_link.clear();
        self.narrative_link.clear();
        self.victim_own.clear();
        self.caller_partial.clear();
        self.account_partial.clear();
        self.officials.clear();
        self.reported_at.clear();
    }
}

/// One line of the truth file.
pub struct Line<'a> {
    pub report_no: &'a str,
    pub file: &'a str,
    pub line: u64,
    pub gang: u32,
    pub scam_type: &'a str,
    pub planted: &'a str,
    pub group: &'a str,
    pub amount_fen: u64,
}

/// Writes the non-empty values `;`-separated.
fn joined<'v>(w: &mut impl Write, values: impl Iterator<Item = &'v str>) -> std::io::Result<()> {
    let mut first = true;
    for v in values.filter(|v| !v.is_empty()) {
        if !first {
            w.write_all(b";")?;
        }
        w.write_all(v.as_bytes())?;
        first = false;
    }
    Ok(())
}

pub fn write_line(w: &mut impl Write, l: &Line<'_>, t: &RowTruth<'_>) -> std::io::Result<()> {
    write!(
        w,
        "{}\t{}\t{}\tgang-{:06}\t{}\t{}\t",
        l.report_no, l.file, l.line, l.gang, l.scam_type, t.victim_phone
    )?;
    joined(
        w,
        t.caller_link
            .iter()
            .chain(&t.account_link)
            .chain(&t.contact_link)
            .chain(&t.narrative_link)
            .copied(),
    )?;
    w.write_all(b"\t")?;
    joined(
        w,
        [t.caller_partial.as_str(), t.account_partial.as_str()].into_iter(),
    )?;
    w.write_all(b"\t")?;
    joined(w, t.officials.iter().copied())?;
    write!(
        w,
        "\t{}\t{}\t{}\t{}\t",
        l.planted, l.group, t.reported_at, l.amount_fen
    )?;
    joined(w, t.victim_own.iter().copied())?;
    w.write_all(b"\t")?;
    joined(w, t.narrative_link.iter().copied())?;
    w.write_all(b"\n")
}
