//! Case detail: every field of one case, its unknown columns and warnings, the script
//! in full, each identifier with how many other cases hold it, its group's members
//! with the identifiers that tie them, possible links through partial numbers, and
//! when corrected reports updated it, its history (the fields each changed).
//!
//! The view is a list of lines with a cursor; a line that names another case (a
//! member, a possible link) or the group can be followed with Enter, and Esc walks
//! back along the trail.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};

use casebench::export::{mask_in_text, mask_name, mask_phone};
use casebench::model::flags;
use casebench::scamtype::Source;

use super::{Cmd, Location, Slot};
use crate::tui::components::cursor::Cursor;
use crate::tui::event::DetailData;
use crate::tui::keys::Action;
use crate::tui::text;

#[derive(Debug, Default)]
pub struct DetailScreen {
    /// The case shown (or being read).
    pub report_no: Option<String>,
    pub slot: Slot<Box<DetailData>>,
    pub cursor: Cursor,
    /// Casework marks: the case's and its group's tags and notes, under its title.
    pub marks: std::sync::Arc<casebench::casework::Annotations>,
}

/// One line of the view, and where Enter on it leads.
pub struct DetailLine {
    pub spans: Vec<Span<'static>>,
    pub target: Option<Location>,
}

const LABEL: usize = 12;

/// Possible links listed at most (a four-digit tail can fit thousands of numbers).
const POSSIBLE_SHOWN: usize = 50;

impl DetailScreen {
    /// Shows `report_no`: a new case starts at the top and is read.
    pub fn open(&mut self, report_no: &str) -> bool {
        if self.report_no.as_deref() == Some(report_no) && self.slot.data.is_some() {
            return false;
        }
        self.report_no = Some(report_no.to_string());
        self.slot.data = None;
        self.slot.error = None;
        self.cursor = Cursor::default();
        true
    }

    pub fn on_action(&mut self, action: Action, body: Rect, unmasked: bool) -> Option<Cmd> {
        let data = self.slot.data.as_ref()?;
        let lines = self.all_lines(data, unmasked, body.width as usize);
        if self
            .cursor
            .apply(action, lines.len(), body.height.saturating_sub(1) as usize)
        {
            return None;
        }
        match action {
            Action::Enter => lines
                .into_iter()
                .nth(self.cursor.selected)
                .and_then(|l| l.target)
                .map(Cmd::Open),
            _ => None,
        }
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, unmasked: bool) {
        let Some(data) = &self.slot.data else {
            let msg = match (&self.report_no, &self.slot.error) {
                (_, Some(e)) => e.clone(),
                (Some(r), None) => format!("reading {r}..."),
                (None, None) => {
                    "no case opened yet: Enter on a case (Cases, Groups) opens it here".to_string()
                }
            };
            buf.set_line(
                area.x,
                area.y,
                &Line::styled(
                    text::cell(&msg, area.width as usize),
                    Style::new().add_modifier(Modifier::DIM),
                ),
                area.width,
            );
            return;
        };
        let all = self.all_lines(data, unmasked, area.width as usize);
        let mut cursor = self.cursor;
        cursor.follow(all.len(), area.height as usize);
        for (i, line) in all
            .into_iter()
            .enumerate()
            .skip(cursor.offset)
            .take(area.height as usize)
        {
            let y = area.y + (i - cursor.offset) as u16;
            let mut l = Line::from(line.spans);
            if i == cursor.selected {
                buf.set_style(
                    Rect::new(area.x, y, area.width, 1),
                    Style::new().add_modifier(Modifier::REVERSED),
                );
                l = l.patch_style(Style::new().add_modifier(Modifier::REVERSED));
            }
            buf.set_line(area.x, y, &l, area.width);
        }
    }
}

impl DetailScreen {
    /// [`lines`] with the casework under the title line.
    fn all_lines(&self, data: &DetailData, unmasked: bool, width: usize) -> Vec<DetailLine> {
        let mut all = lines(data, unmasked, width);
        let casework = super::casework::detail_lines(
            &self.marks,
            &data.case.report_no,
            data.case.group_id.as_deref(),
            width,
        );
        let at = 1.min(all.len());
        all.splice(at..at, casework);
        all
    }

    /// Where the selected line leads (the group, on its title or casework lines).
    pub fn selected_target(&self, unmasked: bool, width: usize) -> Option<Location> {
        let data = self.slot.data.as_ref()?;
        self.all_lines(data, unmasked, width)
            .into_iter()
            .nth(self.cursor.selected)
            .and_then(|l| l.target)
    }
}

fn heading(s: &str, width: usize) -> DetailLine {
    DetailLine {
        spans: vec![Span::styled(
            text::cell(s, width),
            Style::new().add_modifier(Modifier::BOLD).fg(Color::Cyan),
        )],
        target: None,
    }
}

fn field(label: &str, value: &str, width: usize) -> DetailLine {
    DetailLine {
        spans: vec![
            Span::styled(
                text::cell(&format!("  {label}"), LABEL + 2),
                Style::new().add_modifier(Modifier::DIM),
            ),
            Span::raw(text::cell(value, width.saturating_sub(LABEL + 2))),
        ],
        target: None,
    }
}

fn plain(s: &str, width: usize) -> DetailLine {
    DetailLine {
        spans: vec![Span::raw(text::cell(s, width))],
        target: None,
    }
}

fn link(s: &str, width: usize, target: Location) -> DetailLine {
    DetailLine {
        spans: vec![Span::styled(
            text::cell(s, width),
            Style::new().fg(Color::Green),
        )],
        target: Some(target),
    }
}

/// The view's lines for a terminal `width` cells wide.
pub fn lines(d: &DetailData, unmasked: bool, width: usize) -> Vec<DetailLine> {
    let c = &d.case;
    let mut out = Vec::new();
    let group = match &c.group_id {
        Some(g) => format!(
            "  group {g} ({})",
            text::plural(d.members.len() as i64, "case", "cases")
        ),
        None => "  in no group".to_string(),
    };
    out.push(DetailLine {
        spans: vec![
            Span::styled(
                text::clean(&c.report_no).into_owned(),
                Style::new().add_modifier(Modifier::BOLD),
            ),
            Span::styled(
                text::cell(
                    &group,
                    width
                        .saturating_sub(casebench::text::display_width(&text::clean(&c.report_no))),
                ),
                Style::new().fg(Color::Yellow),
            ),
        ],
        target: c.group_id.clone().map(Location::Group),
    });
    out.push(field("Reported", &c.reported_at, width));
    if !c.occurred_at.is_empty() {
        out.push(field("Occurred", &c.occurred_at, width));
    }
    let amount = match c.amount_fen {
        Some(f) if c.amount_raw.trim() != text::yuan(f) => {
            format!("{} yuan  (written: {})", text::yuan(f), c.amount_raw)
        }
        Some(f) => format!("{} yuan", text::yuan(f)),
        None => format!("{} (did not parse)", c.amount_raw),
    };
    out.push(field("Amount", &amount, width));
    let written = match c.scam_type_source {
        Source::Column => format!("written: {}", c.scam_type.trim()),
        Source::Script => "tagged from the script".to_string(),
    };
    out.push(field(
        "Scam type",
        &format!(
            "{}  ({}; {written})",
            c.scam_type_code.official_name(),
            c.scam_type_code
        ),
        width,
    ));
    let victim = if unmasked {
        format!("{}  {}", c.victim_name, c.victim_phone)
    } else {
        format!(
            "{}  {}  (masked: m to show)",
            mask_name(&c.victim_name),
            mask_phone(&c.victim_phone)
        )
    };
    out.push(field("Victim", &victim, width));
    out.push(field("Caller", &c.caller_raw, width));
    out.push(field("Account", &c.account_raw, width));
    if !c.contact_raw.is_empty() {
        out.push(field("Contact", &c.contact_raw, width));
    }
    for (k, v) in &c.extra {
        out.push(field(k, v, width));
    }
    let place = match &c.sheet {
        Some(sheet) => format!("sheet {sheet} row {}", c.line),
        None => format!("line {}", c.line),
    };
    let updates = d.history.updates();
    let updated = match updates {
        0 => String::new(),
        n => format!("  {} (History below)", times(n)),
    };
    out.push(field(
        "Batch",
        &format!("{} ({} {place}){updated}", c.batch_id, c.file_name),
        width,
    ));
    if !c.warnings.is_empty() {
        out.push(heading("Warnings", width));
        for w in &c.warnings {
            out.push(plain(&format!("  {w}"), width));
        }
    }
    out.push(heading("Script", width));
    // The victim's name and phone inside the narrative are masked like their fields.
    let script = if unmasked {
        c.script.clone()
    } else {
        mask_in_text(&c.script, &c.victim_name, &c.victim_phone)
    };
    for l in text::wrap(&script, width.saturating_sub(2)) {
        out.push(plain(&format!("  {l}"), width));
    }
    out.push(heading("Identifiers", width));
    if c.identifiers.is_empty() {
        out.push(plain("  none", width));
    }
    for i in &c.identifiers {
        let mut notes = Vec::new();
        if i.flags & i64::from(flags::VIRTUAL) != 0 {
            notes.push("virtual operator".to_string());
        }
        if i.flags & i64::from(flags::UNPARSED) != 0 {
            notes.push("no valid number: spoofed or mistyped".to_string());
        }
        if i.official {
            notes.push("official number: spoofed".to_string());
        }
        if i.ignored {
            notes.push("ignored".to_string());
        }
        if i.other_cases + 1 > casebench::link::HUB_THRESHOLD {
            notes.push("possible hub".to_string());
        }
        // The victim's own numbers and cards are personal data, like their phone.
        let value = if matches!(i.role.as_str(), "victim_phone" | "victim_own") && !unmasked {
            mask_phone(&i.value)
        } else {
            i.value.clone()
        };
        let others = match i.other_cases {
            0 => "no other case".to_string(),
            1 => "1 other case".to_string(),
            n => format!("{} other cases", text::count(n)),
        };
        let origin = if i.origin == "script" {
            " from the script"
        } else {
            ""
        };
        let mut line = plain(
            &format!(
                "  {:<12} {value}  {}{origin}  {others}{}",
                i.role,
                i.kind,
                if notes.is_empty() {
                    String::new()
                } else {
                    format!("  [{}]", notes.join(", "))
                }
            ),
            width,
        );
        // Enter lists the cases holding it (not the victim's own: personal data).
        if !matches!(i.role.as_str(), "victim_phone" | "victim_own") {
            line.target = Some(Location::Search(i.value.clone()));
        }
        out.push(line);
    }
    if let Some(g) = &c.group_id {
        let loss: i64 = d.members.iter().filter_map(|m| m.amount_fen).sum();
        let first = d.members.first().map_or("", |m| m.reported_at.as_str());
        let last = d
            .members
            .iter()
            .map(|m| m.reported_at.as_str())
            .max()
            .unwrap_or("");
        out.push(DetailLine {
            spans: heading(
                &format!(
                    "Group {g}: {}, {} yuan, {first} .. {last}",
                    text::plural(d.members.len() as i64, "case", "cases"),
                    text::yuan(loss)
                ),
                width,
            )
            .spans,
            target: Some(Location::Group(g.clone())),
        });
        for m in &d.members {
            let shared = m
                .shared
                .iter()
                .map(|s| s.describe())
                .collect::<Vec<_>>()
                .join("; ");
            let this = m.report_no == c.report_no;
            let row = format!(
                "{}{} {} {} {}",
                if this { "= " } else { "  " },
                text::cell(&m.report_no, 18),
                text::cell(&m.reported_at, 16),
                text::cell_right(&text::amount(m.amount_fen, ""), 12),
                if this { "this case" } else { shared.as_str() }
            );
            if this {
                out.push(DetailLine {
                    spans: vec![Span::styled(
                        text::cell(&row, width),
                        Style::new().add_modifier(Modifier::BOLD),
                    )],
                    target: None,
                });
            } else {
                out.push(link(
                    &row,
                    width,
                    Location::Detail(Some(m.report_no.clone())),
                ));
            }
        }
    }
    if updates > 0 {
        history_lines(&d.history, unmasked, width, &mut out);
    }
    row_lines(&d.history, unmasked, width, &mut out);
    let has_partial = c.identifiers.iter().any(|i| i.kind == "partial");
    match &d.possible {
        None if has_partial => {
            out.push(heading("Possible links (partial numbers)", width));
            out.push(plain("  looking...", width));
        }
        Some(Err(e)) => {
            out.push(heading("Possible links (partial numbers)", width));
            out.push(plain(&format!("  {e}"), width));
        }
        Some(Ok(possible)) if !possible.is_empty() => {
            out.push(heading(
                "Possible links (partial numbers: never merged into the group)",
                width,
            ));
            let all: Vec<_> = possible
                .iter()
                .flat_map(|p| p.report_nos.iter().map(move |r| (p, r)))
                .collect();
            for (p, r) in all.iter().take(POSSIBLE_SHOWN) {
                out.push(link(
                    &format!("  {} could be {} {} in {r}", p.partial, p.kind, p.value),
                    width,
                    Location::Detail(Some((*r).clone())),
                ));
            }
            if all.len() > POSSIBLE_SHOWN {
                out.push(plain(
                    &format!(
                        "  ... and {} more: too few digits to tell",
                        text::count((all.len() - POSSIBLE_SHOWN) as i64)
                    ),
                    width,
                ));
            }
        }
        _ => {}
    }
    out
}

/// Every version of the case, newest first, with the fields each changed (old → new);
/// victims' names and phones masked unless the session unmasked them.
fn history_lines(
    history: &casebench::store::history::CaseHistory,
    unmasked: bool,
    width: usize,
    out: &mut Vec<DetailLine>,
) {
    let h = history.shown(unmasked);
    out.push(heading(&format!("History: {}", times(h.updates())), width));
    for (i, v) in h.versions.iter().enumerate().rev() {
        let which = if i + 1 == h.versions.len() {
            "current"
        } else {
            "replaced"
        };
        out.push(plain(
            &format!(
                "  version {} ({which}): batch {} ({} line {}), imported {}",
                i + 1,
                v.batch_id,
                v.file_name,
                v.line,
                v.imported_at
            ),
            width,
        ));
        for change in h.changes(i) {
            out.push(plain(
                &format!(
                    "    {}: {} → {}",
                    change.field,
                    one_line(&change.old),
                    one_line(&change.new)
                ),
                width,
            ));
        }
    }
}

/// The current version's row as it stood in its file, cell by cell in the file's
/// order of columns (`store::rows`), masked like the fields unless unmasked.
fn row_lines(
    history: &casebench::store::history::CaseHistory,
    unmasked: bool,
    width: usize,
    out: &mut Vec<DetailLine>,
) {
    let h = history.shown(unmasked);
    let Some(current) = h.versions.last().filter(|v| !v.row.is_empty()) else {
        return;
    };
    out.push(heading("Row as it stood in the file", width));
    for (i, c) in current.row.iter().enumerate() {
        let header = match c.header.trim() {
            "" => format!("column {}", i + 1),
            h => h.to_string(),
        };
        out.push(plain(&format!("  {header}: {}", one_line(&c.cell)), width));
    }
}

/// `updated 1 time`, `updated 3 times`.
fn times(n: usize) -> String {
    match n {
        1 => "updated 1 time".to_string(),
        n => format!("updated {n} times"),
    }
}

/// A field's text on one line (a script may hold line breaks); empty shown as such.
fn one_line(s: &str) -> String {
    if s.trim().is_empty() {
        return "(empty)".to_string();
    }
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use casebench::store::history::{CaseHistory, Version};
    use casebench::store::views::{CaseDetail, HeldIdentifier};

    fn shown(d: &DetailData, unmasked: bool) -> String {
        lines(d, unmasked, 120)
            .iter()
            .flat_map(|l| l.spans.iter().map(|s| s.content.to_string()))
            .collect()
    }

    #[test]
    fn the_victims_own_card_is_masked_until_unmasked() {
        let own = "6212269876543210987";
        let d = DetailData {
            case: CaseDetail {
                report_no: "V1".into(),
                identifiers: vec![HeldIdentifier {
                    kind: "card".into(),
                    value: own.into(),
                    display: own.into(),
                    role: "victim_own".into(),
                    origin: "script".into(),
                    ..HeldIdentifier::default()
                }],
                ..CaseDetail::default()
            },
            members: Vec::new(),
            possible: None,
            history: CaseHistory::default(),
        };
        assert!(!shown(&d, false).contains(own), "{}", shown(&d, false));
        assert!(shown(&d, true).contains(own));
    }

    /// The victim's name and phone inside the script pane are masked like their
    /// fields until the session unmasks.
    #[test]
    fn the_script_pane_masks_the_victim() {
        let d = DetailData {
            case: CaseDetail {
                report_no: "V2".into(),
                victim_name: "欧阳明月".into(),
                victim_phone: "13812345678".into(),
                script: "欧阳明月用手机１３８１２３４５６７８接到电话".into(),
                ..CaseDetail::default()
            },
            members: Vec::new(),
            possible: None,
            history: CaseHistory::default(),
        };
        let masked = shown(&d, false);
        assert!(
            !masked.contains("欧阳明月") && !masked.contains("１２３４"),
            "{masked}"
        );
        assert!(masked.contains("欧***用手机１３８****５６７８"), "{masked}");
        assert!(shown(&d, true).contains("欧阳明月用手机１３８１２３４５６７８"));
    }

    /// A corrected case says how often it was updated and what each version changed,
    /// the victim masked until the session unmasks.
    #[test]
    fn an_updated_case_shows_its_history_masked_until_unmasked() {
        let version = |batch_id: i64, amount: &str, script: &str| Version {
            batch_id,
            file_name: format!("week{batch_id}.csv"),
            line: 2,
            fields: vec![
                ("victim_name".into(), "欧阳明月".into()),
                ("amount".into(), amount.into()),
                ("script".into(), script.into()),
            ],
            ..Version::default()
        };
        let d = DetailData {
            case: CaseDetail {
                report_no: "U1".into(),
                ..CaseDetail::default()
            },
            members: Vec::new(),
            possible: None,
            history: CaseHistory {
                report_no: "U1".into(),
                versions: vec![
                    version(1, "5000", "欧阳明月接到电话"),
                    version(2, "8000", "欧阳明月接到电话后转账"),
                ],
            },
        };
        let masked = shown(&d, false);
        assert!(
            masked.contains("updated 1 time (History below)"),
            "{masked}"
        );
        assert!(masked.contains("History: updated 1 time"), "{masked}");
        assert!(masked.contains("amount: 5000 → 8000"), "{masked}");
        assert!(masked.contains("version 1 (replaced): batch 1 (week1.csv line 2)"));
        assert!(!masked.contains("欧阳明月"), "{masked}");
        assert!(shown(&d, true).contains("script: 欧阳明月接到电话 → 欧阳明月接到电话后转账"));
        // Never updated: no history section.
        let mut plain = d;
        plain.history.versions.truncate(1);
        assert!(!shown(&plain, false).contains("History"));
    }

    /// The case's row as its file had it: every cell under its header, in the
    /// file's order, the victim masked until the session unmasks.
    #[test]
    fn the_row_as_it_stood_is_shown_in_file_order() {
        use casebench::store::history::RowCell;
        let cell = |header: &str, field: Option<&str>, cell: &str| RowCell {
            header: header.into(),
            field: field.map(str::to_string),
            cell: cell.into(),
        };
        let d = DetailData {
            case: CaseDetail {
                report_no: "W1".into(),
                ..CaseDetail::default()
            },
            members: Vec::new(),
            possible: None,
            history: CaseHistory {
                report_no: "W1".into(),
                versions: vec![Version {
                    fields: vec![("victim_name".into(), "欧阳明月".into())],
                    row: vec![
                        cell("备注", None, "已回访"),
                        cell("案件编号", Some("report_no"), "W1"),
                        cell("受害人", Some("victim_name"), "欧阳明月"),
                    ],
                    ..Version::default()
                }],
            },
        };
        let masked = shown(&d, false);
        let at = |s: &str| masked.find(s).unwrap_or_else(|| panic!("{s} in {masked}"));
        assert!(at("Row as it stood in the file") < at("备注: 已回访"));
        assert!(at("备注: 已回访") < at("案件编号: W1"));
        assert!(at("案件编号: W1") < at("受害人: 欧***"));
        assert!(!masked.contains("欧阳明月"), "{masked}");
        assert!(shown(&d, true).contains("受害人: 欧阳明月"));
    }
}
