//! Casework through the workbench: `n` writes a note and `t` toggles tags on the
//! selected case, group or identifier, on a worker; the lists and the detail show
//! them; a group's survive a batch that adds a member.

use std::ops::ControlFlow;

use crossterm::event::KeyCode;

use super::Harness;
use crate::tui::popups::Popup;
use crate::tui::screens::Location;
use casebench::casework::{Entry, EntryKind, Named, TagList, add_note, set_tag};
use casebench::store::Store;

/// Waits for the answer of the casework write in flight and the marks read after it.
fn wait_written(h: &mut Harness) {
    h.wait("the casework write", |app| app.casework_writes == 0);
    h.wait("the marks", |app| app.marks_pending == 0);
}

#[test]
fn notes_and_tags_from_the_keyboard_show_in_the_lists_and_the_detail() {
    let mut h = Harness::started(120, 30);
    h.wait("the marks", |app| app.marks_pending == 0);
    assert_eq!(h.app.tag_list.tags.len(), 5);
    assert_eq!(h.selected_report_no().as_deref(), Some("G1"));

    // n on a case: a note, kept with who and when.
    h.press(KeyCode::Char('n'));
    assert!(matches!(h.app.popup, Some(Popup::Note(_))));
    h.press(KeyCode::Enter); // empty: refused, the popup stays
    assert!(matches!(h.app.popup, Some(Popup::Note(_))));
    h.typed("bank says the account is closed");
    h.press(KeyCode::Enter);
    assert!(h.app.popup.is_none());
    wait_written(&mut h);
    h.wait("the note's marks", |app| app.marks.case("G1").is_some());
    let written = casework_of(&h, "G1");
    assert_eq!(
        written
            .iter()
            .filter(|e| e.kind == EntryKind::Note && e.text == "bank says the account is closed")
            .count(),
        1,
        "{written:?}"
    );

    // t on a case: the list, space sets the first tag, and the popup stays.
    h.press(KeyCode::Char('t'));
    assert!(matches!(h.app.popup, Some(Popup::Tags(_))));
    h.press(KeyCode::Char(' '));
    assert!(matches!(h.app.popup, Some(Popup::Tags(_))));
    wait_written(&mut h);
    h.wait("the tag's marks", |app| {
        app.marks.case("G1").is_some_and(|m| m.tags == ["已研判"])
    });
    let screen = h.screen();
    assert!(screen.contains("[x] 已研判"), "{screen}");
    h.press(KeyCode::Esc);
    let screen = h.screen();
    assert!(screen.contains("G1 [已研判]*"), "{screen}");

    // t on a group: 已止付 (the second tag), shown on the list, its members and the
    // detail of a member.
    h.press(KeyCode::Char('3'));
    h.wait("the groups", |app| app.groups.list.data.is_some());
    assert_eq!(
        h.app.groups.selected().map(|g| g.group_id.as_str()),
        Some("G-A1")
    );
    h.press(KeyCode::Char('t'));
    h.press(KeyCode::Char('j'));
    h.press(KeyCode::Enter);
    wait_written(&mut h);
    h.wait("the group's marks", |app| app.marks.group("G-A1").is_some());
    h.press(KeyCode::Esc);
    let screen = h.screen();
    assert!(screen.contains("G-A1 [已止付]"), "{screen}");
    h.press(KeyCode::Enter);
    h.wait("the members", |app| app.groups.members.data.is_some());
    let screen = h.screen();
    assert!(screen.contains("A2 [已止付]"), "{screen}");
    h.press(KeyCode::Char('n'));
    h.typed("handed to the city team");
    h.press(KeyCode::Enter);
    wait_written(&mut h);
    h.wait("the group's note", |app| {
        app.marks.group("G-A1").is_some_and(|m| m.notes.len() == 1)
    });
    h.press(KeyCode::Enter);
    h.wait("the detail", |app| app.detail.slot.data.is_some());
    let screen = h.screen();
    assert!(screen.contains("Casework"), "{screen}");
    assert!(screen.contains("group tags: 已止付"), "{screen}");
    assert!(screen.contains(": handed to the city team"), "{screen}");

    // Another program annotates the other group, G-B1; then a batch adds a case
    // that joins both groups: the merged group, G-A1, holds both sides' casework.
    {
        let mut store = Store::open(&h.db()).expect("store");
        let other = Named::Group("G-B1".into());
        let list = TagList::built_in();
        set_tag(&mut store, &list, &other, "已冻结", "bob", false).expect("tag");
        add_note(&mut store, &other, "bank froze the card", "bob").expect("note");
    }
    let week = h.dir.path().join("imports").join("week-46.csv");
    std::fs::write(
        &week,
        "report_no,reported_at,caller_number,receiving_account,amount\n\
         A9,2026-11-20,13812345678,6228480011223344556,50\n",
    )
    .expect("batch");
    {
        let mut store = Store::open(&h.db()).expect("store");
        casebench::import::import_files(&mut store, &[week], &mut |_| ControlFlow::Continue(()));
    }
    assert_eq!(
        group_of(&h, "B1").as_deref(),
        Some("G-A1"),
        "G-B1 merged into G-A1"
    );
    assert_eq!(group_of(&h, "A9").as_deref(), Some("G-A1"));
    h.app.on_msg(crate::tui::event::Msg::Tick);
    h.wait("the reload after the batch", |app| {
        app.marks_pending == 0
            && app.toast.as_deref().is_some_and(|t| t.contains("reloaded"))
            && app
                .detail
                .slot
                .data
                .as_ref()
                .is_some_and(|d| d.members.len() == 6)
    });
    let screen = h.screen();
    let tags = screen
        .lines()
        .find(|l| l.contains("group tags:"))
        .unwrap_or_default();
    assert!(
        tags.contains("已止付") && tags.contains("已冻结"),
        "{screen}"
    );
    assert!(screen.contains(": handed to the city team"), "{screen}");
    assert!(
        screen.contains(": bank froze the card (on G-B1)"),
        "{screen}"
    );

    // t on an identifier of the Hubs list, and taking the tag off again.
    h.press(KeyCode::Char('4'));
    h.wait("the hubs", |app| app.hubs.slot.data.is_some());
    let hub = h.app.hubs.selected().cloned().expect("a hub");
    h.press(KeyCode::Char('t'));
    h.press(KeyCode::Char('j'));
    h.press(KeyCode::Char('j'));
    h.press(KeyCode::Char(' '));
    wait_written(&mut h);
    h.wait("the identifier's marks", |app| {
        app.marks.identifier(&hub.kind, &hub.identifier).is_some()
    });
    h.press(KeyCode::Char(' '));
    wait_written(&mut h);
    h.wait("the tag taken off", |app| {
        app.marks
            .identifier(&hub.kind, &hub.identifier)
            .is_none_or(|m| m.tags.is_empty())
    });
    h.press(KeyCode::Esc);
    let events = casework_of(&h, &hub.identifier);
    assert_eq!(
        events
            .iter()
            .filter(|e| matches!(e.kind, EntryKind::Tag | EntryKind::Untag) && e.text == "已冻结")
            .count(),
        2,
        "set and taken off: {events:?}"
    );
    assert_eq!(h.app.location(), &Location::Hubs);

    // The search box's `tag:` filter: the group's cases, the new member included.
    h.press(KeyCode::Char('1'));
    h.press(KeyCode::Char('/'));
    h.typed("tag:已止付");
    h.wait("the tagged cases", super::search_done);
    let mut found: Vec<String> = h
        .app
        .cases
        .search
        .page
        .as_ref()
        .map(|p| {
            p.hits
                .iter()
                .map(|hit| hit.line.report_no.clone())
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    assert_eq!(found, ["A1", "A2", "A3", "A9", "B1", "B2"]);
}

/// The casework history of a case, group or identifier, read as `casebench notes`
/// reads it.
fn casework_of(h: &Harness, target: &str) -> Vec<Entry> {
    let store = Store::open(&h.db()).expect("store");
    let t = casebench::casework::resolve(store.connection(), target, false).expect("target");
    casebench::casework::history(store.connection(), Some(&t), false).expect("history")
}

/// The group a case is in now.
fn group_of(h: &Harness, report_no: &str) -> Option<String> {
    let store = Store::open(&h.db()).expect("store");
    casebench::store::views::case_detail(store.connection(), report_no)
        .expect("detail")
        .and_then(|d| d.group_id)
}
