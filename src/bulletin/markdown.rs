//! The bulletin as Markdown: headings, tables and one line per group. Data text is
//! escaped so that it reads as text in any Markdown renderer (a masked `张**` is not
//! emphasis, a `|` does not end a cell, `<` opens no tag).

use std::fmt::Write as _;

use super::{Bulletin, COMPARED, change, tables, yuan};
use crate::link::ChangeKind;
use crate::text::{count, plural};

/// The bulletin's title line (all writers share it).
pub fn title(b: &Bulletin) -> String {
    format!("警情通报 Weekly bulletin — {}", b.period.describe())
}

/// `merged G-1 (from G-1, G-7): 3 → 7 cases`: a group line's head, without evidence.
pub fn group_head(g: &super::GroupLine) -> String {
    match g.kind {
        ChangeKind::Merged => format!(
            "merged {} (from {}): {} → {}",
            g.group_id,
            g.old_ids.join(", "),
            count(g.size_before as i64),
            plural(g.size_after as i64, "case", "cases")
        ),
        ChangeKind::Grew => format!(
            "grew {}: {} → {}",
            g.group_id,
            count(g.size_before as i64),
            plural(g.size_after as i64, "case", "cases")
        ),
        _ => format!(
            "new {}: {}",
            g.group_id,
            plural(g.size_after as i64, "case", "cases")
        ),
    }
}

/// A group line's evidence, or what it is when the group is gone under its id.
pub fn group_evidence(g: &super::GroupLine) -> String {
    if g.evidence.is_empty() {
        "since merged into another group".to_string()
    } else {
        format!("loss {} yuan; shares {}", yuan(g.loss_fen), g.evidence)
    }
}

/// The column titles of the compared periods: this one, then the earlier ones.
pub fn compared_names(b: &Bulletin) -> Vec<String> {
    (0..COMPARED)
        .filter_map(|back| b.before(back).map(|p| p.period.short()))
        .collect()
}

pub fn render(b: &Bulletin) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# {}\n", esc(&title(b)));
    let _ = writeln!(
        s,
        "Period: {} ({}). Victims are masked.\n",
        esc(&b.period.describe()),
        esc(&b.chosen)
    );

    let names = compared_names(b);
    let _ = writeln!(s, "## Reports and loss\n");
    let _ = writeln!(s, "| | {} |", names.join(" | "));
    let _ = writeln!(s, "|---|{}", "---:|".repeat(names.len()));
    let now = b.now();
    let mut reports = String::from("| Reports |");
    let mut loss = String::from("| Loss (yuan) |");
    for back in 0..names.len() {
        let Some(p) = b.before(back) else { continue };
        let f = p.figures;
        if back == 0 {
            let _ = write!(reports, " **{}** |", count(f.reports));
            let _ = write!(loss, " **{}** |", yuan(f.loss_fen));
        } else {
            let _ = write!(
                reports,
                " {} ({}) |",
                count(f.reports),
                change(now.reports, f.reports)
            );
            let _ = write!(
                loss,
                " {} ({}) |",
                yuan(f.loss_fen),
                change(now.loss_fen, f.loss_fen)
            );
        }
    }
    let _ = writeln!(s, "{reports}\n{loss}\n");
    let _ = writeln!(
        s,
        "The change in brackets is this period against that one.\n"
    );

    let _ = writeln!(s, "## By scam type\n");
    let _ = writeln!(
        s,
        "| Scam type | {} |",
        names
            .iter()
            .map(|n| format!("{n} reports | {n} loss"))
            .collect::<Vec<_>>()
            .join(" | ")
    );
    let _ = writeln!(s, "|---|{}", "---:|".repeat(names.len() * 2));
    for t in &b.types {
        let _ = write!(s, "| {} |", esc(t.code.official_name()));
        for f in t.periods.iter().take(names.len()) {
            let _ = write!(s, " {} | {} |", count(f.reports), yuan(f.loss_fen));
        }
        s.push('\n');
    }
    if b.types.is_empty() {
        s.push_str("\nNo reports in these periods.\n");
    }
    s.push('\n');

    let _ = writeln!(s, "## Largest losses\n");
    if b.largest.is_empty() {
        s.push_str("No losses reported.\n\n");
    } else {
        table(&mut s, &tables::largest(b));
        s.push('\n');
    }

    let c = b.group_counts;
    let _ = writeln!(
        s,
        "## Groups: {} new, {} grew, {} merged\n",
        count(c.new as i64),
        count(c.grew as i64),
        count(c.merged as i64)
    );
    if b.groups.is_empty() {
        s.push_str("No group was made, grown or merged.\n");
    }
    for g in &b.groups {
        let _ = writeln!(s, "- {} — {}", esc(&group_head(g)), esc(&group_evidence(g)));
    }
    let shown = b.groups.len();
    let all = c.new + c.grew + c.merged;
    if shown < all {
        let _ = writeln!(
            s,
            "\n({} of {} listed: merged, then grown, then new, larger first.)",
            count(shown as i64),
            count(all as i64)
        );
    }
    s.push('\n');

    let _ = writeln!(s, "## To freeze or block (first seen this period)\n");
    if b.hubs.is_empty() {
        s.push_str("No new account or number is held by several cases.\n\n");
    } else {
        table(&mut s, &tables::hubs(b));
        if b.hubs.len() < b.hubs_total {
            let _ = writeln!(
                s,
                "\n({} of {} listed, by cases then loss.)",
                count(b.hubs.len() as i64),
                count(b.hubs_total as i64)
            );
        }
        s.push('\n');
    }

    let _ = writeln!(s, "## Scripts of the period\n");
    if b.phrases.is_empty() {
        s.push_str("No phrase stands out against the periods before.\n");
    } else {
        table(&mut s, &tables::phrases(b));
    }
    s
}

/// A table as Markdown: figures right-aligned, every cell escaped.
fn table(s: &mut String, t: &tables::Table) {
    let titles: Vec<&str> = t.columns.iter().map(|c| c.0).collect();
    let _ = writeln!(s, "| {} |", titles.join(" | "));
    let aligns: String = t
        .columns
        .iter()
        .map(|c| if c.1 { "---:|" } else { "---|" })
        .collect();
    let _ = writeln!(s, "|{aligns}");
    for row in &t.rows {
        let cells: Vec<String> = row.iter().map(|c| esc(c)).collect();
        let _ = writeln!(s, "| {} |", cells.join(" | "));
    }
}

/// Data text as Markdown text: made safe as for a terminal first (escape sequences,
/// controls, bidi overrides and invisible characters dropped, a line break a space:
/// a table row is one line), then the characters Markdown gives a meaning escaped.
pub fn esc(text: &str) -> String {
    let text = crate::text::sanitize(text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '<' | '>' | '!' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
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
    fn data_text_cannot_make_markdown() {
        assert_eq!(esc("张**"), "张\\*\\*");
        assert_eq!(esc("a|b\nc"), "a\\|b c");
        assert_eq!(esc("<script>"), "\\<script\\>");
        assert_eq!(esc("a\u{1b}[31mb\u{202e}c"), "abc");
    }
}
