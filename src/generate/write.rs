//! Rendering the plan into files: one CSV per week in its layout's headers, column
//! order, encoding and line endings, and `truth.tsv` line by line alongside. Each row
//! is rendered with its own RNG into reused buffers.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use fastrand::Rng;

use super::forms;
use super::ids::{Account, PhoneClass};
use super::narrative;
use super::plan::{Encoding, Layout, Plan, Planted, Report, Row, Style};
use super::scripts;
use super::truth::{self, Line, RowTruth};
use super::words::{Col, FOREIGN, OFFICIAL, REMARKS, SCAM_TYPES, STATIONS_EN, STATIONS_ZH};
use super::{GenOptions, GenSummary};
use crate::Error;

/// Buffers reused from row to row.
#[derive(Default)]
struct Scratch<'a> {
    cells: Vec<String>,
    /// Values of the multi-value cell being built; the first `n_items` are live.
    items: Vec<String>,
    n_items: usize,
    truth: RowTruth<'a>,
}

fn caller_note(rng: &mut Rng, key: &str, out: &mut String) {
    let pool: &[&str] = match key {
        k if k.starts_with("jd_") => &["自称京东客服", "自称京东金融客服", "自称客服", "京东金融"],
        "fake_police" => &["自称民警", "自称检察官", "自称警官"],
        "fake_investment" => &["自称投资老师", "自称理财顾问"],
        "order_brushing" => &["自称派单员", "兼职客服"],
        _ => &["自称贷款客服", "自称信贷专员"],
    };
    let note = pool[rng.usize(..pool.len())];
    if rng.bool() {
        out.push('（');
        out.push_str(note);
        out.push('）');
    } else {
        out.push('(');
        out.push_str(note);
        out.push(')');
    }
}

/// Joins `items` (shuffled) into `cell` with one separator.
fn join_items(rng: &mut Rng, items: &mut [String], cell: &mut String, english: bool) {
    rng.shuffle(items);
    let sep = forms::separator(rng, english);
    for (i, it) in items.iter().enumerate() {
        if i > 0 {
            cell.push_str(sep);
        }
        cell.push_str(it);
    }
}

/// The next value buffer of the cell, cleared.
fn next_item<'a>(items: &'a mut Vec<String>, n: &mut usize) -> &'a mut String {
    if *n == items.len() {
        items.push(String::new());
    }
    *n += 1;
    let it = &mut items[*n - 1];
    it.clear();
    it
}

/// Renders one row's cells (in the layout's column order) and its truth.
fn render<'a>(
    plan: &'a Plan,
    layout: &Layout,
    r: &Report,
    no_report_no: bool,
    s: &mut Scratch<'a>,
) {
    let mut rng = Rng::with_seed(r.seed);
    let gang = &plan.gangs[r.gang as usize];
    let st = &SCAM_TYPES[gang.kind];
    let victim = &plan.victims[r.victim as usize];
    let english = layout.style == Style::English;
    s.truth.clear();
    s.cells.resize_with(layout.cols.len(), String::new);
    for (ci, &col) in layout.cols.iter().enumerate() {
        let mut cell = std::mem::take(&mut s.cells[ci]);
        cell.clear();
        match col {
            Col::ReportNo => {
                if !no_report_no {
                    plan.report_no(&mut cell, r);
                }
            }
            Col::ReportedAt => {
                let style = if rng.u8(..5) == 0 {
                    rng.u8(..5)
                } else {
                    layout.date_style
                };
                let (y, m, d) = plan.day(r.minute);
                let (hh, mm) = ((r.minute % 1440) / 60, r.minute % 60);
                let timed = forms::date(&mut cell, style, y, m, d, hh, mm);
                use std::fmt::Write;
                let t = &mut s.truth.reported_at;
                let _ = write!(t, "{y}-{m:02}-{d:02}");
                if timed {
                    let _ = write!(t, " {hh:02}:{mm:02}");
                }
            }
            Col::OccurredAt => {
                let style = if rng.u8(..5) == 0 {
                    rng.u8(..5)
                } else {
                    layout.date_style
                };
                let occ = i64::from(r.minute) - i64::from(r.occ_back);
                let (y, m, d) = plan.day_signed(occ);
                let mins = occ.rem_euclid(1440) as u32;
                forms::date(&mut cell, style, y, m, d, mins / 60, mins % 60);
            }
            Col::VictimName => cell.push_str(&victim.name),
            Col::VictimPhone => {
                forms::mobile(&mut cell, &mut rng, &victim.phone, false);
                s.truth.victim_phone.push_str("+86");
                s.truth.victim_phone.push_str(&victim.phone);
            }
            Col::Caller => {
                s.n_items = 0;
                for b in 0..gang.callers.len() {
                    if r.callers & (1 << b) == 0 || r.narrative {
                        continue;
                    }
                    let p = &gang.callers[b];
                    let item = next_item(&mut s.items, &mut s.n_items);
                    forms::phone(item, &mut rng, p);
                    if rng.u8(..100) < 12 {
                        match p.class {
                            PhoneClass::Foreign(i) if rng.bool() => {
                                item.push_str(if rng.bool() {
                                    "（境外来电）"
                                } else {
                                    "（显示"
                                });
                                if item.ends_with("显示") {
                                    item.push_str(FOREIGN[i].country);
                                    item.push('）');
                                }
                            }
                            _ => caller_note(&mut rng, st.key, item),
                        }
                    }
                    s.truth.caller_link.push(&p.canon);
                }
                if r.official > 0 {
                    let (num, owner) = OFFICIAL[usize::from(r.official - 1)];
                    let item = next_item(&mut s.items, &mut s.n_items);
                    forms::official(item, &mut rng, num, owner);
                    s.truth.officials.push(num);
                }
                if r.partial_phone > 0 {
                    let p = &gang.callers[usize::from(r.partial_phone - 1)];
                    let item = next_item(&mut s.items, &mut s.n_items);
                    forms::partial_mobile(item, &mut s.truth.caller_partial, p.national());
                }
                join_items(&mut rng, &mut s.items[..s.n_items], &mut cell, english);
            }
            Col::Account => {
                s.n_items = 0;
                for b in 0..gang.accounts.len() {
                    if r.accounts & (1 << b) == 0 || r.narrative {
                        continue;
                    }
                    let a = &gang.accounts[b];
                    let mule = &gang.mules[b];
                    let mule = if *mule == victim.name {
                        ""
                    } else {
                        mule.as_str()
                    };
                    let item = next_item(&mut s.items, &mut s.n_items);
                    forms::account(item, &mut rng, a, mule, english);
                    s.truth.account_link.push(a.canon());
                }
                if r.partial_card > 0 {
                    let slot = usize::from(r.partial_card - 1);
                    if let Account::Card(d, b) = &gang.accounts[slot] {
                        let item = next_item(&mut s.items, &mut s.n_items);
                        let t = &mut s.truth.account_partial;
                        forms::partial_card(item, t, &mut rng, d, *b, english);
                    }
                }
                join_items(&mut rng, &mut s.items[..s.n_items], &mut cell, english);
            }
            Col::Contact => {
                if !r.narrative {
                    narrative::contact_cell(&mut cell, &mut rng, gang, r, &mut s.truth);
                }
            }
            Col::Amount => forms::amount(&mut cell, &mut rng, r.fen),
            Col::ScamType => {
                if rng.u8(..100) >= 2 {
                    if layout.english_labels {
                        cell.push_str(st.en);
                    } else {
                        cell.push_str(st.zh[rng.usize(..st.zh.len())]);
                    }
                }
            }
            Col::Script => {
                // Contact ids go here when the file has no column for them.
                let contacts = r.narrative || !layout.cols.contains(&Col::Contact);
                let ids = r.narrative || r.own || (contacts && r.contacts != 0);
                // Identifiers are written into Chinese narratives, as police write them.
                let en = rng.u8(..100) < layout.english_scripts && !ids;
                scripts::script(&mut cell, &mut rng, st.key, r.fen / 100, en);
                if ids {
                    narrative::write_ids(
                        &mut cell,
                        &mut rng,
                        gang,
                        victim,
                        r,
                        r.narrative,
                        contacts,
                        &mut s.truth,
                    );
                }
            }
            Col::Extra(e) => {
                if e % 2 == 0 {
                    let pool = if english { STATIONS_EN } else { STATIONS_ZH };
                    cell.push_str(pool[rng.usize(..pool.len())]);
                } else {
                    cell.push_str(REMARKS[rng.usize(..REMARKS.len())]);
                }
            }
        }
        s.cells[ci] = cell;
    }
}

/// Drops the truth a ragged row loses with its last cell.
fn drop_last(layout: &Layout, t: &mut RowTruth<'_>) {
    match layout.cols.last() {
        Some(Col::Caller) => {
            t.caller_link.clear();
            t.caller_partial.clear();
            t.officials.clear();
        }
        Some(Col::Account) => {
            t.account_link.clear();
            t.account_partial.clear();
        }
        Some(Col::Contact) => t.contact_link.clear(),
        Some(Col::Script) => {
            t.narrative_link.clear();
            t.victim_own.clear();
        }
        Some(Col::VictimPhone) => t.victim_phone.clear(),
        Some(Col::ReportedAt) => t.reported_at.clear(),
        _ => {}
    }
}

/// GB18030 encoding, one character at a time from a table filled by `encoding_rs`
/// on first use. GB18030 is stateless per character, so this gives the same bytes;
/// it is several times faster than `encoding_rs` without its `fast-gb-hanzi-encode`
/// feature, whose Hanzi encoder searches.
#[derive(Default)]
struct GbTable {
    /// Per BMP code point: the encoded bytes and their count (0 = not yet known).
    bmp: Vec<([u8; 4], u8)>,
}

impl GbTable {
    fn encode(&mut self, text: &str, out: &mut Vec<u8>) {
        if self.bmp.is_empty() {
            self.bmp = vec![([0; 4], 0); 0x10000];
        }
        let mut utf8 = [0u8; 4];
        for c in text.chars() {
            let cp = c as usize;
            if cp < 0x80 {
                out.push(cp as u8);
                continue;
            }
            if cp < 0x10000 && self.bmp[cp].1 > 0 {
                let (bytes, n) = self.bmp[cp];
                out.extend_from_slice(&bytes[..usize::from(n)]);
                continue;
            }
            let (enc, _, _) = encoding_rs::GB18030.encode(c.encode_utf8(&mut utf8));
            out.extend_from_slice(&enc);
            if cp < 0x10000 && enc.len() <= 4 {
                let mut bytes = [0u8; 4];
                bytes[..enc.len()].copy_from_slice(&enc);
                self.bmp[cp] = (bytes, enc.len() as u8);
            }
        }
    }
}

/// One file's byte sink under the CSV writer: it collects a record's bytes and, on
/// `flush` (after every record), counts its lines and writes it through — as UTF-8,
/// or encoded to GB18030. The file's own buffer is flushed only by `finish`.
struct Sink {
    out: BufWriter<File>,
    gb: Option<GbTable>,
    pending: Vec<u8>,
    encoded: Vec<u8>,
    /// Newlines written so far.
    lines: u64,
}

impl Sink {
    fn create(path: &Path, encoding: Encoding) -> crate::Result<Sink> {
        let f = File::create(path).map_err(|e| Error::io(path, e))?;
        let mut out = BufWriter::with_capacity(1 << 18, f);
        if encoding == Encoding::Utf8Bom {
            out.write_all(b"\xEF\xBB\xBF")
                .map_err(|e| Error::io(path, e))?;
        }
        let gb = (encoding == Encoding::Gb18030).then(GbTable::default);
        Ok(Sink {
            out,
            gb,
            pending: Vec::with_capacity(1 << 12),
            encoded: Vec::new(),
            lines: 0,
        })
    }

    fn finish(mut self) -> std::io::Result<()> {
        self.flush()?;
        self.out.flush()
    }
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.pending.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.lines += self.pending.iter().filter(|&&c| c == b'\n').count() as u64;
        match &mut self.gb {
            None => self.out.write_all(&self.pending)?,
            Some(table) => {
                let text = std::str::from_utf8(&self.pending)
                    .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
                self.encoded.clear();
                table.encode(text, &mut self.encoded);
                self.out.write_all(&self.encoded)?;
            }
        }
        self.pending.clear();
        Ok(())
    }
}

pub fn write_all(
    plan: &Plan,
    opts: &GenOptions,
    progress: &mut dyn FnMut(usize),
) -> crate::Result<GenSummary> {
    let truth_path = opts.out.join("truth.tsv");
    let tf = File::create(&truth_path).map_err(|e| Error::io(&truth_path, e))?;
    let mut tw = BufWriter::with_capacity(1 << 18, tf);
    let terr = |e| Error::io(&truth_path, e);
    tw.write_all(truth::HEADER.as_bytes()).map_err(terr)?;

    let mut s = Scratch::default();
    let mut files = Vec::with_capacity(plan.rows.len());
    let mut written = 0usize;
    let mut report_no = String::new();
    let mut group = String::new();
    for (w, rows) in plan.rows.iter().enumerate() {
        let layout = &plan.layouts[w];
        let name = format!("batch-{:02}.csv", w + 1);
        let path = opts.out.join(&name);
        let sink = Sink::create(&path, layout.encoding)?;
        let term = if layout.crlf {
            csv::Terminator::CRLF
        } else {
            csv::Terminator::Any(b'\n')
        };
        let mut csvw = csv::WriterBuilder::new()
            .flexible(true)
            .terminator(term)
            .from_writer(sink);
        let cerr = |path: &Path, e: csv::Error| Error::file(path, e.to_string());
        csvw.write_record(&layout.headers)
            .map_err(|e| cerr(&path, e))?;
        csvw.flush().map_err(|e| Error::io(&path, e))?;

        for &row in rows {
            let r = plan.row_report(row);
            let planted = match row {
                Row::Report(_) => None,
                Row::Planted(i) => Some(plan.extras[i as usize].kind),
            };
            render(
                plan,
                layout,
                r,
                planted == Some(Planted::NoReportNo),
                &mut s,
            );
            let ncells = if planted == Some(Planted::Ragged) {
                drop_last(layout, &mut s.truth);
                layout.cols.len() - 1
            } else {
                layout.cols.len()
            };
            csvw.write_record(&s.cells[..ncells])
                .map_err(|e| cerr(&path, e))?;
            let start_line = csvw.get_ref().lines + 1;
            csvw.flush().map_err(|e| Error::io(&path, e))?;

            report_no.clear();
            let ragged_no =
                planted == Some(Planted::Ragged) && layout.cols.last() == Some(&Col::ReportNo);
            if planted != Some(Planted::NoReportNo) && !ragged_no {
                plan.report_no(&mut report_no, r);
            }
            group.clear();
            let grouped = match row {
                Row::Report(i) => Some(i),
                Row::Planted(i) => {
                    let e = &plan.extras[i as usize];
                    // A ragged copy that kept a linking identifier links to its source.
                    let t = &s.truth;
                    let links = !(t.caller_link.is_empty()
                        && t.account_link.is_empty()
                        && t.contact_link.is_empty()
                        && t.narrative_link.is_empty());
                    (e.kind == Planted::Duplicate || (e.kind == Planted::Ragged && links))
                        .then_some(e.source)
                }
            };
            if let Some(i) = grouped {
                group.push_str("G-");
                plan.report_no(
                    &mut group,
                    &plan.reports[plan.group_of[i as usize] as usize],
                );
            }
            let l = Line {
                report_no: &report_no,
                file: &name,
                line: start_line,
                gang: r.gang,
                scam_type: SCAM_TYPES[plan.gangs[r.gang as usize].kind].key,
                planted: planted.map_or("", Planted::as_str),
                group: &group,
                amount_fen: r.fen,
            };
            truth::write_line(&mut tw, &l, &s.truth).map_err(terr)?;
            written += 1;
            if written.is_multiple_of(8192) {
                progress(written);
            }
        }
        let sink = csvw
            .into_inner()
            .map_err(|e| Error::io(&path, e.into_error()))?;
        sink.finish().map_err(|e| Error::io(&path, e))?;
        files.push(path);
    }
    tw.flush().map_err(terr)?;
    progress(written);
    Ok(GenSummary {
        files,
        reports: plan.reports.len(),
        gangs: plan.gangs.len(),
        truth: truth_path,
    })
}

#[cfg(test)]
mod tests {
    use super::GbTable;

    #[test]
    fn gb_table_matches_encoding_rs() {
        let text = "案件编号,JJ2026 ¥12,000 ￥ １３８ 〇幺 €😀 (户名：李四)\r\n事主称…“安全账户”";
        let mut table = GbTable::default();
        for _ in 0..2 {
            // The second pass reads from the table.
            let mut out = Vec::new();
            table.encode(text, &mut out);
            let (want, _, _) = encoding_rs::GB18030.encode(text);
            assert_eq!(out, want.as_ref());
        }
    }
}
