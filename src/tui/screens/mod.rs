//! The seven screens, each one key away, and the places the trail can hold. A screen
//! owns its state and turns movement and Enter into commands for the app; drawing is
//! a function of that state.

pub mod bulletin;
pub mod cases;
pub mod casework;
pub mod detail;
pub mod groups;
pub mod hubs;
pub mod imports;
pub mod stats;

use ratatui::layout::Rect;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tab {
    Cases,
    Detail,
    Groups,
    Hubs,
    Imports,
    Stats,
    Bulletin,
}

impl Tab {
    pub const ALL: [Tab; 7] = [
        Tab::Cases,
        Tab::Detail,
        Tab::Groups,
        Tab::Hubs,
        Tab::Imports,
        Tab::Stats,
        Tab::Bulletin,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Tab::Cases => "Cases",
            Tab::Detail => "Case detail",
            Tab::Groups => "Groups",
            Tab::Hubs => "Hubs",
            Tab::Imports => "Imports",
            Tab::Stats => "Stats",
            Tab::Bulletin => "Bulletin",
        }
    }

    pub fn index(self) -> usize {
        Tab::ALL.iter().position(|t| *t == self).unwrap_or(0)
    }

    pub fn next(self) -> Tab {
        Tab::ALL[(self.index() + 1) % Tab::ALL.len()]
    }

    pub fn prev(self) -> Tab {
        Tab::ALL[(self.index() + Tab::ALL.len() - 1) % Tab::ALL.len()]
    }
}

/// A place on the trail that Esc walks back along.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    Cases,
    /// A case by report_no; None before any case was opened.
    Detail(Option<String>),
    Groups,
    /// One group's members.
    Group(String),
    Hubs,
    Imports,
    Stats,
    Bulletin,
    /// Cases with this query in the search box: the cases of an identifier (Enter
    /// on a hub or on an identifier line of a case).
    Search(String),
}

impl Location {
    pub fn tab(&self) -> Tab {
        match self {
            Location::Cases | Location::Search(_) => Tab::Cases,
            Location::Detail(_) => Tab::Detail,
            Location::Groups | Location::Group(_) => Tab::Groups,
            Location::Hubs => Tab::Hubs,
            Location::Imports => Tab::Imports,
            Location::Stats => Tab::Stats,
            Location::Bulletin => Tab::Bulletin,
        }
    }
}

/// What a screen asks the app to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cmd {
    Open(Location),
}

/// Data a screen shows, read by a worker: none yet, arriving, here, or failed.
#[derive(Debug, Clone)]
pub struct Slot<T> {
    pub data: Option<T>,
    /// The generation of the load in flight (0: none).
    pub pending: u64,
    /// The data no longer matches the store (an import, an ignore): reload on entry.
    pub stale: bool,
    pub error: Option<String>,
}

impl<T> Default for Slot<T> {
    fn default() -> Self {
        Slot {
            data: None,
            pending: 0,
            stale: false,
            error: None,
        }
    }
}

impl<T> Slot<T> {
    pub fn needs_load(&self) -> bool {
        self.pending == 0 && (self.stale || self.data.is_none() && self.error.is_none())
    }

    /// Takes a result if it answers the load in flight.
    pub fn accept(&mut self, generation: u64, result: Result<T, String>) -> bool {
        if generation != self.pending {
            return false;
        }
        self.pending = 0;
        self.stale = false;
        match result {
            Ok(data) => {
                self.data = Some(data);
                self.error = None;
            }
            Err(e) => self.error = Some(e),
        }
        true
    }

    /// What to say in place of the data.
    pub fn placeholder(&self) -> &str {
        match (&self.error, self.pending) {
            (Some(e), _) => e,
            (None, 0) => "nothing here",
            (None, _) => "loading...",
        }
    }
}

/// The part of the screen below the tab bar and above the status line.
pub fn body(area: Rect) -> Rect {
    Rect::new(
        area.x,
        area.y + 1.min(area.height),
        area.width,
        area.height.saturating_sub(2),
    )
}
