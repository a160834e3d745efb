//! How the lists and the detail show casework: a marker after a case's, group's or
//! identifier's id — its tags in brackets, `*` when it has notes — and, on the
//! detail, the tags and notes of the case and of its group. Nothing is shown for
//! what has none, so the lists look as before until an analyst annotates.

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Span;

use casebench::casework::{Annotations, Marks};

use super::Location;
use super::detail::DetailLine;
use crate::tui::text;

/// ` [已止付, 已研判]*`: the tags, and `*` for notes; empty for none.
pub fn marker(tags: &[String], notes: bool) -> String {
    let mut out = String::new();
    if !tags.is_empty() {
        out.push_str(" [");
        out.push_str(&tags.join(", "));
        out.push(']');
    }
    if notes {
        out.push('*');
    }
    out
}

/// `id` with the marker of `marks`.
pub fn marked(id: &str, marks: Option<&Marks>) -> String {
    match marks {
        Some(m) => format!("{id}{}", marker(&m.tags, !m.notes.is_empty())),
        None => id.to_string(),
    }
}

/// A case's id in a list: its own tags and its group's, `*` for its own notes.
pub fn case_marked(marks: &Annotations, report_no: &str, group_id: Option<&str>) -> String {
    let tags = marks.case_tags(report_no, group_id);
    let notes = marks.case(report_no).is_some_and(|m| !m.notes.is_empty());
    format!("{report_no}{}", marker(&tags, notes))
}

/// The detail's casework lines: the case's tags and notes, then its group's (every
/// side's, for a merged group). None when neither has any.
pub fn detail_lines(
    marks: &Annotations,
    report_no: &str,
    group_id: Option<&str>,
    width: usize,
) -> Vec<DetailLine> {
    let case = marks.case(report_no).filter(|m| !m.is_empty());
    let group = group_id.and_then(|g| marks.group(g).map(|m| (g, m)));
    if case.is_none() && group.is_none() {
        return Vec::new();
    }
    let mut out = vec![DetailLine {
        spans: vec![Span::styled(
            text::cell("Casework (n: note, t: tags)", width),
            Style::new().add_modifier(Modifier::BOLD).fg(Color::Cyan),
        )],
        target: None,
    }];
    let mut block = |whose: &str, m: &Marks, target: Option<Location>| {
        if !m.tags.is_empty() {
            out.push(line(
                &format!("  {whose} tags: {}", m.tags.join(", ")),
                width,
                Color::Green,
                target.clone(),
            ));
        }
        for n in &m.notes {
            out.push(line(
                &format!("  {whose} note: {n}"),
                width,
                Color::Reset,
                target.clone(),
            ));
        }
    };
    if let Some(m) = case {
        block("case", m, None);
    }
    if let Some((g, m)) = group {
        block("group", m, Some(Location::Group(g.to_string())));
    }
    out
}

fn line(s: &str, width: usize, colour: Color, target: Option<Location>) -> DetailLine {
    DetailLine {
        spans: vec![Span::styled(text::cell(s, width), Style::new().fg(colour))],
        target,
    }
}
