//! Whole-app tests: a small fixed database built in a temp dir from a fixture CSV, the
//! app driven by keys exactly as the terminal would send them, and the frame drawn
//! on ratatui's `TestBackend`. Workers really run; a test waits for the message it
//! needs (with a deadline), never for a fixed time.
//!
//! Snapshots (`src/tui/snapshots/`) are checked with insta; `INSTA_UPDATE=no` fails
//! on any difference instead of writing `.snap.new` files.

use std::ops::ControlFlow;
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use casebench::store::Store;

use super::app::App;
use super::event::Msg;
use super::jobs::Jobs;
use super::popups::Popup;
use super::screens::{Location, Tab};
use super::search::CaseSearch;
use super::ui;

#[path = "tests_casework.rs"]
mod casework;

/// Ten reports: one group of three tied by a phone and a card, one of two tied by a
/// card (with a spoofed official number that does not link), a partial card number,
/// escape sequences and a bidi override in a script, an unparseable date, an unknown
/// column, and a row with no report_no (rejected).
const FIXTURE: &str = "\
report_no,reported_at,victim_name,victim_phone,caller_number,receiving_account,amount,scam_type,script,派出所
A1,2026-11-02 09:10,张三丰,13900000001,138 1234 5678,6222020200112233445,12000,冒充京东客服,自称京东客服，称其金条额度异常需要注销,城南派出所
A2,2026-11-03 10:00,李四,13900000002,13812345678,6217001234567890123,1.2万,冒充京东客服,对方称白条额度可以提升，让其下载会议软件共享屏幕,城北派出所
A3,2026-11-04 11:30,王五,13900000003,170 1234 0000,6217001234567890123,\"8,000\",冒充京东客服,称其开通了京东会员需要取消，转账至安全账户,城南派出所
B1,2026-11-05,赵六,13900000004,95118,6228480011223344556,3000,刷单返利,刷单返利兼职，先小后大,新区派出所
B2,2026-11-06,钱七,13900000005,95118,6228480011223344556,4500,刷单返利,做任务返佣金，充值后无法提现,新区派出所
C1,2026-11-07,孙八,13900000006,+855 12 345 678,6228********4556,2500,网络贷款,\"称可办理低息贷款\u{1b}[31m先交保证金\u{1b}[0m，\u{202e}对方账户尾号4556\",城东派出所
,2026-11-08,无名,13900000007,13700000000,6222000000000000000,100,其他,no report number here,城东派出所
E1,不详,周九,13900000008,13611112222,6217850000111122223,600,fake police,Caller claimed to be police and asked for a safe account transfer,城西派出所
F1,2026-11-09,吴十,13900000009,13511113333,6212260000222233334,900,order brushing,Paid for fake orders on a shopping site,城西派出所
G1,2026-11-10,郑十一,13900000010,13411114444,6212260000555566667,70000,虚假投资理财,投资理财平台高收益，无法提现,城北派出所
";

const DEADLINE: Duration = Duration::from_secs(20);

struct Harness {
    dir: tempfile::TempDir,
    app: App,
    rx: Receiver<Msg>,
    term: Terminal<TestBackend>,
}

impl Harness {
    /// The fixture imported into a fresh database; `imports/` holds nothing new.
    fn new(width: u16, height: u16) -> Harness {
        let dir = Harness::fixture();
        Harness::open(dir, width, height)
    }

    fn fixture() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        let week = dir.path().join("imports").join("week-45.csv");
        std::fs::create_dir_all(week.parent().expect("parent")).expect("imports dir");
        std::fs::write(&week, FIXTURE).expect("fixture");
        let db = dir.path().join("test.sqlite");
        {
            let mut store = Store::open(&db).expect("store");
            let reports = casebench::import::import_files(&mut store, &[week], &mut |_| {
                ControlFlow::Continue(())
            });
            assert_eq!(reports.len(), 1);
        }
        dir
    }

    /// The app over the database in `dir` (not started).
    fn open(dir: tempfile::TempDir, width: u16, height: u16) -> Harness {
        let db = dir.path().join("test.sqlite");
        let (tx, rx) = mpsc::channel();
        let store = Store::open(&db).expect("store");
        let search = CaseSearch::spawn(&db, tx.clone()).expect("search");
        let jobs = Jobs::new(&db, &dir.path().join("imports"), tx);
        drop(store);
        let mut app = App::new(&db, jobs, search);
        app.db_label = "test.sqlite".into();
        app.resize(width, height);
        let term = Terminal::new(TestBackend::new(width, height)).expect("terminal");
        Harness { dir, app, rx, term }
    }

    fn started(width: u16, height: u16) -> Harness {
        let h = Harness::new(width, height);
        h.start()
    }

    fn start(self) -> Harness {
        let mut h = self;
        h.app.start();
        h.wait("the totals", |app| app.totals.is_some());
        // Searches are then answered by the index, as the snapshots show.
        h.wait("the search index", |app| app.search_status.is_some());
        h
    }

    fn press(&mut self, code: KeyCode) {
        self.app.on_msg(Msg::Term(Event::Key(KeyEvent::new(
            code,
            KeyModifiers::NONE,
        ))));
    }

    fn ctrl(&mut self, c: char) {
        self.app.on_msg(Msg::Term(Event::Key(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::CONTROL,
        ))));
    }

    fn typed(&mut self, text: &str) {
        for c in text.chars() {
            self.press(KeyCode::Char(c));
        }
    }

    /// Applies the workers' messages until `done` holds (or fails at the deadline).
    fn wait(&mut self, what: &str, done: impl Fn(&App) -> bool) {
        let deadline = Instant::now() + DEADLINE;
        while !done(&self.app) {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(msg) => self.app.on_msg(msg),
                Err(_) => panic!("timed out waiting for {what}"),
            }
        }
    }

    /// Asks for the rows the screen needs and waits for the case list's page.
    fn settle_pages(&mut self) {
        let deadline = Instant::now() + DEADLINE;
        loop {
            self.app.prepare();
            if self.app.cases.page_pending == 0 {
                return;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(msg) => self.app.on_msg(msg),
                Err(_) => panic!("timed out waiting for a page of cases"),
            }
        }
    }

    fn screen(&mut self) -> String {
        self.settle_pages();
        let app = &self.app;
        self.term.draw(|f| ui::draw(f, app)).expect("draw");
        let buf = self.term.backend().buffer();
        let mut out = String::new();
        for y in 0..buf.area.height {
            let mut line = String::new();
            let mut skip = 0;
            for x in 0..buf.area.width {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                let sym = buf[(x, y)].symbol();
                skip = casebench::export::display_width(sym).saturating_sub(1);
                line.push_str(sym);
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        self.fixed_times(out)
    }

    /// `screen` with each batch's import time shown as the fixture's fixed one
    /// (`2026-11-11 08:30:00`, as long as any), so that a snapshot is the same in
    /// every run.
    fn fixed_times(&self, mut screen: String) -> String {
        const FIXED: &str = "2026-11-11 08:30:00";
        let batches = Store::open(&self.db())
            .and_then(|store| casebench::store::queries::batches(&store))
            .unwrap_or_default();
        for b in batches {
            if b.imported_at.len() == FIXED.len() {
                screen = screen.replace(&b.imported_at, FIXED);
                screen = screen.replace(&b.imported_at[..16], &FIXED[..16]);
                // The narrow status line's month, day and time.
                screen = screen.replace(&b.imported_at[5..16], &FIXED[5..16]);
            }
        }
        screen
    }

    fn selected_report_no(&mut self) -> Option<String> {
        self.settle_pages();
        self.app.cases.selected().map(|l| l.report_no.clone())
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("test.sqlite")
    }
}

fn search_done(app: &App) -> bool {
    !app.cases.search.waiting && app.cases.search.page.is_some()
}

#[test]
fn cases_screen_lists_newest_first() {
    let mut h = Harness::started(120, 24);
    assert_eq!(h.app.cases.total, 9);
    assert_eq!(h.selected_report_no().as_deref(), Some("G1"));
    insta::assert_snapshot!("cases", h.screen());
}

#[test]
fn cases_screen_at_80_columns() {
    let mut h = Harness::started(80, 24);
    insta::assert_snapshot!("cases_80x24", h.screen());
}

#[test]
fn data_text_reaches_the_terminal_sanitised() {
    let mut h = Harness::started(120, 24);
    h.press(KeyCode::Char('j'));
    h.press(KeyCode::Down);
    assert_eq!(h.selected_report_no().as_deref(), Some("C1"));
    let screen = h.screen();
    assert!(!screen.contains('\u{1b}'), "{screen}");
    assert!(!screen.contains('\u{202e}'), "{screen}");
    assert!(screen.contains("先交保证金"), "{screen}");
}

#[test]
fn search_a_caller_in_another_format_then_drill_down_follow_and_back() {
    let mut h = Harness::started(120, 32);
    h.press(KeyCode::Char('/'));
    assert!(h.app.cases.typing);
    // q while typing is text, not quit.
    h.typed("q");
    assert!(!h.app.quit);
    h.press(KeyCode::Backspace);
    h.typed("+86 138-1234-5678");
    h.wait("the search results", search_done);
    let hits: Vec<String> = h
        .app
        .cases
        .search
        .page
        .as_ref()
        .map(|p| p.hits.iter().map(|x| x.line.report_no.clone()).collect())
        .unwrap_or_default();
    assert_eq!(hits, ["A2", "A1"]);
    insta::assert_snapshot!("search_results", h.screen());

    h.press(KeyCode::Enter);
    assert!(!h.app.cases.typing);
    assert_eq!(h.selected_report_no().as_deref(), Some("A2"));
    h.press(KeyCode::Enter);
    assert_eq!(h.app.location(), &Location::Detail(Some("A2".into())));
    h.wait("the case detail", |app| app.detail.slot.data.is_some());
    let screen = h.screen();
    assert!(screen.contains("+8613812345678"), "{screen}");
    assert!(screen.contains("G-A1"), "{screen}");
    insta::assert_snapshot!("detail", screen);

    // Follow the link to A3 (tied to A2 by the card).
    let body = h.app.body();
    let lines = super::screens::detail::lines(
        h.app.detail.slot.data.as_ref().expect("detail"),
        false,
        body.width as usize,
    );
    let a3 = lines
        .iter()
        .position(|l| l.target == Some(Location::Detail(Some("A3".into()))))
        .expect("a line leading to A3");
    for _ in 0..a3 {
        h.press(KeyCode::Down);
    }
    h.press(KeyCode::Enter);
    assert_eq!(h.app.location(), &Location::Detail(Some("A3".into())));
    h.wait("A3's detail", |app| {
        app.detail
            .slot
            .data
            .as_ref()
            .is_some_and(|d| d.case.report_no == "A3")
    });
    assert!(h.screen().contains("virtual operator"));

    // Back along the trail: A2, then Cases with the search still there, then cleared.
    h.press(KeyCode::Esc);
    assert_eq!(h.app.location(), &Location::Detail(Some("A2".into())));
    h.wait("A2 again", |app| {
        app.detail
            .slot
            .data
            .as_ref()
            .is_some_and(|d| d.case.report_no == "A2")
    });
    h.press(KeyCode::Esc);
    assert_eq!(h.app.location(), &Location::Cases);
    assert!(h.app.cases.searching());
    h.press(KeyCode::Esc);
    assert!(!h.app.cases.searching());
    assert_eq!(h.selected_report_no().as_deref(), Some("G1"));
    h.press(KeyCode::Char('q'));
    assert!(h.app.quit);
}

#[test]
fn the_search_line_counts_every_match_not_the_page() {
    let mut h = Harness::started(120, 24);
    h.press(KeyCode::Char('/'));
    h.typed("+86 138-1234-5678");
    h.wait("the search results", search_done);
    assert!(h.screen().contains("2 matches (index)"));
    // A common word at a million cases: a page of 200 out of 440,335.
    let mut count = |total: usize, at_least: bool| {
        if let Some(page) = h.app.cases.search.page.as_mut() {
            page.total = total;
            page.at_least = at_least;
        }
        h.screen()
    };
    assert!(count(440_335, false).contains("440,335 matches (index)"));
    // The fuzzy pass skipped once contiguous matches filled the page.
    assert!(count(440_335, true).contains("440,335+ matches (index)"));
}

#[test]
fn partial_numbers_show_as_possible_links() {
    let mut h = Harness::started(120, 40);
    h.app.open(Location::Detail(Some("C1".into())));
    h.wait("C1 and its possible links", |app| {
        app.detail
            .slot
            .data
            .as_ref()
            .is_some_and(|d| d.possible.is_some())
    });
    let screen = h.screen();
    assert!(screen.contains("Possible links"), "{screen}");
    assert!(screen.contains("in B1"), "{screen}");
    assert!(!screen.contains('\u{1b}'));
}

#[test]
fn victim_data_is_masked_until_m() {
    let mut h = Harness::started(120, 32);
    h.app.open(Location::Detail(Some("A1".into())));
    h.wait("A1", |app| app.detail.slot.data.is_some());
    let screen = h.screen();
    assert!(screen.contains("张**"), "{screen}");
    assert!(!screen.contains("13900000001"), "{screen}");
    h.press(KeyCode::Char('m'));
    let screen = h.screen();
    assert!(screen.contains("张三丰"), "{screen}");
    assert!(screen.contains("13900000001"), "{screen}");
}

#[test]
fn groups_and_their_members() {
    let mut h = Harness::started(120, 24);
    h.press(KeyCode::Char('3'));
    h.wait("the groups", |app| app.groups.list.data.is_some());
    insta::assert_snapshot!("groups", h.screen());
    h.press(KeyCode::Enter);
    assert_eq!(h.app.location(), &Location::Group("G-A1".into()));
    h.wait("the members", |app| app.groups.members.data.is_some());
    insta::assert_snapshot!("group_members", h.screen());
    h.press(KeyCode::Char('G'));
    h.press(KeyCode::Enter);
    assert_eq!(h.app.location(), &Location::Detail(Some("A3".into())));
    h.press(KeyCode::Esc);
    h.press(KeyCode::Esc);
    assert_eq!(h.app.location(), &Location::Groups);
}

#[test]
fn hubs_ignore_asks_a_reason_and_regroups() {
    let mut h = Harness::started(120, 24);
    h.press(KeyCode::Char('4'));
    h.wait("the hubs", |app| app.hubs.slot.data.is_some());
    insta::assert_snapshot!("hubs", h.screen());
    while h.app.hubs.selected().map(|x| x.identifier.as_str()) != Some("+8613812345678") {
        let before = h.app.hubs.cursor.selected;
        h.press(KeyCode::Char('j'));
        assert_ne!(before, h.app.hubs.cursor.selected, "phone not in the hubs");
    }
    h.press(KeyCode::Char('x'));
    assert!(matches!(h.app.popup, Some(Popup::Ignore(_))));
    h.press(KeyCode::Enter); // no reason yet: refused
    assert!(matches!(h.app.popup, Some(Popup::Ignore(_))));
    h.typed("shared test line");
    insta::assert_snapshot!("ignore_popup", h.screen());
    h.press(KeyCode::Enter);
    assert!(h.app.popup.is_none());
    h.wait("the ignore and the new hubs", |app| {
        app.hubs.slot.pending == 0
            && !app.hubs.slot.stale
            && app.hubs.slot.data.as_ref().is_some_and(|rows| {
                rows.iter()
                    .any(|r| r.status == casebench::link::report::HubStatus::Ignored)
            })
    });
    let store = Store::open(&h.db()).expect("store");
    let log = casebench::link::ignore::log(&store, Some("+8613812345678")).expect("log");
    assert_eq!(log.last().map(|e| e.action.as_str()), Some("ignore"));
    // The Hubs screen says why, who and when.
    let screen = h.screen();
    assert!(screen.contains("ignored: shared test line ("), "{screen}");
    // A1 was tied to the group by that phone only.
    let a1 = casebench::link::report::find_case(store.connection(), "A1").expect("A1");
    assert!(matches!(a1, Some((_, None))), "{a1:?}");
    h.press(KeyCode::Char('3'));
    h.wait("the groups again", |app| {
        app.groups.list.pending == 0 && app.groups.list.data.is_some()
    });
    let screen = h.screen();
    assert!(screen.contains("G-A2"), "{screen}");
}

#[test]
fn export_writes_what_is_on_screen() {
    let mut h = Harness::started(120, 24);
    h.press(KeyCode::Char('3'));
    h.wait("the groups", |app| app.groups.list.data.is_some());
    h.press(KeyCode::Enter);
    h.wait("the members", |app| app.groups.members.data.is_some());
    h.press(KeyCode::Char('e'));
    assert!(matches!(h.app.popup, Some(Popup::Export(_))));
    let out = h.dir.path().join("out").join("group.csv");
    h.ctrl('u');
    h.typed(&out.display().to_string());
    h.press(KeyCode::Enter);
    h.wait("the export", |app| {
        app.toast.as_deref().is_some_and(|t| t.starts_with("wrote"))
    });
    let text = std::fs::read_to_string(&out).expect("export written");
    assert!(
        text.starts_with("\u{feff}group_id,group_size,report_no"),
        "{text}"
    );
    assert_eq!(text.lines().count(), 4, "{text}");

    // Tab switches to xlsx; the whole case list, masked.
    h.press(KeyCode::Char('1'));
    h.press(KeyCode::Char('e'));
    let out = h.dir.path().join("out").join("cases.csv");
    h.ctrl('u');
    h.typed(&out.display().to_string());
    h.press(KeyCode::Tab);
    h.press(KeyCode::Enter);
    h.wait("the xlsx export", |app| {
        app.toast
            .as_deref()
            .is_some_and(|t| t.starts_with("wrote 9 rows"))
    });
    let bytes = std::fs::read(out.with_extension("xlsx")).expect("xlsx written");
    assert!(bytes.starts_with(b"PK"));
}

#[test]
fn search_results_export_and_proposed_path() {
    let mut h = Harness::started(120, 24);
    h.press(KeyCode::Char('/'));
    h.typed("白条");
    h.wait("results", search_done);
    h.press(KeyCode::Enter);
    h.press(KeyCode::Char('e'));
    match &h.app.popup {
        Some(Popup::Export(p)) => {
            assert!(
                p.path.text().starts_with("exports/search-"),
                "{}",
                p.path.text()
            );
            assert!(p.what.contains("all 1 result of"), "{}", p.what);
        }
        _ => panic!("no export popup"),
    }
    h.press(KeyCode::Esc);
    assert!(h.app.popup.is_none());
}

#[test]
fn imports_screen_imports_new_files_with_progress_and_summary() {
    let mut h = Harness::started(120, 30);
    h.press(KeyCode::Char('5'));
    h.wait("the imports", |app| app.imports.slot.data.is_some());
    insta::assert_snapshot!("imports", h.screen());
    let mut more = String::from(
        "report_no,reported_at,caller_number,receiving_account,amount,scam_type,script\n",
    );
    more.push_str("H1,2026-11-12,13812345678,6200000000111122223,500,冒充京东客服,又是那个号码\n");
    std::fs::write(h.dir.path().join("imports").join("week-46.csv"), more).expect("new file");
    h.press(KeyCode::Char('i'));
    assert!(h.app.imports.run.is_some());
    h.wait("the import", |app| app.imports.run.is_none());
    match &h.app.popup {
        Some(Popup::Message(m)) => {
            assert_eq!(
                m.lines[..3],
                [
                    "1 new case from 1 file",
                    "1 of them hit identifiers already known",
                    "groups: 0 new, 1 grew, 0 merged"
                ],
                "{:?}",
                m.lines
            )
        }
        _ => panic!("no summary"),
    }
    // The count follows with the totals, read again after the import.
    h.wait("the new count", |app| app.cases.total == 10);
    h.press(KeyCode::Char('x')); // any key closes the summary
    assert!(h.app.popup.is_none());
}

#[test]
fn first_run_imports_the_sample_and_opens_cases() {
    let dir = tempfile::tempdir().expect("temp dir");
    let sample = dir.path().join("imports").join("sample");
    std::fs::create_dir_all(&sample).expect("sample dir");
    std::fs::write(sample.join("batch-01.csv"), FIXTURE).expect("sample");
    let mut h = Harness::open(dir, 100, 30);
    h.press(KeyCode::Char('5'));
    h.app.start();
    // Decided on the worker's totals (no batch, no case), not on the UI thread.
    assert!(h.app.imports.run.is_none());
    h.wait("the first totals", |app| app.imports.run.is_some());
    h.wait("the sample import", |app| {
        app.imports.run.is_none() && app.totals.as_ref().is_some_and(|t| t.cases == 9)
    });
    assert_eq!(h.app.location(), &Location::Cases);
    assert_eq!(h.app.cases.total, 9);
    assert!(matches!(h.app.popup, Some(Popup::Message(_))));
}

#[test]
fn stats_screen() {
    let mut h = Harness::started(120, 30);
    h.press(KeyCode::Char('6'));
    h.wait("the stats", |app| app.stats.slot.data.is_some());
    insta::assert_snapshot!("stats", h.screen());
}

/// The week's review from the Bulletin: j moves the cursor to a new group's line,
/// `t` tags that group, Enter opens it; a line that names nothing opens nothing.
#[test]
fn a_group_of_the_bulletin_is_tagged_and_opened_from_its_line() {
    let mut h = Harness::started(120, 40);
    h.press(KeyCode::Char('7'));
    h.wait("the bulletin", |app| app.bulletin.slot.data.is_some());
    h.press(KeyCode::Char('['));
    h.wait("the week before", |app| {
        app.bulletin.slot.pending == 0
            && app
                .bulletin
                .slot
                .data
                .as_ref()
                .is_some_and(|b| b.period.name() == "2026-W45")
    });
    assert_eq!(h.app.bulletin.picked(), None, "the first line is a heading");
    h.press(KeyCode::Enter);
    assert_eq!(h.app.location(), &Location::Bulletin);
    let mut steps = 0;
    while !matches!(
        h.app.bulletin.picked(),
        Some(super::screens::bulletin::Pick::Group(_))
    ) {
        h.press(KeyCode::Char('j'));
        steps += 1;
        assert!(steps < 80, "no group line in the bulletin");
    }
    let Some(super::screens::bulletin::Pick::Group(id)) = h.app.bulletin.picked() else {
        unreachable!()
    };
    h.press(KeyCode::Char('t'));
    assert!(matches!(h.app.popup, Some(Popup::Tags(_))));
    assert!(
        h.screen().contains(&format!("Tags of group {id}")),
        "{}",
        h.screen()
    );
    h.press(KeyCode::Esc);
    h.press(KeyCode::Enter);
    assert_eq!(h.app.location(), &Location::Group(id));
}

/// The Bulletin view (7): the fixture's latest complete week against the week
/// before, read on a worker; `[` shows the week before, `e` writes it as HTML.
#[test]
fn bulletin_screen() {
    let mut h = Harness::started(120, 40);
    h.press(KeyCode::Char('7'));
    assert_eq!(h.app.tab(), Tab::Bulletin);
    h.wait("the bulletin", |app| app.bulletin.slot.data.is_some());
    let b = h.app.bulletin.slot.data.as_ref().expect("bulletin");
    assert_eq!(b.period.name(), "2026-W46");
    let screen = h.screen();
    // Victims masked: the week's largest loss is 郑十一's.
    assert!(!screen.contains("郑十一"), "{screen}");
    assert!(screen.contains("郑**"), "{screen}");
    insta::assert_snapshot!("bulletin", screen);

    h.press(KeyCode::Char('['));
    h.wait("the week before", |app| {
        app.bulletin.slot.pending == 0
            && app
                .bulletin
                .slot
                .data
                .as_ref()
                .is_some_and(|b| b.period.name() == "2026-W45")
    });
    // The week the fixture's two groups were made, with their evidence.
    let screen = h.screen();
    assert!(
        screen.contains("Groups: 2 new, 0 grew, 0 merged"),
        "{screen}"
    );
    insta::assert_snapshot!("bulletin_week_before", screen);

    // e proposes the week's HTML file; Tab goes on to Markdown.
    h.press(KeyCode::Char('e'));
    match &h.app.popup {
        Some(Popup::Export(p)) => {
            assert_eq!(p.path.text(), "exports/bulletin-2026-W45.html");
        }
        _ => panic!("no export popup"),
    }
    let out = h.dir.path().join("out").join("week.html");
    h.ctrl('u');
    h.typed(&out.display().to_string());
    h.press(KeyCode::Tab);
    h.press(KeyCode::Enter);
    h.wait("the export", |app| {
        app.toast.as_deref().is_some_and(|t| t.starts_with("wrote"))
    });
    let md = std::fs::read_to_string(out.with_extension("md")).expect("markdown written");
    assert!(
        md.starts_with("# 警情通报 Weekly bulletin — 2026-W45 (2026-11-02 – 2026-11-08)"),
        "{md}"
    );
    // Masked: 张三丰 is 张**.
    assert!(!md.contains("张三丰") && md.contains("张\\*\\*"), "{md}");
}

/// `F` on Hubs writes the freeze list from the keyboard: every account not yet
/// tagged 已止付, as `hubs --kind account --untagged 已止付` lists them.
#[test]
fn the_freeze_list_is_exported_from_the_hubs_screen() {
    let mut h = Harness::started(120, 32);
    h.press(KeyCode::Char('4'));
    h.wait("the hubs", |app| app.hubs.slot.data.is_some());
    let accounts = |store: &Store, untagged: Option<&str>| -> Vec<String> {
        let tags = casebench::link::report::TagFilter {
            tagged: None,
            untagged: untagged.map(str::to_string),
        };
        casebench::link::report::hubs_by_tag(
            store.connection(),
            Some(casebench::link::report::HubKind::Account),
            1000,
            &tags,
        )
        .expect("hubs")
        .into_iter()
        .map(|h| h.identifier)
        .collect()
    };
    let store = Store::open(&h.db()).expect("store");
    let all = accounts(&store, None);
    assert!(all.len() >= 2, "{all:?}");
    let stopped = casebench::casework::Named::Identifier {
        kind: "card".into(),
        value: all[0].clone(),
    };
    let mut writer = Store::open(&h.db()).expect("store");
    casebench::casework::set_tag(
        &mut writer,
        &casebench::casework::TagList::built_in(),
        &stopped,
        "已止付",
        "test",
        false,
    )
    .expect("tag");
    let expected = accounts(&store, Some("已止付"));
    assert_eq!(expected.len(), all.len() - 1);

    h.press(KeyCode::Char('F'));
    match &h.app.popup {
        Some(Popup::Export(p)) => {
            assert!(
                p.path.text().starts_with("exports/to-freeze-"),
                "{}",
                p.path.text()
            );
            assert!(p.path.text().ends_with(".xlsx"), "{}", p.path.text());
        }
        _ => panic!("no export popup"),
    }
    let out = h.dir.path().join("out").join("freeze.csv");
    h.ctrl('u');
    h.typed(&out.display().to_string());
    h.press(KeyCode::Enter);
    h.wait("the export", |app| {
        app.toast.as_deref().is_some_and(|t| t.starts_with("wrote"))
    });
    let written = std::fs::read_to_string(&out).expect("freeze list written");
    let listed: Vec<&str> = written
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').nth(1))
        .collect();
    assert_eq!(listed, expected);
    assert!(
        written.lines().next().is_some_and(|l| l.contains("bank")),
        "{written}"
    );
}

/// The Stats charts over a database whose first contacts have times: the hour chart
/// is drawn, and the day, band and weekly charts count what the rows say.
#[test]
fn stats_charts_with_times_of_first_contact() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("timed.csv");
    let mut csv = String::from("report_no,reported_at,occurred_at,amount,scam_type,script\n");
    // Three weeks; first contact on Mondays at 09:xx and a Saturday night at 22:xx.
    for (i, (reported, occurred, amount)) in [
        ("2026-11-09", "2026-11-09 09:05", 500),
        ("2026-11-10", "2026-11-09 09:40", 3000),
        ("2026-11-17", "2026-11-16 09:15", 20000),
        ("2026-11-23", "2026-11-21 22:30", 80000),
        ("2026-11-24", "2026-11-21 22:10", 1500000),
    ]
    .iter()
    .enumerate()
    {
        csv.push_str(&format!(
            "T{i},{reported},{occurred},{amount},刷单返利,刷单返利兼职\n"
        ));
    }
    std::fs::write(&file, csv).expect("fixture");
    {
        let mut store = Store::open(&dir.path().join("test.sqlite")).expect("store");
        let reports =
            casebench::import::import_files(
                &mut store,
                &[file],
                &mut |_| ControlFlow::Continue(()),
            );
        assert_eq!(reports.len(), 1);
    }
    let mut h = Harness::open(dir, 120, 30).start();
    h.press(KeyCode::Char('6'));
    h.wait("the stats", |app| app.stats.slot.data.is_some());
    let data = h.app.stats.slot.data.as_ref().expect("stats");
    assert_eq!(data.contact.timed, 5);
    assert_eq!((data.contact.hours[9], data.contact.hours[22]), (3, 2));
    assert_eq!(data.contact.weekdays, [3, 0, 0, 0, 0, 2, 0]);
    let bands: Vec<i64> = data.bands.iter().map(|b| b.cases).collect();
    assert_eq!(bands, [1, 1, 1, 1, 0, 0, 1]);
    insta::assert_snapshot!("stats_timed", h.screen());
}

#[test]
fn help_lists_the_keys_of_the_screen() {
    let mut h = Harness::started(120, 32);
    h.press(KeyCode::Char('4'));
    h.wait("the hubs", |app| app.hubs.slot.data.is_some());
    h.press(KeyCode::Char('?'));
    let screen = h.screen();
    assert!(
        screen.contains("ignore the selected identifier"),
        "{screen}"
    );
    insta::assert_snapshot!("help_hubs", screen);
    h.press(KeyCode::Char('q')); // closes the help, does not quit
    assert!(h.app.popup.is_none());
    assert!(!h.app.quit);
}

#[test]
fn tabs_cycle_and_too_small_says_so() {
    let mut h = Harness::started(120, 24);
    for tab in [
        Tab::Detail,
        Tab::Groups,
        Tab::Hubs,
        Tab::Imports,
        Tab::Stats,
        Tab::Bulletin,
        Tab::Cases,
    ] {
        h.press(KeyCode::Tab);
        assert_eq!(h.app.tab(), tab);
    }
    h.press(KeyCode::BackTab);
    assert_eq!(h.app.tab(), Tab::Bulletin);
    h.app.on_msg(Msg::Term(Event::Resize(50, 10)));
    h.term.backend_mut().resize(50, 10);
    insta::assert_snapshot!("too_small", h.screen());
}

#[test]
fn ctrl_c_quits_even_while_typing() {
    let mut h = Harness::started(120, 24);
    h.press(KeyCode::Char('/'));
    h.ctrl('c');
    assert!(h.app.quit);
}

#[test]
fn paging_keys_move_through_the_list() {
    let mut h = Harness::started(120, 12);
    h.press(KeyCode::Char('G'));
    assert_eq!(h.selected_report_no().as_deref(), Some("E1")); // undated: last
    h.press(KeyCode::Char('g'));
    assert_eq!(h.selected_report_no().as_deref(), Some("G1"));
    h.press(KeyCode::PageDown);
    assert!(h.app.cases.cursor.selected > 0);
    h.screen();
}

/// Pairs of cases sharing a phone: 2,100 groups, 6,300 identifiers (2,100 phones,
/// 4,200 cards), 4,200 cases whose scripts all hold 安全账户 — longer than every
/// limit the lists once had (200 search results, 2,000 groups and hubs).
const LONG_PAIRS: usize = 2100;

fn long_fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let imports = dir.path().join("imports");
    std::fs::create_dir_all(&imports).expect("imports dir");
    let mut csv = String::from(
        "report_no,reported_at,caller_number,receiving_account,amount,scam_type,script\n",
    );
    for i in 0..2 * LONG_PAIRS {
        // One minute apart, oldest first: R00000 is the oldest.
        let (day, hour, minute) = (1 + i / 1440, (i / 60) % 24, i % 60);
        csv.push_str(&format!(
            "R{i:05},2026-01-{day:02} {hour:02}:{minute:02},1390{:07},6222{i:015},100,刷单返利,对方自称客服要求转账到安全账户\n",
            i / 2
        ));
    }
    let file = imports.join("long.csv");
    std::fs::write(&file, csv).expect("fixture");
    let db = dir.path().join("test.sqlite");
    let mut store = Store::open(&db).expect("store");
    let reports =
        casebench::import::import_files(&mut store, &[file], &mut |_| ControlFlow::Continue(()));
    assert_eq!(reports.len(), 1);
    dir
}

impl Harness {
    /// Asks for the rows the Cases screen needs and applies the workers' replies
    /// until the selected row is at hand.
    fn settle_cases(&mut self) -> String {
        let deadline = Instant::now() + DEADLINE;
        loop {
            self.app.prepare();
            if let Some(l) = self.app.cases.selected()
                && !self.app.cases.search.to_end
            {
                return l.report_no.clone();
            }
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(msg) => self.app.on_msg(msg),
                Err(_) => panic!("timed out waiting for the selected row"),
            }
        }
    }

    /// `e`, the file name, Enter; waits for the export and returns its rows (the
    /// CSV's lines after the header).
    fn export_csv(&mut self, name: &str) -> Vec<String> {
        self.press(KeyCode::Char('e'));
        assert!(matches!(self.app.popup, Some(Popup::Export(_))));
        let out = self.dir.path().join("out").join(name);
        self.ctrl('u');
        self.typed(&out.display().to_string());
        self.press(KeyCode::Enter);
        self.wait("the export", |app| {
            app.exporting.is_none() && app.toast.as_deref().is_some_and(|t| t.starts_with("wrote"))
        });
        let text = std::fs::read_to_string(&out).expect("export written");
        text.lines().skip(1).map(str::to_string).collect()
    }
}

#[test]
fn more_than_2000_groups_and_hubs_scroll_to_the_last_and_export_whole() {
    let mut h = Harness::open(long_fixture(), 120, 24).start();
    h.press(KeyCode::Char('3'));
    // G before the list is read: the selection goes to the end once all of it is.
    h.press(KeyCode::Char('G'));
    h.wait("every group", |app| {
        app.groups.complete && app.groups.list.pending == 0
    });
    let groups = h.app.groups.list.data.clone().unwrap_or_default();
    assert_eq!(groups.len(), LONG_PAIRS);
    assert_eq!(h.app.groups.cursor.selected, LONG_PAIRS - 1);
    let last = &groups[LONG_PAIRS - 1].group_id;
    let screen = h.screen();
    assert!(
        screen.contains("2,100 linked-case groups by size"),
        "{screen}"
    );
    assert!(
        screen.contains(last.as_str()),
        "{last} not shown:\n{screen}"
    );
    // The export holds every member of every group, as `links -o` does.
    let rows = h.export_csv("groups.csv");
    assert_eq!(rows.len(), 2 * LONG_PAIRS);
    assert!(rows.iter().any(|r| r.contains(last.as_str())));

    h.press(KeyCode::Char('4'));
    h.wait("every identifier", |app| {
        app.hubs.complete && app.hubs.slot.pending == 0
    });
    let hubs = h.app.hubs.slot.data.clone().unwrap_or_default();
    assert_eq!(hubs.len(), 3 * LONG_PAIRS);
    h.press(KeyCode::End);
    assert_eq!(h.app.hubs.cursor.selected, 3 * LONG_PAIRS - 1);
    let screen = h.screen();
    let last = &hubs[3 * LONG_PAIRS - 1].identifier;
    assert!(
        screen.contains(last.as_str()),
        "{last} not shown:\n{screen}"
    );
    let rows = h.export_csv("hubs.csv");
    assert_eq!(rows.len(), 3 * LONG_PAIRS);
    // Asked before the whole list is at hand, the export reads it again: the same.
    let again = h.dir.path().join("out").join("hubs-again.csv");
    let store = Store::open(&h.db()).expect("store");
    let written = (super::export::all_hubs())(&store, &again, &mut |_| {}).expect("export");
    assert_eq!(written, 3 * LONG_PAIRS);
    let text = std::fs::read_to_string(&again).expect("written");
    assert_eq!(text.lines().skip(1).collect::<Vec<_>>(), rows);
}

#[test]
fn more_than_200_matches_scroll_to_the_last_and_export_whole() {
    let mut h = Harness::open(long_fixture(), 120, 24).start();
    h.press(KeyCode::Char('/'));
    h.typed("安全账户");
    h.wait("results", search_done);
    h.press(KeyCode::Enter);
    assert_eq!(h.settle_cases(), "R04199"); // the newest first
    // Page by page past the first 200: every row arrives as it is reached.
    for _ in 0..20 {
        h.press(KeyCode::PageDown);
        h.settle_cases();
    }
    let at = h.app.cases.search.cursor.selected;
    assert!(at > 200, "{at}");
    assert_eq!(h.settle_cases(), format!("R{:05}", 2 * LONG_PAIRS - 1 - at));
    // G goes to the last match, counted exactly.
    h.press(KeyCode::Char('G'));
    assert_eq!(h.settle_cases(), "R00000");
    let page = h.app.cases.search.page.as_ref().expect("a page");
    assert_eq!((page.total, page.at_least), (2 * LONG_PAIRS, false));
    assert_eq!(h.app.cases.search.cursor.selected, 2 * LONG_PAIRS - 1);
    let screen = h.screen();
    assert!(screen.contains("4,200 matches (index)"), "{screen}");
    assert!(screen.contains("R00000"), "{screen}");
    // The export holds every match, ranked.
    let rows = h.export_csv("search.csv");
    assert_eq!(rows.len(), 2 * LONG_PAIRS);
    // Written a chunk of the ranking at a time: every rank once, in order.
    for (i, row) in rows.iter().enumerate() {
        assert!(
            row.starts_with(&format!("{},R{:05},", i + 1, 2 * LONG_PAIRS - 1 - i)),
            "{row}"
        );
    }
    assert!(rows[0].starts_with("1,R04199,"), "{}", rows[0]);
    assert!(
        rows[2 * LONG_PAIRS - 1].starts_with("4200,R00000,"),
        "{}",
        rows[2 * LONG_PAIRS - 1]
    );
}

#[test]
fn enter_on_a_hub_lists_its_cases_and_esc_goes_back() {
    let mut h = Harness::started(120, 24);
    h.press(KeyCode::Char('4'));
    h.wait("the hubs", |app| app.hubs.slot.data.is_some());
    assert_eq!(h.app.trail.len(), 1, "a screen switch is not an Esc step");
    let hub = h.app.hubs.selected().expect("a hub").identifier.clone();
    assert_eq!(hub, "+8613812345678");
    h.press(KeyCode::Enter);
    assert_eq!(h.app.location(), &Location::Search(hub.clone()));
    h.wait("its cases", search_done);
    let found: Vec<String> = h
        .app
        .cases
        .search
        .page
        .as_ref()
        .map(|p| p.hits.iter().map(|x| x.line.report_no.clone()).collect())
        .unwrap_or_default();
    assert_eq!(found, ["A2", "A1"]);
    h.press(KeyCode::Esc);
    assert_eq!(h.app.location(), &Location::Hubs);
    assert!(!h.app.cases.searching());
    h.press(KeyCode::Esc);
    assert_eq!(h.app.location(), &Location::Hubs, "the trail starts here");
}

#[test]
fn help_wraps_and_scrolls_in_a_small_window() {
    let mut h = Harness::started(60, 14);
    h.press(KeyCode::Char('?'));
    let screen = h.screen();
    assert!(screen.contains("lines 1-"), "{screen}");
    assert!(!screen.contains("this help"), "{screen}");
    for _ in 0..40 {
        h.press(KeyCode::Char('j'));
    }
    let screen = h.screen();
    // The last lines: the help of ? and q, wrapped, not cut.
    assert!(screen.contains("this help"), "{screen}");
    assert!(screen.contains("quit (Ctrl-C too, even while"), "{screen}");
    assert!(matches!(h.app.popup, Some(Popup::Help(_))));
    h.press(KeyCode::Char('x'));
    assert!(h.app.popup.is_none());
}

#[test]
fn long_report_numbers_are_never_cut() {
    let dir = tempfile::tempdir().expect("temp dir");
    let imports = dir.path().join("imports");
    std::fs::create_dir_all(&imports).expect("imports dir");
    let file = imports.join("long-numbers.csv");
    std::fs::write(
        &file,
        "report_no,reported_at,caller_number,receiving_account,amount,scam_type,script\n\
         A4114261115002931,2026-11-02,13812345678,6222020200112233445,100,刷单返利,对方要求转账到安全账户，并称可以办理低息贷款先交保证金\n",
    )
    .expect("fixture");
    let db = dir.path().join("test.sqlite");
    let mut store = Store::open(&db).expect("store");
    casebench::import::import_files(&mut store, &[file], &mut |_| ControlFlow::Continue(()));
    drop(store);
    for width in [140, 80] {
        let mut h = Harness::open(
            {
                let copy = tempfile::tempdir().expect("temp dir");
                std::fs::copy(&db, copy.path().join("test.sqlite")).expect("copy");
                copy
            },
            width,
            24,
        )
        .start();
        let screen = h.screen();
        assert!(screen.contains("A4114261115002931 "), "{width}:\n{screen}");
    }
}

#[test]
fn a_victims_phone_is_found_only_once_unmasked() {
    let mut h = Harness::started(120, 24);
    h.press(KeyCode::Char('/'));
    h.typed("13900000001");
    h.wait("results", search_done);
    let found = |h: &Harness| {
        h.app
            .cases
            .search
            .page
            .as_ref()
            .map(|p| {
                p.hits
                    .iter()
                    .map(|x| x.line.report_no.clone())
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    assert!(found(&h).is_empty(), "{:?}", found(&h));
    h.press(KeyCode::Esc); // leaves the box, keeps the query
    h.press(KeyCode::Char('m'));
    h.wait("the results unmasked", search_done);
    assert_eq!(found(&h), ["A1"]);
}

#[test]
fn enter_on_an_identifier_line_lists_its_cases() {
    let mut h = Harness::started(120, 40);
    while h.selected_report_no().as_deref() != Some("A3") {
        h.press(KeyCode::Char('j'));
    }
    h.press(KeyCode::Enter);
    h.wait("the case detail", |app| app.detail.slot.data.is_some());
    let data = h.app.detail.slot.data.as_ref().expect("detail");
    let lines = super::screens::detail::lines(data, false, 120);
    let at = lines
        .iter()
        .position(|l| l.target == Some(Location::Search("6217001234567890123".into())))
        .expect("the card's line leads to its cases");
    while h.app.detail.cursor.selected < at {
        h.press(KeyCode::Char('j'));
    }
    h.press(KeyCode::Enter);
    h.wait("its cases", search_done);
    let found: Vec<String> = h
        .app
        .cases
        .search
        .page
        .as_ref()
        .map(|p| p.hits.iter().map(|x| x.line.report_no.clone()).collect())
        .unwrap_or_default();
    assert_eq!(found, ["A3", "A2"]);
    h.press(KeyCode::Esc);
    assert_eq!(h.app.location(), &Location::Detail(Some("A3".into())));
}

#[test]
fn the_first_frame_counts_before_it_says_there_are_no_cases() {
    let mut h = Harness::new(120, 24);
    let screen = h.screen();
    assert!(screen.contains("counting the cases..."), "{screen}");
    assert!(!screen.contains("no cases yet"), "{screen}");
    let mut h = h.start();
    assert!(h.screen().contains("9 cases, newest first"));
}

/// Selects the hub `value` on the Hubs screen (which must be open and loaded).
fn select_hub(h: &mut Harness, value: &str) {
    while h.app.hubs.selected().map(|x| x.identifier.as_str()) != Some(value) {
        let before = h.app.hubs.cursor.selected;
        h.press(KeyCode::Char('j'));
        assert_ne!(
            before, h.app.hubs.cursor.selected,
            "{value} not in the hubs"
        );
    }
}

fn hub_status(app: &App, value: &str) -> Option<casebench::link::report::HubStatus> {
    let rows = app.hubs.slot.data.as_ref()?;
    Some(rows.iter().find(|r| r.identifier == value)?.status)
}

#[test]
fn the_workbench_notices_another_programs_import_and_ignore() {
    let mut h = Harness::started(120, 30);
    h.wait("the change watcher", |app| app.watching);
    h.press(KeyCode::Char('4'));
    h.wait("the hubs", |app| app.hubs.slot.data.is_some());
    let phone = "+8613812345678";
    assert_eq!(
        hub_status(&h.app, phone),
        Some(casebench::link::report::HubStatus::Linked)
    );
    let before = h.app.totals.as_ref().map(|t| t.cases);

    // Another program (the CLI) imports two cases while the workbench is open.
    let week = h.dir.path().join("week-46.csv");
    std::fs::write(
        &week,
        "report_no,reported_at,caller_number,receiving_account,amount,scam_type,script\n\
         H1,2026-11-12,13812345678,6200000000111122223,500,冒充京东客服,又是那个号码\n\
         H2,2026-11-13,13300001111,6200000000999988887,700,刷单返利,夜光手表兼职\n",
    )
    .expect("new file");
    {
        let mut other = Store::open(&h.db()).expect("second connection");
        let reports =
            casebench::import::import_files(
                &mut other,
                &[week],
                &mut |_| ControlFlow::Continue(()),
            );
        assert_eq!(reports.len(), 1);
    }
    // Nothing is read again until the timer (or a key) asks.
    assert_eq!(h.app.totals.as_ref().map(|t| t.cases), before);
    h.app.on_msg(Msg::Tick);
    h.wait("the new count", |app| {
        app.totals.as_ref().map(|t| t.cases) == before.map(|c| c + 2)
    });
    let toast = h.app.toast.clone().unwrap_or_default();
    assert!(
        toast.contains("changed by another program: 2 new cases"),
        "{toast}"
    );
    assert!(h.screen().contains("2 new cases"));
    assert_eq!(h.app.cases.total as i64, before.unwrap_or(0) + 2);

    // The search index took in the new case.
    h.press(KeyCode::Char('1'));
    h.press(KeyCode::Char('/'));
    h.typed("夜光手表");
    h.wait("the search", search_done);
    let hits: Vec<String> = h.app.cases.search.page.as_ref().map_or(Vec::new(), |p| {
        p.hits.iter().map(|x| x.line.report_no.clone()).collect()
    });
    assert_eq!(hits, ["H2"]);
    h.press(KeyCode::Esc);

    // Another program ignores the shared phone: the Hubs screen says so.
    h.press(KeyCode::Char('4'));
    h.wait("the hubs again", |app| {
        app.hubs.slot.pending == 0 && !app.hubs.slot.stale
    });
    {
        let mut other = Store::open(&h.db()).expect("second connection");
        casebench::link::ignore::set_ignored(&mut other, phone, "shared line", "cli", false)
            .expect("ignore");
    }
    h.app.on_msg(Msg::Tick);
    h.wait("the phone shown as ignored", |app| {
        app.hubs.slot.pending == 0
            && hub_status(app, phone) == Some(casebench::link::report::HubStatus::Ignored)
    });
    let screen = h.screen();
    assert!(screen.contains("ignored: shared line ("), "{screen}");
}

#[test]
fn a_failed_ignore_says_why_and_can_be_tried_again() {
    let mut h = Harness::started(120, 30);
    // The identifiers made read-only, as a read-only file or another's lock would.
    casebench::store::testing::refuse_identifier_updates(&Store::open(&h.db()).expect("store"))
        .expect("trigger");
    h.press(KeyCode::Char('4'));
    h.wait("the hubs", |app| app.hubs.slot.data.is_some());
    let phone = "+8613812345678";
    select_hub(&mut h, phone);
    h.press(KeyCode::Char('x'));
    h.typed("shared test line");
    h.press(KeyCode::Enter);
    assert!(h.app.ignoring.is_some());
    h.wait("the ignore's answer", |app| app.ignoring.is_none());
    match &h.app.popup {
        Some(Popup::Message(m)) => {
            assert_eq!(m.title, "Ignore failed");
            assert!(
                m.lines.join(" ").contains("the identifiers are read-only"),
                "{:?}",
                m.lines
            );
        }
        _ => panic!("no message for the failed ignore"),
    }
    let screen = h.screen();
    assert!(screen.contains("the identifiers are read-only"), "{screen}");
    h.press(KeyCode::Enter); // closes the message
    assert!(!h.screen().contains("recomputing the groups"));

    // The cause gone, the same action works.
    casebench::store::testing::allow_identifier_updates(&Store::open(&h.db()).expect("store"))
        .expect("drop trigger");
    h.press(KeyCode::Char('x'));
    assert!(matches!(h.app.popup, Some(Popup::Ignore(_))));
    h.typed("shared test line");
    h.press(KeyCode::Enter);
    h.wait("the ignore and the new hubs", |app| {
        app.ignoring.is_none()
            && app.hubs.slot.pending == 0
            && hub_status(app, phone) == Some(casebench::link::report::HubStatus::Ignored)
    });
    assert!(h.app.popup.is_none());
}

#[test]
fn another_programs_lock_is_explained_not_named() {
    let busy = casebench::Error::Db(rusqlite::Error::SqliteFailure(
        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
        Some("database is locked".into()),
    ));
    let text = super::jobs::failure(&busy);
    assert!(text.contains("another program is writing"), "{text}");
    assert!(!text.contains("locked"), "{text}");
    // Other errors keep their own words.
    let other = casebench::Error::NotFound {
        what: "case",
        name: "X".into(),
    };
    assert_eq!(super::jobs::failure(&other), other.to_string());
}

#[test]
fn a_failed_import_says_so_and_the_screen_recovers() {
    let mut h = Harness::started(120, 30);
    h.press(KeyCode::Char('5'));
    h.wait("the imports", |app| app.imports.slot.data.is_some());
    // Not a table at all: refused as a whole file.
    std::fs::write(
        h.dir.path().join("imports").join("week-47.csv"),
        [0u8, 159, 146, 150, 0, 1, 2, 3, 0, 0, 255, 254],
    )
    .expect("bad file");
    h.press(KeyCode::Char('i'));
    h.wait("the import's end", |app| app.imports.run.is_none());
    match &h.app.popup {
        Some(Popup::Message(m)) => assert_eq!(m.title, "Import failed", "{:?}", m.lines),
        _ => panic!("no message for the failed import"),
    }
    h.press(KeyCode::Enter);
    // Nothing runs any more: the import can be asked again.
    h.press(KeyCode::Char('i'));
    assert!(h.app.imports.run.is_some());
    h.wait("the second try's end", |app| app.imports.run.is_none());
}

/// 300 cases, report numbers S000.. in file order, amounts 1..300 yuan in a shuffled
/// order (7,919 is prime to 300, so each amount is one case's), all in no group.
fn amounts_fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let imports = dir.path().join("imports");
    std::fs::create_dir_all(&imports).expect("imports dir");
    let mut csv = String::from("report_no,reported_at,caller_number,amount,scam_type,script\n");
    for i in 0..300 {
        csv.push_str(&format!(
            "S{i:03},2026-02-01 10:{:02},1380{i:07},{},刷单返利,刷单\n",
            i % 60,
            (i * 7919) % 300 + 1
        ));
    }
    let file = imports.join("amounts.csv");
    std::fs::write(&file, csv).expect("fixture");
    let mut store = Store::open(&dir.path().join("test.sqlite")).expect("store");
    casebench::import::import_files(&mut store, &[file], &mut |_| ControlFlow::Continue(()));
    dir
}

impl Harness {
    /// The amount (yuan) of the selected case, once its row is at hand.
    fn selected_amount(&mut self) -> i64 {
        self.settle_cases();
        let line = self.app.cases.selected().expect("a selected row");
        line.amount_fen.expect("an amount") / 100
    }
}

#[test]
fn cases_sort_by_amount_both_ways_across_pages() {
    // 12 lines: 8 rows on screen, pages of 24 rows read around them.
    let mut h = Harness::open(amounts_fixture(), 120, 12).start();
    assert_eq!(h.app.cases.total, 300);
    // s: Reported -> Report no -> Amount (largest first).
    h.press(KeyCode::Char('s'));
    h.press(KeyCode::Char('s'));
    assert_eq!(h.selected_amount(), 300);
    let screen = h.screen();
    assert!(screen.contains("Amount v"), "{screen}");
    assert!(screen.contains("largest amount first"), "{screen}");
    // Down through several pages: every row one yuan less than the one before.
    for expected in (240..300).rev() {
        h.press(KeyCode::Down);
        assert_eq!(h.selected_amount(), expected);
    }
    // The end is read from the other end of the order: still the same order.
    h.press(KeyCode::Char('G'));
    assert_eq!(h.selected_amount(), 1);
    h.press(KeyCode::Up);
    assert_eq!(h.selected_amount(), 2);
    // S: smallest first, from the top again.
    h.press(KeyCode::Char('S'));
    assert_eq!(h.app.cases.cursor.selected, 0);
    assert_eq!(h.selected_amount(), 1);
    assert!(h.screen().contains("Amount ^"));
    for _ in 0..30 {
        h.press(KeyCode::PageDown);
    }
    assert_eq!(
        h.selected_amount() as usize,
        h.app.cases.cursor.selected + 1
    );
    h.press(KeyCode::Char('G'));
    assert_eq!(h.selected_amount(), 300);
    assert_eq!(h.app.cases.cursor.selected, 299);
}

#[test]
fn cases_sort_by_group_size_and_search_stays_ranked() {
    let mut h = Harness::started(120, 24);
    // Reported, Report no, Amount, Type, Grp: the largest group first, ties by
    // report number (descending, the sort turned round).
    for _ in 0..4 {
        h.press(KeyCode::Char('s'));
    }
    assert_eq!(h.selected_report_no().as_deref(), Some("A3"));
    assert!(h.screen().contains("Grp v"));
    h.press(KeyCode::Char('S'));
    assert_eq!(h.selected_report_no().as_deref(), Some("C1"));
    // Back round to the reported date.
    h.press(KeyCode::Char('s'));
    assert_eq!(h.selected_report_no().as_deref(), Some("G1"));
    // Search results keep their ranking: s changes nothing there, no arrow is shown.
    h.press(KeyCode::Char('/'));
    h.typed("京东");
    h.wait("the search results", search_done);
    h.press(KeyCode::Esc);
    let before = h.app.cases.sort;
    h.press(KeyCode::Char('s'));
    assert_eq!(h.app.cases.sort, before);
    let screen = h.screen();
    assert!(!screen.contains("Reported v"), "{screen}");
}

#[test]
fn groups_and_hubs_sort_in_memory() {
    let mut h = Harness::started(120, 24);
    h.press(KeyCode::Char('3'));
    h.wait("the groups", |app| app.groups.list.data.is_some());
    let loss = |app: &App| -> Vec<i64> {
        let rows = app.groups.list.data.as_deref().unwrap_or(&[]);
        rows.iter().map(|g| g.loss_fen).collect()
    };
    // s: Cases -> Loss, largest first; S: smallest first.
    h.press(KeyCode::Char('s'));
    assert_eq!(loss(&h.app), vec![3_200_000, 750_000]);
    let screen = h.screen();
    assert!(screen.contains("Loss (yuan) v"), "{screen}");
    assert!(screen.contains("by loss (yuan), largest first"), "{screen}");
    h.press(KeyCode::Char('S'));
    assert_eq!(loss(&h.app), vec![750_000, 3_200_000]);
    assert!(h.screen().contains("Loss (yuan) ^"));
    // Enter opens the row shown first: the sorted list is the one acted on.
    h.press(KeyCode::Enter);
    h.wait("the members", |app| app.groups.members.data.is_some());
    assert_eq!(h.app.location(), &Location::Group("G-B1".into()));

    h.press(KeyCode::Char('4'));
    h.wait("the hubs", |app| app.hubs.slot.data.is_some());
    // s twice: Cases -> Groups -> Loss; S: smallest loss first.
    h.press(KeyCode::Char('s'));
    h.press(KeyCode::Char('s'));
    h.press(KeyCode::Char('S'));
    let losses: Vec<i64> = h
        .app
        .hubs
        .slot
        .data
        .as_deref()
        .map(|rows| rows.iter().map(|r| r.total_loss_fen).collect())
        .unwrap_or_default();
    assert!(losses.len() > 2);
    assert!(losses.windows(2).all(|w| w[0] <= w[1]), "{losses:?}");
    assert!(h.screen().contains("Loss (yuan) ^"));
}
