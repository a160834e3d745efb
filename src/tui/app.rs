//! The workbench's state and the one place it changes: messages (keys, worker
//! results) come in through [`App::on_msg`]; keys become actions through the key
//! table; actions and screen commands change state and start workers. Drawing
//! (`ui`) only reads what is here.

mod casework;

use std::path::PathBuf;
use std::sync::Arc;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind};
use ratatui::layout::Rect;

use casebench::casework::{Annotations, TagList};
use casebench::link::report::HubStatus;
use casebench::store::views::Totals;

use super::components::input::Input;
use super::event::{ImportEvent, Loaded, Msg};
use super::export;
use super::jobs::{CaseworkWrite, Jobs, Load};
use super::keys::{self, Action, Key};
use super::popups::confirm::Confirm;
use super::popups::export::ExportPopup;
use super::popups::ignore::IgnorePopup;
use super::popups::message::Message;
use super::popups::{Outcome, Popup, Run};
use super::screens::bulletin::BulletinScreen;
use super::screens::cases::{self, CasesScreen};
use super::screens::detail::DetailScreen;
use super::screens::groups::{self, GroupsScreen};
use super::screens::hubs::HubsScreen;
use super::screens::imports::{self, ImportRun, ImportsScreen};
use super::screens::stats::StatsScreen;
use super::screens::{self, Cmd, Location, Tab};
use super::search::CaseSearch;

/// How long the trail Esc walks back along can get.
const TRAIL_MAX: usize = 100;

/// An export under way, as the status line shows it.
#[derive(Debug, Clone)]
pub struct ExportRun {
    pub path: PathBuf,
    /// Rows written so far.
    pub rows: usize,
    /// Rows it will write, when known.
    pub total: Option<usize>,
}

pub struct App {
    /// Where the analyst has been; the last is where they are.
    pub trail: Vec<Location>,
    pub cases: CasesScreen,
    pub detail: DetailScreen,
    pub groups: GroupsScreen,
    pub hubs: HubsScreen,
    pub imports: ImportsScreen,
    pub stats: StatsScreen,
    pub bulletin: BulletinScreen,
    pub popup: Option<Popup>,
    pub totals: Option<Totals>,
    /// Victim names and phones shown in full (this session only).
    pub unmasked: bool,
    /// A one-line message in the status line, until the next key.
    pub toast: Option<String>,
    /// The terminal's size.
    pub area: Rect,
    pub quit: bool,
    pub db_label: String,
    /// What the search engine last said about itself (None: still starting).
    pub search_status: Option<String>,
    /// An export running on its worker.
    pub exporting: Option<ExportRun>,
    /// An ignore (or its undo) running on its worker, as the status line says it;
    /// cleared by its answer, whichever it is.
    pub ignoring: Option<String>,
    /// The change watcher has its baseline (others' changes are noticed from then).
    pub watching: bool,
    /// Every case's, group's and identifier's tags and notes (the lists' marks).
    pub marks: Arc<Annotations>,
    /// The tags `t` offers.
    pub tag_list: TagList,
    /// Notes and tags being written on workers.
    pub casework_writes: usize,
    /// The generation of the marks being read (0: none).
    pub marks_pending: u64,
    /// How many of the app's own writes (imports, ignores) have ended: the change
    /// watcher is told each, so that it does not report them as another's.
    own_writes: u64,
    /// The first run's sample import is under way: open Cases when it ends.
    first_run: bool,
    generation: u64,
    totals_pending: u64,
    /// The first totals are awaited: they say whether the database is new.
    first_totals: bool,
    jobs: Jobs,
    search: CaseSearch,
}

impl App {
    /// The app over the database at `db` (opened by the workers, never here: the UI
    /// thread reads no database).
    pub fn new(db: &std::path::Path, jobs: Jobs, search: CaseSearch) -> App {
        App {
            trail: vec![Location::Cases],
            cases: CasesScreen::default(),
            detail: DetailScreen::default(),
            groups: GroupsScreen::default(),
            hubs: HubsScreen::default(),
            imports: ImportsScreen::default(),
            stats: StatsScreen::default(),
            bulletin: BulletinScreen::default(),
            popup: None,
            totals: None,
            unmasked: false,
            toast: None,
            area: Rect::new(0, 0, 80, 24),
            quit: false,
            db_label: db.display().to_string(),
            search_status: None,
            exporting: None,
            ignoring: None,
            watching: false,
            marks: Arc::default(),
            tag_list: TagList::built_in(),
            casework_writes: 0,
            marks_pending: 0,
            own_writes: 0,
            first_run: false,
            generation: 0,
            totals_pending: 0,
            first_totals: false,
            jobs,
            search,
        }
    }

    /// The back end as the search box names it: SQLite for what it answered while
    /// the index builds (identifiers, last digits, report numbers), the index after.
    pub fn search_label(&self) -> String {
        let cold = self.cases.search.page.as_ref().is_some_and(|p| p.cold);
        match &self.search_status {
            _ if cold && !self.cases.search.waiting => "sqlite".to_string(),
            None => "building the index...".to_string(),
            Some(_) => "index".to_string(),
        }
    }

    pub fn location(&self) -> &Location {
        self.trail.last().unwrap_or(&Location::Cases)
    }

    pub fn tab(&self) -> Tab {
        self.location().tab()
    }

    pub fn body(&self) -> Rect {
        screens::body(self.area)
    }

    pub fn resize(&mut self, width: u16, height: u16) {
        self.area = Rect::new(0, 0, width, height);
    }

    /// After the first frame: count the cases and read the status line's totals on
    /// the worker; when they arrive, [`App::first_run`] decides what comes next.
    pub fn start(&mut self) {
        self.load(Load::Totals);
        self.load(Load::Marks);
        self.first_totals = true;
    }

    /// The first totals (or their failure) are in: on an empty database (no batch,
    /// no case) import the bundled sample, else look for new files. Decided from the
    /// worker's read: the UI thread never reads the database.
    fn first_run(&mut self, empty: bool) {
        self.first_totals = false;
        let sample = self.jobs.imports_dir.join("sample");
        let files = casebench::import::csv_files(std::slice::from_ref(&sample));
        if empty && sample.is_dir() && !files.is_empty() {
            self.first_run = true;
            self.toast = Some(format!(
                "first run: importing the sample batches in {}",
                sample.display()
            ));
            self.start_import(Some(files));
        } else {
            self.load(Load::Pending);
        }
    }

    /// Reads the rows the Cases screen shows, if they are not at hand (cheap: one
    /// page by index). Called before each frame.
    pub fn prepare(&mut self) {
        if self.tab() == Tab::Cases {
            let height = cases::table_height(self.body());
            // The case list: the page around the selection, read by a worker.
            if let Some((offset, limit)) = self.cases.wanted_rows(height) {
                let total = self.cases.total;
                let sort = self.cases.page_sort();
                self.load(Load::Cases {
                    offset,
                    limit,
                    total,
                    sort,
                });
            }
            // Search results: the page around the selection, from the engine.
            if let Some((offset, limit)) = self.cases.wanted_page(height) {
                let text = self.cases.input.text().to_string();
                self.search
                    .page(&text, self.cases.search.generation, offset, limit);
            }
        }
    }

    fn next_generation(&mut self) -> u64 {
        self.generation += 1;
        self.generation
    }

    fn load(&mut self, what: Load) {
        let g = self.next_generation();
        match &what {
            Load::Totals => self.totals_pending = g,
            Load::Cases { .. } => self.cases.page_pending = g,
            Load::Detail(_) => self.detail.slot.pending = g,
            Load::Groups => self.groups.list.pending = g,
            Load::Group(_) => self.groups.members.pending = g,
            Load::Hubs => self.hubs.slot.pending = g,
            Load::Imports => self.imports.slot.pending = g,
            Load::Stats => self.stats.slot.pending = g,
            Load::Bulletin(_) => self.bulletin.slot.pending = g,
            Load::Marks => self.marks_pending = g,
            Load::Pending => {}
        }
        match what {
            Load::Cases { .. } => self.jobs.page(what, g),
            _ => self.jobs.load(what, g),
        }
    }

    pub fn on_msg(&mut self, msg: Msg) {
        match msg {
            Msg::Term(Event::Key(ev)) => {
                // The analyst is back at the keyboard: has anyone changed the data?
                self.jobs.check_changes();
                self.on_key(ev);
            }
            Msg::Term(Event::FocusGained) | Msg::Tick => self.jobs.check_changes(),
            Msg::Changed(change) => self.on_changed(change),
            Msg::Watching => self.watching = true,
            Msg::Term(Event::Resize(w, h)) => self.resize(w, h),
            Msg::Term(_) => {}
            Msg::Search { generation, result } => self.cases.accept_search(generation, result),
            Msg::Loaded { generation, result } => self.on_loaded(generation, result),
            Msg::SearchStatus(Ok(s)) => self.search_status = Some(s),
            Msg::SearchStatus(Err(e)) => {
                // Searches may miss cases from now on: said, not only logged.
                self.toast = Some(e.clone());
                self.search_status = Some(e);
            }
            Msg::Import(ev) => self.on_import(ev),
            Msg::ExportProgress { rows } => {
                if let Some(run) = &mut self.exporting {
                    run.rows = rows;
                }
            }
            Msg::Exported(Ok((path, rows))) => {
                self.exporting = None;
                self.toast = Some(format!(
                    "wrote {} to {}",
                    super::text::plural(rows as i64, "row", "rows"),
                    path.display()
                ));
            }
            Msg::Exported(Err(e)) => {
                self.exporting = None;
                self.error("Export failed", e);
            }
            Msg::Ignored(Ok(o)) => {
                self.ignoring = None;
                self.toast = Some(format!(
                    "{} {}: {} hold it; {} changed group",
                    o.kind,
                    o.value,
                    super::text::plural(o.cases, "case", "cases"),
                    super::text::plural(o.cases_moved as i64, "case", "cases")
                ));
                self.own_write_done();
            }
            Msg::Casework(result) => self.casework_done(result),
            Msg::Ignored(Err(e)) => {
                // Nothing changed; the hub can be ignored again once the cause is gone.
                self.ignoring = None;
                self.error("Ignore failed", e);
            }
        }
    }

    /// Another connection committed. The app's own import or ignore are not
    /// reported: one running reloads everything when it ends, one ended already did.
    fn on_changed(&mut self, change: super::event::Change) {
        if change.absorbed < self.own_writes
            || self.imports.run.is_some()
            || self.ignoring.is_some()
        {
            return;
        }
        self.store_changed();
        let noun = |n: i64| if n == 1 { "case" } else { "cases" };
        let cases = match change.new_cases {
            0 => String::new(),
            n if n > 0 => format!(": {} new {}", super::text::count(n), noun(n)),
            n => format!(": {} fewer {}", super::text::count(-n), noun(-n)),
        };
        self.toast = Some(format!(
            "the database was changed by another program{cases}; reloaded"
        ));
    }

    fn error(&mut self, title: &str, e: String) {
        self.popup = Some(Popup::Message(Message {
            title: title.to_string(),
            lines: vec![e],
        }));
    }

    fn on_loaded(&mut self, generation: u64, result: Result<Loaded, String>) {
        let result = match result {
            Ok(loaded) => loaded,
            Err(e) => {
                if self.first_totals && generation == self.totals_pending {
                    self.first_run(false);
                }
                if generation == self.cases.page_pending {
                    self.cases.accept_rows(generation, 0, Err(e));
                    return;
                }
                // The slot that waits for this generation takes the error.
                let taken = self.detail.slot.accept(generation, Err(e.clone()))
                    || self.groups.list.accept(generation, Err(e.clone()))
                    || self.groups.members.accept(generation, Err(e.clone()))
                    || self.hubs.slot.accept(generation, Err(e.clone()))
                    || self.imports.slot.accept(generation, Err(e.clone()))
                    || self.stats.slot.accept(generation, Err(e.clone()))
                    || self.bulletin.slot.accept(generation, Err(e.clone()));
                if !taken {
                    self.toast = Some(e);
                }
                return;
            }
        };
        match result {
            Loaded::Totals(t) => {
                if self.first_totals && generation == self.totals_pending {
                    self.first_run(t.cases == 0 && t.last_import.is_none());
                }
                if generation == self.totals_pending {
                    // The case list's length: the rows at hand may have moved.
                    self.cases.reload(t.cases.max(0) as u64);
                    self.totals = Some(t);
                }
            }
            Loaded::Cases { offset, lines } => {
                self.cases.accept_rows(generation, offset, Ok(lines));
            }
            Loaded::Detail(d) => {
                self.detail.slot.accept(generation, Ok(d));
            }
            Loaded::Groups { rows, complete } => {
                let len = rows.len();
                if self.groups.list.accept(generation, Ok(rows)) {
                    self.groups.sort_rows();
                    self.groups.complete = complete;
                    let g = &mut self.groups;
                    groups::go_to_end(&mut g.cursor, &mut g.to_end, complete, len);
                    if !complete {
                        // The rest of the list follows with this generation.
                        self.groups.list.pending = generation;
                    }
                }
            }
            Loaded::Group(m) => {
                self.groups.members.accept(generation, Ok(m));
            }
            Loaded::Hubs { rows, complete } => {
                let len = rows.len();
                if self.hubs.slot.accept(generation, Ok(Arc::new(rows))) {
                    self.hubs.sort_rows();
                    self.hubs.complete = complete;
                    let h = &mut self.hubs;
                    groups::go_to_end(&mut h.cursor, &mut h.to_end, complete, len);
                    if !complete {
                        self.hubs.slot.pending = generation;
                    }
                }
            }
            Loaded::Imports(d) => {
                self.imports.slot.accept(generation, Ok(d));
            }
            Loaded::Stats(s) => {
                self.stats.slot.accept(generation, Ok(*s));
            }
            Loaded::Bulletin(b) => {
                self.bulletin.slot.accept(generation, Ok(b));
            }
            Loaded::Possible { report_no, links } => {
                if let Some(d) = &mut self.detail.slot.data
                    && d.case.report_no == report_no
                {
                    d.possible = Some(links);
                }
            }
            Loaded::Pending(files) if !files.is_empty() => {
                self.toast = Some(format!(
                    "{} in {}: press 5 for Imports, then i",
                    super::text::plural(files.len() as i64, "new file", "new files"),
                    self.jobs.imports_dir.display()
                ));
            }
            Loaded::Pending(_) => {}
            Loaded::Marks(marks, list) => {
                if generation == self.marks_pending {
                    self.marks_pending = 0;
                    self.marks_loaded(marks, list);
                }
            }
        }
    }

    fn on_import(&mut self, ev: ImportEvent) {
        match ev {
            ImportEvent::Progress { .. } => {
                self.imports
                    .run
                    .get_or_insert_with(ImportRun::default)
                    .update(&ev);
            }
            ImportEvent::Done(summary) => {
                self.imports.run = None;
                self.toast = None;
                let title = match (self.first_run, summary.failed) {
                    (_, f) if f > 0 && f == summary.files.max(1) => "Import failed",
                    (_, f) if f > 0 => "Import finished, with failures",
                    (true, _) => "First run: the sample batches are imported",
                    (false, _) => "Import finished",
                };
                self.popup = Some(Popup::Message(Message {
                    title: title.to_string(),
                    lines: imports::summary_lines(&summary),
                }));
                self.imports.summary = Some(summary);
                if std::mem::take(&mut self.first_run) {
                    self.trail = vec![Location::Cases];
                }
                self.own_write_done();
            }
        }
    }

    /// The app's own import or ignore ended: the watcher takes the database as it is
    /// now as seen, and everything is reloaded.
    fn own_write_done(&mut self) {
        self.own_writes += 1;
        self.jobs.absorb_changes(self.own_writes);
        self.store_changed();
    }

    /// An import or an ignore (this app's or another's) changed the store: everything
    /// shown may be out of date.
    fn store_changed(&mut self) {
        self.search.refresh();
        if self.cases.searching() {
            self.submit_search();
        }
        // A load in flight read the store as it was: its answer is not waited for.
        self.detail.slot.pending = 0;
        self.groups.list.pending = 0;
        self.groups.members.pending = 0;
        self.hubs.slot.pending = 0;
        self.imports.slot.pending = 0;
        self.stats.slot.pending = 0;
        self.bulletin.slot.pending = 0;
        self.detail.slot.stale = true;
        self.groups.list.stale = true;
        self.groups.members.stale = true;
        self.hubs.slot.stale = true;
        self.imports.slot.stale = true;
        self.stats.slot.stale = true;
        self.bulletin.slot.stale = true;
        self.load(Load::Totals);
        self.load(Load::Marks);
        self.enter(self.location().clone());
    }

    fn on_key(&mut self, ev: KeyEvent) {
        if ev.kind != KeyEventKind::Press {
            return;
        }
        self.toast = None;
        if keys::is_interrupt(&ev) {
            self.quit = true;
            return;
        }
        if let Some(popup) = &mut self.popup {
            match popup.key(&ev) {
                Outcome::Keep => {}
                Outcome::Close => self.popup = None,
                Outcome::Run(run) => {
                    self.popup = None;
                    self.run(run);
                }
                Outcome::Also(run) => self.run(run),
            }
            return;
        }
        if self.tab() == Tab::Cases && self.cases.typing {
            self.type_key(&ev);
            return;
        }
        if let Some(action) = keys::lookup(self.tab(), Key::from_event(&ev)) {
            self.act(action);
        }
    }

    /// A key while the search box has the focus.
    fn type_key(&mut self, ev: &KeyEvent) {
        let height = cases::table_height(self.body());
        match ev.code {
            KeyCode::Enter => {
                self.cases.typing = false;
                self.cases.search.cursor = Default::default();
            }
            KeyCode::Esc => self.cases.typing = false,
            KeyCode::Up => {
                self.cases.on_action(Action::Up, height);
            }
            KeyCode::Down => {
                self.cases.on_action(Action::Down, height);
            }
            KeyCode::PageUp => {
                self.cases.on_action(Action::PageUp, height);
            }
            KeyCode::PageDown => {
                self.cases.on_action(Action::PageDown, height);
            }
            _ => {
                if self.cases.input.key(ev).1 {
                    self.submit_search();
                }
            }
        }
    }

    /// Sends the box's text to the engine (or clears the results when empty).
    fn submit_search(&mut self) {
        let g = self.next_generation();
        self.cases.search.generation = g;
        if self.cases.searching() {
            self.cases.search.waiting = true;
            let text = self.cases.input.text().to_string();
            self.search.query(&text, g);
        } else {
            self.cases.search.waiting = false;
            self.cases.search.page = None;
            self.cases.search.error = None;
        }
    }

    pub fn act(&mut self, action: Action) {
        let body = self.body();
        match action {
            Action::Quit => {
                if self.imports.run.is_some() {
                    self.popup = Some(Popup::Confirm(Confirm {
                        title: "Quit during an import?".into(),
                        lines: vec![
                            "An import is running. Quitting stops it; the file being".into(),
                            "imported is rolled back, the files before it are kept.".into(),
                        ],
                        on_yes: Some(Run::Quit),
                    }));
                } else {
                    self.quit = true;
                }
            }
            Action::Help => {
                self.popup = Some(Popup::Help(super::popups::help::Help::new(self.tab())))
            }
            Action::NextTab => self.switch(self.location_of(self.tab().next())),
            Action::PrevTab => self.switch(self.location_of(self.tab().prev())),
            Action::Tab(t) => self.switch(self.location_of(t)),
            Action::Back => self.back(),
            Action::Search => {
                if self.tab() == Tab::Cases {
                    self.cases.typing = true;
                }
            }
            Action::Unmask => {
                self.unmasked = !self.unmasked;
                // Unscoped terms match victims' data only while it is shown.
                self.search.set_unmasked(self.unmasked);
                if self.cases.searching() {
                    self.submit_search();
                }
                self.toast = Some(if self.unmasked {
                    "victim names and phones shown in full (m masks them again)".into()
                } else {
                    "victim names and phones masked".into()
                });
            }
            Action::Export => self.ask_export(),
            Action::FreezeList => {
                let stamp = chrono::Local::now().format("%Y%m%d");
                self.popup = Some(Popup::Export(ExportPopup::with_formats(
                    "the freeze list: every account not yet tagged 已止付, with its bank"
                        .to_string(),
                    &format!("to-freeze-{stamp}"),
                    !self.unmasked,
                    export::freeze_list(),
                    None,
                    super::popups::export::WORKBOOK_FORMATS,
                )));
            }
            Action::EarlierPeriod | Action::LaterPeriod => {
                let step = if action == Action::EarlierPeriod {
                    -1
                } else {
                    1
                };
                if let Some(b) = &self.bulletin.slot.data {
                    self.bulletin.period = Some(b.period.shifted(step));
                    self.bulletin.scroll = 0;
                    self.load(Load::Bulletin(self.bulletin.period));
                }
            }
            Action::Ignore => self.ask_ignore(),
            Action::Note => self.ask_note(),
            Action::Tag => self.ask_tags(),
            Action::Import => {
                if self.imports.run.is_some() {
                    self.toast = Some("an import is already running".into());
                } else {
                    self.start_import(None);
                }
            }
            Action::Up
            | Action::Down
            | Action::PageUp
            | Action::PageDown
            | Action::Top
            | Action::Bottom
            | Action::Sort
            | Action::Reverse
            | Action::Enter => {
                let at = self.location().clone();
                let cmd = match at.tab() {
                    Tab::Cases => self.cases.on_action(action, cases::table_height(body)),
                    Tab::Detail => self.detail.on_action(action, body, self.unmasked),
                    Tab::Groups => self
                        .groups
                        .on_action(action, &at, groups::table_height(body)),
                    Tab::Hubs => self.hubs.on_action(action, groups::table_height(body)),
                    Tab::Imports => {
                        self.imports
                            .on_action(action, ImportsScreen::table_height(body));
                        None
                    }
                    Tab::Stats => None,
                    Tab::Bulletin => self.bulletin.on_action(action, body),
                };
                if let Some(cmd) = cmd {
                    self.command(cmd);
                }
            }
        }
    }

    fn command(&mut self, cmd: Cmd) {
        match cmd {
            Cmd::Open(at) => self.open(at),
        }
    }

    /// Where a tab key leads: the screen as last seen.
    fn location_of(&self, tab: Tab) -> Location {
        match tab {
            Tab::Cases => Location::Cases,
            Tab::Detail => Location::Detail(self.detail.report_no.clone()),
            Tab::Groups => Location::Groups,
            Tab::Hubs => Location::Hubs,
            Tab::Imports => Location::Imports,
            Tab::Stats => Location::Stats,
            Tab::Bulletin => Location::Bulletin,
        }
    }

    /// Goes somewhere, leaving a step on the trail.
    pub fn open(&mut self, at: Location) {
        if self.location() != &at {
            self.trail.push(at.clone());
            if self.trail.len() > TRAIL_MAX {
                self.trail.remove(0);
            }
        }
        self.enter(at);
    }

    /// Goes to another screen: not a step Esc walks back (only drill-downs are);
    /// the trail starts again there.
    fn switch(&mut self, at: Location) {
        if self.location() != &at {
            self.trail = vec![at.clone()];
        }
        self.enter(at);
    }

    /// Esc: clear the search first, then walk back along the trail.
    fn back(&mut self) {
        if self.tab() == Tab::Imports && self.imports.run.is_some() {
            self.popup = Some(Popup::Confirm(Confirm {
                title: "Stop the import?".into(),
                lines: vec![
                    "The file being imported is rolled back;".into(),
                    "the files imported before it are kept.".into(),
                ],
                on_yes: Some(Run::CancelImport),
            }));
            return;
        }
        let drilled = matches!(self.location(), Location::Search(_)) && self.trail.len() > 1;
        if self.tab() == Tab::Cases && self.cases.searching() {
            self.cases.input = Input::default();
            self.submit_search();
            // The search an identifier opened is a step of the trail: one Esc.
            if !drilled {
                return;
            }
        }
        if self.trail.len() > 1 {
            self.trail.pop();
            self.enter(self.location().clone());
        } else {
            self.toast = Some("this is where the trail starts (q quits)".into());
        }
    }

    /// Reads what a place shows, unless it is at hand and current.
    fn enter(&mut self, at: Location) {
        match at {
            Location::Cases => {}
            Location::Search(query) => {
                self.cases.typing = false;
                if self.cases.input.text() != query {
                    self.cases.input = Input::with_text(&query);
                    self.submit_search();
                }
            }
            Location::Detail(Some(report_no)) => {
                if self.detail.open(&report_no) || self.detail.slot.needs_load() {
                    self.load(Load::Detail(report_no));
                }
            }
            Location::Detail(None) => {}
            Location::Groups => {
                if self.groups.list.needs_load() {
                    self.load(Load::Groups);
                }
            }
            Location::Group(id) => {
                if self.groups.open(&id) || self.groups.members.needs_load() {
                    self.load(Load::Group(id));
                }
            }
            Location::Hubs => {
                if self.hubs.slot.needs_load() {
                    self.load(Load::Hubs);
                }
            }
            Location::Imports => {
                if self.imports.slot.needs_load() {
                    self.load(Load::Imports);
                }
            }
            Location::Stats => {
                if self.stats.slot.needs_load() {
                    self.load(Load::Stats);
                }
            }
            Location::Bulletin => {
                if self.bulletin.slot.needs_load() {
                    self.load(Load::Bulletin(self.bulletin.period));
                }
            }
        }
    }

    fn start_import(&mut self, files: Option<Vec<PathBuf>>) {
        self.imports.run = Some(ImportRun {
            files: files.as_ref().map_or(0, Vec::len),
            ..ImportRun::default()
        });
        self.jobs.import(files);
    }

    fn run(&mut self, run: Run) {
        match run {
            Run::Quit => {
                self.jobs.cancel_import();
                self.quit = true;
            }
            Run::CancelImport => {
                self.jobs.cancel_import();
                if let Some(r) = &mut self.imports.run {
                    r.cancelling = true;
                }
            }
            Run::Ignore {
                value,
                reason,
                undo,
            } => {
                if self.ignoring.is_some() {
                    self.toast = Some("an ignore is already running".into());
                    return;
                }
                self.ignoring = Some(format!(
                    "{} {value}: recomputing the groups...",
                    if undo {
                        "taking back the ignore of"
                    } else {
                        "ignoring"
                    }
                ));
                self.jobs.ignore(value, reason, undo);
            }
            Run::Note {
                target,
                label,
                text,
            } => self.write_casework(target, label, CaseworkWrite::Note(text)),
            Run::Tag {
                target,
                label,
                tag,
                undo,
            } => self.write_casework(target, label, CaseworkWrite::Tag { tag, undo }),
            Run::Export { path, build, total } => {
                self.exporting = Some(ExportRun {
                    path: path.clone(),
                    rows: 0,
                    total,
                });
                self.jobs.export(path, build);
            }
        }
    }

    fn ask_ignore(&mut self) {
        let Some(hub) = self.hubs.selected() else {
            return;
        };
        self.popup = Some(Popup::Ignore(IgnorePopup {
            kind: hub.kind.clone(),
            value: hub.identifier.clone(),
            cases: hub.cases,
            groups: hub.groups,
            undo: hub.status == HubStatus::Ignored,
            reason: Input::default(),
            complaint: None,
        }));
    }

    fn ask_export(&mut self) {
        if let Location::Bulletin = self.location() {
            // The bulletin, read again on the export worker: always masked.
            let Some(b) = &self.bulletin.slot.data else {
                return;
            };
            self.popup = Some(Popup::Export(ExportPopup::with_formats(
                format!("the bulletin of {}", b.period.describe()),
                &format!("bulletin-{}", b.period.name()),
                true,
                export::bulletin(b.period),
                Some(1),
                super::popups::export::BULLETIN_FORMATS,
            )));
            return;
        }
        let masked = !self.unmasked;
        let count = |n: usize, one: &str, many: &str| super::text::plural(n as i64, one, many);
        // What is exported, the file's stem, how to build it, and the rows expected.
        let (what, stem, build, total): (String, &str, _, Option<usize>) = match self.location() {
            Location::Cases | Location::Search(_) => match &self.cases.search.page {
                Some(page) if self.cases.searching() => (
                    format!(
                        "all {}{} of the search {:?}",
                        count(page.total, "result", "results"),
                        if page.at_least { " (at least)" } else { "" },
                        page.query
                    ),
                    "search",
                    self.search.export(&page.query),
                    (!page.at_least).then_some(page.total),
                ),
                _ => (
                    format!("all {}", count(self.cases.total as usize, "case", "cases")),
                    "cases",
                    export::all_cases(self.unmasked),
                    Some(self.cases.total as usize),
                ),
            },
            Location::Detail(_) => match &self.detail.slot.data {
                Some(d) if !d.members.is_empty() => (
                    format!(
                        "group {} ({}) with the evidence",
                        d.case.group_id.as_deref().unwrap_or(""),
                        count(d.members.len(), "case", "cases")
                    ),
                    "group",
                    export::members(d.members.clone()),
                    Some(d.members.len()),
                ),
                Some(d) => (
                    format!("case {}", d.case.report_no),
                    "case",
                    export::case(d.case.clone(), self.unmasked),
                    Some(1),
                ),
                None => return,
            },
            Location::Groups => (
                format!(
                    "all {} with their cases and the evidence",
                    match (&self.totals, self.groups.complete, &self.groups.list.data) {
                        (_, true, Some(rows)) => count(rows.len(), "group", "groups"),
                        (Some(t), _, _) => count(t.groups as usize, "group", "groups"),
                        _ => "the groups".to_string(),
                    }
                ),
                "groups",
                export::all_groups(),
                None,
            ),
            Location::Group(id) => match &self.groups.members.data {
                Some(m) => (
                    format!(
                        "group {id} ({}) with the evidence",
                        count(m.len(), "case", "cases")
                    ),
                    "group",
                    export::members(m.clone()),
                    Some(m.len()),
                ),
                None => return,
            },
            Location::Hubs => match (&self.hubs.slot.data, self.hubs.complete) {
                // The whole list is at hand: written from it, not read again.
                (Some(rows), true) => (
                    format!("all {}", count(rows.len(), "identifier", "identifiers")),
                    "hubs",
                    export::hubs(rows.clone()),
                    Some(rows.len()),
                ),
                _ => (
                    "all the identifiers".to_string(),
                    "hubs",
                    export::all_hubs(),
                    None,
                ),
            },
            Location::Imports => match &self.imports.slot.data {
                Some(d) => (
                    count(d.batches.len(), "batch", "batches"),
                    "batches",
                    export::batches(d.batches.clone()),
                    Some(d.batches.len()),
                ),
                None => return,
            },
            Location::Bulletin => return,
            Location::Stats => match &self.stats.slot.data {
                Some(s) => (
                    count(s.weeks.len(), "week", "weeks"),
                    "weekly",
                    export::weeks(s.weeks.clone()),
                    Some(s.weeks.len()),
                ),
                None => return,
            },
        };
        self.popup = Some(Popup::Export(ExportPopup::new(
            what, stem, masked, build, total,
        )));
    }
}
