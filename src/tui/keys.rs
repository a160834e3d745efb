//! Every key binding of the workbench in one table. Keys become [`Action`]s here and
//! nowhere else; the help overlay and the status line's hints are read from the same
//! table, so what the screen says is what the keys do.
//!
//! Text entry (the search box, a popup's input) takes printable keys before this
//! table is consulted; see `App::on_key`.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::screens::Tab;

/// What a key asks for. Screens interpret the movement actions for their own list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    Help,
    NextTab,
    PrevTab,
    Tab(Tab),
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Enter,
    Back,
    Search,
    Export,
    Unmask,
    Ignore,
    /// Write a note on the selected case, group or identifier.
    Note,
    /// Set or take off tags on the selected case, group or identifier.
    Tag,
    Import,
    /// The list's next sortable column.
    Sort,
    /// The list's sort the other way.
    Reverse,
    /// The bulletin of the period before / after the one shown.
    EarlierPeriod,
    LaterPeriod,
    /// Export the freeze list: every account not yet tagged 已止付, with its bank.
    FreezeList,
}

/// A key with its modifiers (Shift is ignored for characters: `G` is `G`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

const fn key(code: KeyCode) -> Key {
    Key { code, ctrl: false }
}

const fn ch(c: char) -> Key {
    key(KeyCode::Char(c))
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: true,
    }
}

impl Key {
    pub fn from_event(ev: &KeyEvent) -> Key {
        Key {
            code: ev.code,
            ctrl: ev.modifiers.contains(KeyModifiers::CONTROL),
        }
    }
}

/// One line of the table.
#[derive(Debug)]
pub struct Binding {
    pub keys: &'static [Key],
    /// How the keys are written in help and hints.
    pub label: &'static str,
    pub action: Action,
    pub help: &'static str,
    /// The screens where it applies; empty means every screen.
    pub tabs: &'static [Tab],
    /// Shown in the status line's hints on those screens.
    pub hint: bool,
}

impl Binding {
    pub fn applies_to(&self, tab: Tab) -> bool {
        self.tabs.is_empty() || self.tabs.contains(&tab)
    }
}

const ALL: &[Tab] = &[];

/// The table. Order is the order of the help overlay and of the hints.
pub const BINDINGS: &[Binding] = &[
    Binding {
        keys: &[ch('/')],
        label: "/",
        action: Action::Search,
        help: "search as you type (Enter: first result, Esc: leave the box)",
        tabs: &[Tab::Cases],
        hint: true,
    },
    Binding {
        keys: &[key(KeyCode::Enter)],
        label: "Enter",
        action: Action::Enter,
        help: "open the selected case, group or link; on an identifier or hub: its cases",
        tabs: &[
            Tab::Cases,
            Tab::Detail,
            Tab::Groups,
            Tab::Hubs,
            Tab::Bulletin,
        ],
        hint: true,
    },
    Binding {
        keys: &[ch('x')],
        label: "x",
        action: Action::Ignore,
        help: "ignore the selected identifier (asks for a reason; x again to undo)",
        tabs: &[Tab::Hubs],
        hint: true,
    },
    Binding {
        keys: &[ch('n')],
        label: "n",
        action: Action::Note,
        help: "note on the selected case, group or identifier (kept with who and when; on a case's group line: the group)",
        tabs: &[
            Tab::Cases,
            Tab::Detail,
            Tab::Groups,
            Tab::Hubs,
            Tab::Bulletin,
        ],
        hint: false,
    },
    Binding {
        keys: &[ch('t')],
        label: "t",
        action: Action::Tag,
        help: "tags of the selected case, group or identifier (space/Enter: set or take off; [tags] and * for notes mark the lists)",
        tabs: &[
            Tab::Cases,
            Tab::Detail,
            Tab::Groups,
            Tab::Hubs,
            Tab::Bulletin,
        ],
        hint: false,
    },
    Binding {
        keys: &[ch('s')],
        label: "s",
        action: Action::Sort,
        help: "sort by the next column (its arrow in the header; search results stay ranked by relevance)",
        tabs: &[Tab::Cases, Tab::Groups, Tab::Hubs],
        hint: false,
    },
    Binding {
        keys: &[ch('S')],
        label: "S",
        action: Action::Reverse,
        help: "reverse the sort (v: largest or newest first, ^: smallest or oldest first)",
        tabs: &[Tab::Cases, Tab::Groups, Tab::Hubs],
        hint: false,
    },
    Binding {
        keys: &[ch('i')],
        label: "i",
        action: Action::Import,
        help: "import the new files waiting in imports/",
        tabs: &[Tab::Imports],
        hint: true,
    },
    Binding {
        keys: &[key(KeyCode::Esc)],
        label: "Esc",
        action: Action::Back,
        help: "back along the trail (on Cases: clear the search first)",
        tabs: ALL,
        hint: false,
    },
    Binding {
        keys: &[ch('F')],
        label: "F",
        action: Action::FreezeList,
        help: "export the freeze list: every account not yet tagged 已止付, with each card's bank (xlsx under exports/)",
        tabs: &[Tab::Hubs],
        hint: false,
    },
    Binding {
        keys: &[ch('e')],
        label: "e",
        action: Action::Export,
        help: "export what is on screen (csv or xlsx, under exports/)",
        tabs: ALL,
        hint: true,
    },
    Binding {
        keys: &[ch('m')],
        label: "m",
        action: Action::Unmask,
        help: "mask / unmask victim names and phones for this session",
        tabs: ALL,
        hint: false,
    },
    Binding {
        keys: &[ch('j'), key(KeyCode::Down)],
        label: "j/Down",
        action: Action::Down,
        help: "next row",
        tabs: ALL,
        hint: false,
    },
    Binding {
        keys: &[ch('k'), key(KeyCode::Up)],
        label: "k/Up",
        action: Action::Up,
        help: "previous row",
        tabs: ALL,
        hint: false,
    },
    Binding {
        keys: &[key(KeyCode::PageDown), ctrl('d'), ctrl('f')],
        label: "PgDn",
        action: Action::PageDown,
        help: "a page down",
        tabs: ALL,
        hint: false,
    },
    Binding {
        keys: &[key(KeyCode::PageUp), ctrl('u'), ctrl('b')],
        label: "PgUp",
        action: Action::PageUp,
        help: "a page up",
        tabs: ALL,
        hint: false,
    },
    Binding {
        keys: &[ch('g'), key(KeyCode::Home)],
        label: "g/Home",
        action: Action::Top,
        help: "first row",
        tabs: ALL,
        hint: false,
    },
    Binding {
        keys: &[ch('G'), key(KeyCode::End)],
        label: "G/End",
        action: Action::Bottom,
        help: "last row",
        tabs: ALL,
        hint: false,
    },
    Binding {
        keys: &[key(KeyCode::Tab)],
        label: "Tab",
        action: Action::NextTab,
        help: "next screen",
        tabs: ALL,
        hint: false,
    },
    Binding {
        keys: &[key(KeyCode::BackTab)],
        label: "S-Tab",
        action: Action::PrevTab,
        help: "previous screen",
        tabs: ALL,
        hint: false,
    },
    Binding {
        keys: &[ch('1')],
        label: "1",
        action: Action::Tab(Tab::Cases),
        help: "Cases",
        tabs: ALL,
        hint: false,
    },
    Binding {
        keys: &[ch('2')],
        label: "2",
        action: Action::Tab(Tab::Detail),
        help: "Case detail",
        tabs: ALL,
        hint: false,
    },
    Binding {
        keys: &[ch('3')],
        label: "3",
        action: Action::Tab(Tab::Groups),
        help: "Groups",
        tabs: ALL,
        hint: false,
    },
    Binding {
        keys: &[ch('4')],
        label: "4",
        action: Action::Tab(Tab::Hubs),
        help: "Hubs",
        tabs: ALL,
        hint: false,
    },
    Binding {
        keys: &[ch('5')],
        label: "5",
        action: Action::Tab(Tab::Imports),
        help: "Imports",
        tabs: ALL,
        hint: false,
    },
    Binding {
        keys: &[ch('6')],
        label: "6",
        action: Action::Tab(Tab::Stats),
        help: "Stats",
        tabs: ALL,
        hint: false,
    },
    Binding {
        keys: &[ch('7')],
        label: "7",
        action: Action::Tab(Tab::Bulletin),
        help: "Bulletin",
        tabs: ALL,
        hint: false,
    },
    Binding {
        keys: &[ch('[')],
        label: "[",
        action: Action::EarlierPeriod,
        help: "the bulletin of the week before",
        tabs: &[Tab::Bulletin],
        hint: true,
    },
    Binding {
        keys: &[ch(']')],
        label: "]",
        action: Action::LaterPeriod,
        help: "the bulletin of the week after",
        tabs: &[Tab::Bulletin],
        hint: true,
    },
    Binding {
        keys: &[ch('?')],
        label: "?",
        action: Action::Help,
        help: "this help",
        tabs: ALL,
        hint: true,
    },
    Binding {
        keys: &[ch('q'), ctrl('c')],
        label: "q",
        action: Action::Quit,
        help: "quit (Ctrl-C too, even while typing)",
        tabs: ALL,
        hint: true,
    },
];

/// The action bound to `key` on `tab`, if any.
pub fn lookup(tab: Tab, key: Key) -> Option<Action> {
    BINDINGS
        .iter()
        .filter(|b| b.applies_to(tab))
        .find(|b| b.keys.contains(&key))
        .map(|b| b.action)
}

/// The bindings that apply on `tab`, in table order (the help overlay's lines).
pub fn for_tab(tab: Tab) -> impl Iterator<Item = &'static Binding> {
    BINDINGS.iter().filter(move |b| b.applies_to(tab))
}

/// The status line's hints on `tab`: `label help-word` pairs.
pub fn hints(tab: Tab) -> Vec<(&'static str, &'static str)> {
    for_tab(tab)
        .filter(|b| b.hint)
        .map(|b| (b.label, short(b.action)))
        .collect()
}

fn short(action: Action) -> &'static str {
    match action {
        Action::Search => "search",
        Action::Enter => "open",
        Action::Ignore => "ignore",
        Action::Note => "note",
        Action::Tag => "tag",
        Action::Import => "import",
        Action::Sort => "sort",
        Action::Reverse => "reverse",
        Action::EarlierPeriod => "week before",
        Action::LaterPeriod => "week after",
        Action::Back => "back",
        Action::Export => "export",
        Action::FreezeList => "freeze list",
        Action::Unmask => "unmask",
        Action::Help => "help",
        Action::Quit => "quit",
        _ => "",
    }
}

/// Ctrl-C: quits from anywhere, typing or not.
pub fn is_interrupt(ev: &KeyEvent) -> bool {
    ev.modifiers.contains(KeyModifiers::CONTROL) && ev.code == KeyCode::Char('c')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_tab_has_quit_help_and_back() {
        for tab in Tab::ALL {
            assert_eq!(lookup(tab, ch('q')), Some(Action::Quit));
            assert_eq!(lookup(tab, ch('?')), Some(Action::Help));
            assert_eq!(lookup(tab, key(KeyCode::Esc)), Some(Action::Back));
        }
    }

    #[test]
    fn screen_keys_stay_on_their_screen() {
        assert_eq!(lookup(Tab::Hubs, ch('x')), Some(Action::Ignore));
        assert_eq!(lookup(Tab::Cases, ch('x')), None);
        assert_eq!(lookup(Tab::Imports, ch('i')), Some(Action::Import));
        assert_eq!(lookup(Tab::Cases, ch('/')), Some(Action::Search));
        assert_eq!(lookup(Tab::Groups, ch('s')), Some(Action::Sort));
        assert_eq!(lookup(Tab::Hubs, ch('S')), Some(Action::Reverse));
        assert_eq!(lookup(Tab::Detail, ch('s')), None);
        for tab in [Tab::Cases, Tab::Detail, Tab::Groups, Tab::Hubs] {
            assert_eq!(lookup(tab, ch('n')), Some(Action::Note));
            assert_eq!(lookup(tab, ch('t')), Some(Action::Tag));
        }
        assert_eq!(lookup(Tab::Imports, ch('t')), None);
    }

    #[test]
    fn no_key_is_bound_twice_on_a_screen() {
        for tab in Tab::ALL {
            let keys: Vec<Key> = for_tab(tab).flat_map(|b| b.keys.iter().copied()).collect();
            for (i, k) in keys.iter().enumerate() {
                assert!(!keys[i + 1..].contains(k), "{k:?} twice on {tab:?}");
            }
        }
    }
}
