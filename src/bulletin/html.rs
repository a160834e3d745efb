//! The bulletin as one printable HTML file: no network and no reference outside the
//! file (the style is inline, the charts are inline SVG drawn here), every piece of
//! data text escaped. Written as XHTML-compatible markup (every element closed, only
//! XML's own entities), so an XML parser reads it too.

use std::fmt::Write as _;

use super::markdown::{compared_names, group_evidence, group_head, title};
use super::{Bulletin, change, tables, yuan};
use crate::text::count;

const STYLE: &str = "body{font-family:sans-serif;margin:2em;color:#222}\
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.5em;border-bottom:1px solid #999}\
table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #bbb;padding:2px 6px}\
td.n{text-align:right}th{background:#eee}.muted{color:#666}\
svg{display:block;margin:.5em 0}\
@media print{body{margin:0}h2{page-break-after:avoid}table{page-break-inside:avoid}}";

pub fn render(b: &Bulletin) -> String {
    let mut s = String::new();
    let head = esc(&title(b));
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"zh\"><head><meta charset=\"utf-8\"/>\
         <title>{head}</title><style>{STYLE}</style></head><body>\n<h1>{head}</h1>\n"
    );
    let _ = writeln!(
        s,
        "<p class=\"muted\">Period: {} ({}). Victims are masked.</p>",
        esc(&b.period.describe()),
        esc(&b.chosen)
    );

    s.push_str("<h2>Reports and loss</h2>\n");
    let names = compared_names(b);
    s.push_str("<table><tr><th></th>");
    for n in &names {
        let _ = write!(s, "<th>{}</th>", esc(n));
    }
    s.push_str("</tr>\n");
    let now = b.now();
    for (label, value) in [
        (
            "Reports",
            (|f: super::Figures| f.reports) as fn(super::Figures) -> i64,
        ),
        ("Loss (yuan)", |f: super::Figures| f.loss_fen),
    ] {
        let _ = write!(s, "<tr><th>{label}</th>");
        for back in 0..names.len() {
            let Some(p) = b.before(back) else { continue };
            let v = value(p.figures);
            let shown = if label == "Reports" {
                count(v)
            } else {
                yuan(v)
            };
            if back == 0 {
                let _ = write!(s, "<td class=\"n\"><b>{shown}</b></td>");
            } else {
                let _ = write!(
                    s,
                    "<td class=\"n\">{shown} ({})</td>",
                    esc(&change(value(now), v))
                );
            }
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</table>\n");
    s.push_str(&loss_chart(b));

    s.push_str("<h2>By scam type</h2>\n");
    if b.types.is_empty() {
        s.push_str("<p>No reports in these periods.</p>\n");
    } else {
        s.push_str(&type_chart(b));
        s.push_str("<table><tr><th>Scam type</th>");
        for n in &names {
            let _ = write!(s, "<th>{0} reports</th><th>{0} loss</th>", esc(n));
        }
        s.push_str("</tr>\n");
        for t in &b.types {
            let _ = write!(s, "<tr><td>{}</td>", esc(t.code.official_name()));
            for f in t.periods.iter().take(names.len()) {
                let _ = write!(
                    s,
                    "<td class=\"n\">{}</td><td class=\"n\">{}</td>",
                    count(f.reports),
                    yuan(f.loss_fen)
                );
            }
            s.push_str("</tr>\n");
        }
        s.push_str("</table>\n");
    }

    s.push_str("<h2>Largest losses</h2>\n");
    if b.largest.is_empty() {
        s.push_str("<p>No losses reported.</p>\n");
    } else {
        table(&mut s, &tables::largest(b));
    }

    let c = b.group_counts;
    let _ = writeln!(
        s,
        "<h2>Groups: {} new, {} grew, {} merged</h2>",
        count(c.new as i64),
        count(c.grew as i64),
        count(c.merged as i64)
    );
    if b.groups.is_empty() {
        s.push_str("<p>No group was made, grown or merged.</p>\n");
    } else {
        s.push_str("<ul>\n");
        for g in &b.groups {
            let _ = writeln!(
                s,
                "<li><b>{}</b> — {}</li>",
                esc(&group_head(g)),
                esc(&group_evidence(g))
            );
        }
        s.push_str("</ul>\n");
    }

    s.push_str("<h2>To freeze or block (first seen this period)</h2>\n");
    if b.hubs.is_empty() {
        s.push_str("<p>No new account or number is held by several cases.</p>\n");
    } else {
        table(&mut s, &tables::hubs(b));
        if b.hubs.len() < b.hubs_total {
            let _ = writeln!(
                s,
                "<p class=\"muted\">{} of {} listed, by cases then loss.</p>",
                count(b.hubs.len() as i64),
                count(b.hubs_total as i64)
            );
        }
    }

    s.push_str("<h2>Scripts of the period</h2>\n");
    if b.phrases.is_empty() {
        s.push_str("<p>No phrase stands out against the periods before.</p>\n");
    } else {
        table(&mut s, &tables::phrases(b));
    }
    s.push_str("</body></html>\n");
    s
}

/// Weekly loss as bars (this period darker), with the reports as a line over them.
fn loss_chart(b: &Bulletin) -> String {
    const W: f64 = 640.0;
    const H: f64 = 200.0;
    const TOP: f64 = 20.0;
    const BOTTOM: f64 = 30.0;
    let n = b.history.len().max(1) as f64;
    let slot = W / n;
    let max_loss = b
        .history
        .iter()
        .map(|p| p.figures.loss_fen)
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let max_reports = b
        .history
        .iter()
        .map(|p| p.figures.reports)
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let plot = H - TOP - BOTTOM;
    let mut s = format!(
        "<svg width=\"{W}\" height=\"{H}\" viewBox=\"0 0 {W} {H}\" role=\"img\">\
         <title>Loss (bars) and reports (line) per period</title>\n"
    );
    let mut points = Vec::new();
    for (i, p) in b.history.iter().enumerate() {
        let x = i as f64 * slot;
        let h = p.figures.loss_fen.max(0) as f64 / max_loss * plot;
        let fill = if i + 1 == b.history.len() {
            "#b33"
        } else {
            "#d99"
        };
        let _ = writeln!(
            s,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{h:.1}\" fill=\"{fill}\">\
             <title>{}: {} yuan, {} reports</title></rect>\
             <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"middle\">{}</text>",
            x + slot * 0.15,
            TOP + plot - h,
            slot * 0.7,
            esc(&p.period.name()),
            yuan(p.figures.loss_fen),
            count(p.figures.reports),
            x + slot / 2.0,
            H - BOTTOM + 14.0,
            esc(&p.period.short()),
        );
        let y = TOP + plot - p.figures.reports.max(0) as f64 / max_reports * plot;
        points.push(format!("{:.1},{y:.1}", x + slot / 2.0));
    }
    let _ = writeln!(
        s,
        "<polyline points=\"{}\" fill=\"none\" stroke=\"#236\" stroke-width=\"2\"/>\
         <text x=\"4\" y=\"12\" font-size=\"11\">max loss {} yuan · max reports {}</text></svg>",
        points.join(" "),
        yuan(max_loss as i64),
        count(max_reports as i64)
    );
    s
}

/// This period's loss by scam type, as horizontal bars.
fn type_chart(b: &Bulletin) -> String {
    const W: f64 = 640.0;
    const ROW: f64 = 20.0;
    const LABEL: f64 = 200.0;
    let rows: Vec<_> = b
        .types
        .iter()
        .filter(|t| t.periods[0].reports > 0)
        .collect();
    let max = rows
        .iter()
        .map(|t| t.periods[0].loss_fen)
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let h = ROW * rows.len() as f64 + 4.0;
    let mut s = format!(
        "<svg width=\"{W}\" height=\"{h}\" viewBox=\"0 0 {W} {h}\" role=\"img\">\
         <title>Loss by scam type this period</title>\n"
    );
    for (i, t) in rows.iter().enumerate() {
        let f = t.periods[0];
        let y = i as f64 * ROW;
        let w = f.loss_fen.max(0) as f64 / max * (W - LABEL - 120.0);
        let _ = writeln!(
            s,
            "<text x=\"0\" y=\"{:.1}\" font-size=\"12\">{}</text>\
             <rect x=\"{LABEL}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"{:.1}\" fill=\"#48a\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\">{} · {}</text>",
            y + 14.0,
            esc(t.code.official_name()),
            y + 3.0,
            ROW - 6.0,
            LABEL + w + 4.0,
            y + 14.0,
            yuan(f.loss_fen),
            count(f.reports)
        );
    }
    s.push_str("</svg>\n");
    s
}

/// Data text as HTML text: made safe as for a terminal first (escape sequences,
/// control characters, bidi overrides that make one number read as another, and
/// invisible characters dropped), then the five characters markup gives a meaning
/// escaped.
/// A table as HTML: figures right-aligned (`class="n"`), every cell escaped.
fn table(s: &mut String, t: &tables::Table) {
    s.push_str("<table><tr>");
    for (title, _) in t.columns {
        let _ = write!(s, "<th>{}</th>", esc(title));
    }
    s.push_str("</tr>\n");
    for row in &t.rows {
        s.push_str("<tr>");
        for (cell, (_, figure)) in row.iter().zip(t.columns) {
            let class = if *figure { " class=\"n\"" } else { "" };
            let _ = write!(s, "<td{class}>{}</td>", esc(cell));
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</table>\n");
}

pub fn esc(text: &str) -> String {
    let text = crate::text::sanitize(text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_text_cannot_make_markup() {
        assert_eq!(
            esc("<img src=x onerror='a'>&\u{7}"),
            "&lt;img src=x onerror=&#39;a&#39;&gt;&amp;"
        );
        // A right-to-left override would show 6222…4556 as 6554…2226.
        assert_eq!(esc("尾号\u{202e}4556"), "尾号4556");
    }
}
