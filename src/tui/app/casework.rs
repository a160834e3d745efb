//! The app's casework: `n` and `t` on the selected case, group or identifier open the
//! note and tag popups; what they ask is written on a worker (`Jobs::casework`), and
//! the marks every list shows are read again when it is done.

use std::sync::Arc;

use casebench::casework::{Annotations, Named, TagList};

use super::App;
use crate::tui::jobs::{CaseworkWrite, Load};
use crate::tui::popups::Popup;
use crate::tui::popups::note::NotePopup;
use crate::tui::popups::tags::TagPopup;
use crate::tui::screens::Location;
use crate::tui::screens::bulletin::Pick;

/// What `n` or `t` acts on: how the core finds it, how the popup names it, and the
/// tags it carries itself.
struct Selected {
    target: Named,
    label: String,
    tags: Vec<String>,
}

impl App {
    /// The selected case, group or identifier of the screen shown.
    fn selected_target(&self) -> Option<Selected> {
        let marks = &self.marks;
        let case = |report_no: &str| Selected {
            target: Named::Case(report_no.to_string()),
            label: format!("case {report_no}"),
            tags: marks
                .case(report_no)
                .map(|m| m.tags.clone())
                .unwrap_or_default(),
        };
        let group = |id: &str| Selected {
            target: Named::Group(id.to_string()),
            label: format!("group {id}"),
            tags: marks.group(id).map(|m| m.tags.clone()).unwrap_or_default(),
        };
        match self.location() {
            Location::Cases | Location::Search(_) => {
                self.cases.selected().map(|l| case(&l.report_no))
            }
            Location::Detail(_) => {
                match self
                    .detail
                    .selected_target(self.unmasked, self.body().width as usize)
                {
                    Some(Location::Group(id)) => Some(group(&id)),
                    _ => self.detail.report_no.as_deref().map(case),
                }
            }
            Location::Groups => self.groups.selected().map(|g| group(&g.group_id)),
            Location::Group(id) => Some(group(id)),
            Location::Hubs => self.hubs.selected().map(|h| Selected {
                target: Named::Identifier {
                    kind: h.kind.clone(),
                    value: h.identifier.clone(),
                },
                label: format!("{} {}", h.kind, h.identifier),
                tags: marks
                    .identifier(&h.kind, &h.identifier)
                    .map(|m| m.tags.clone())
                    .unwrap_or_default(),
            }),
            Location::Bulletin => match self.bulletin.picked()? {
                Pick::Group(id) => Some(group(&id)),
                Pick::Identifier { kind, value } => Some(Selected {
                    label: format!("{kind} {value}"),
                    tags: marks
                        .identifier(&kind, &value)
                        .map(|m| m.tags.clone())
                        .unwrap_or_default(),
                    target: Named::Identifier { kind, value },
                }),
            },
            Location::Imports | Location::Stats => None,
        }
    }

    pub(super) fn ask_note(&mut self) {
        match self.selected_target() {
            Some(s) => self.popup = Some(Popup::Note(NotePopup::new(s.target, s.label))),
            None => self.toast = Some("nothing selected to write a note on".into()),
        }
    }

    pub(super) fn ask_tags(&mut self) {
        let Some(s) = self.selected_target() else {
            self.toast = Some("nothing selected to tag".into());
            return;
        };
        let mut tags: Vec<(String, String, bool)> = self
            .tag_list
            .tags
            .iter()
            .map(|(t, meaning)| (t.clone(), meaning.clone(), s.tags.contains(t)))
            .collect();
        // A tag set before it left the list can still be taken off.
        for t in &s.tags {
            if !self.tag_list.contains(t) {
                tags.push((t.clone(), "(no longer on the list)".into(), true));
            }
        }
        self.popup = Some(Popup::Tags(TagPopup {
            target: s.target,
            label: s.label,
            tags,
            selected: 0,
        }));
    }

    pub(super) fn write_casework(&mut self, target: Named, label: String, write: CaseworkWrite) {
        self.casework_writes += 1;
        self.jobs.casework(target, label, write);
    }

    /// A note or tag was written (or refused): the lists' marks are read again. A
    /// refusal leaves a toggled box wrong: the marks put it right.
    pub(super) fn casework_done(&mut self, result: Result<String, String>) {
        self.casework_writes = self.casework_writes.saturating_sub(1);
        match result {
            Ok(said) => {
                self.toast = Some(said);
                // The watcher is told: this write is not another program's.
                self.own_writes += 1;
                self.jobs.absorb_changes(self.own_writes);
            }
            Err(e) => self.error("Casework not saved", e),
        }
        self.load(Load::Marks);
        if self.cases.searching() && self.cases.input.text().contains("tag:") {
            self.submit_search();
        }
    }

    /// The marks arrived: every list and the detail show them from now on.
    pub(super) fn marks_loaded(&mut self, marks: Arc<Annotations>, list: TagList) {
        self.cases.marks = marks.clone();
        self.groups.marks = marks.clone();
        self.hubs.marks = marks.clone();
        self.detail.marks = marks.clone();
        self.marks = marks;
        self.tag_list = list;
        let label = match &self.popup {
            Some(Popup::Tags(p)) => p.label.clone(),
            _ => return,
        };
        // The boxes as stored (a refused toggle is undone here).
        let carried = self.marks_of_label(&label);
        if let Some(Popup::Tags(p)) = &mut self.popup {
            for (tag, _, on) in p.tags.iter_mut() {
                *on = carried.contains(tag);
            }
        }
    }

    /// The tags of what a popup's label names (`case A1`, `group G-A1`, `kind value`).
    fn marks_of_label(&self, label: &str) -> Vec<String> {
        let m = &self.marks;
        let found = match label.split_once(' ') {
            Some(("case", r)) => m.case(r),
            Some(("group", g)) => m.group(g),
            Some((kind, value)) => m.identifier(kind, value),
            None => None,
        };
        found.map(|x| x.tags.clone()).unwrap_or_default()
    }
}
