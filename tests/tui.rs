//! The workbench end to end: the real binary in a real terminal (tmux), driven by
//! keys and read back with capture-pane. Each step waits for the text it expects
//! (polling with a deadline), never for a fixed time. Skipped, with a note, where tmux
//! is missing (`.ci/run` is expected to install it).

use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::util::{WorkDir, show};

const FIXTURE: &str = "\
report_no,reported_at,victim_name,victim_phone,caller_number,receiving_account,amount,scam_type,script
A1,2026-11-02 09:10,张三丰,13900000001,+86 138 1234 5678,6222020200112233445,12000,冒充京东客服,自称京东客服，称其金条额度异常需要注销
A2,2026-11-03 10:00,李四,13900000002,13812345678,6217001234567890123,1.2万,冒充京东客服,对方称白条额度可以提升，让其下载会议软件共享屏幕
A3,2026-11-04 11:30,王五,13900000003,170 1234 0000,6217001234567890123,8000,冒充京东客服,称其开通了京东会员需要取消
B1,2026-11-05,赵六,13900000004,95118,6228480011223344556,3000,刷单返利,刷单返利兼职，先小后大
";

const DEADLINE: Duration = Duration::from_secs(30);
const PROMPT: &str = "e2e-prompt$";

static SESSIONS: AtomicUsize = AtomicUsize::new(0);

/// A tmux server of our own (its own socket), killed when dropped.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn available() -> bool {
        Command::new("tmux")
            .arg("-V")
            .output()
            .is_ok_and(|o| o.status.success())
    }

    /// A shell with a known prompt in a `width` x `height` window, in `dir`.
    fn shell(dir: &Path, width: u16, height: u16) -> Tmux {
        let n = SESSIONS.fetch_add(1, Ordering::SeqCst);
        let tmux = Tmux {
            socket: format!("casebench-e2e-{}-{n}", std::process::id()),
        };
        let dir = dir.display().to_string();
        let (w, h) = (width.to_string(), height.to_string());
        tmux.run(&[
            "new-session",
            "-d",
            "-s",
            "e2e",
            "-x",
            &w,
            "-y",
            &h,
            "-c",
            &dir,
            "env",
            &format!("PS1={PROMPT} "),
            "TERM=xterm-256color",
            "sh",
        ]);
        tmux.wait_for(PROMPT, "the shell");
        tmux
    }

    fn run(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("run tmux");
        assert!(out.status.success(), "tmux {args:?}:\n{}", show(&out));
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Keys by tmux name (`Enter`, `Escape`) or literal text with `-l`.
    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "e2e"];
        args.extend_from_slice(keys);
        self.run(&args);
    }

    fn text(&self, text: &str) {
        self.run(&["send-keys", "-t", "e2e", "-l", text]);
    }

    fn capture(&self) -> String {
        self.run(&["capture-pane", "-p", "-t", "e2e"])
    }

    /// Polls the screen until it shows `needle`; returns that screen.
    fn wait_for(&self, needle: &str, what: &str) -> String {
        self.wait_until(what, |screen| screen.contains(needle))
    }

    fn wait_until(&self, what: &str, done: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + DEADLINE;
        loop {
            let screen = self.capture();
            if done(&screen) {
                return screen;
            }
            if Instant::now() > deadline {
                panic!("timed out waiting for {what}; the screen:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .arg("kill-server")
            .output();
    }
}

fn workdir() -> WorkDir {
    let wd = WorkDir::new();
    let csv = wd.write("week-45.csv", FIXTURE);
    wd.ok(&["import", &csv.display().to_string()]);
    wd
}

/// A short command line (a link to the binary, the database by its name): a long
/// checkout path would wrap the line and scroll it away when the window shrinks.
fn command_line(wd: &WorkDir) -> String {
    let link = wd.join("cb");
    if !link.exists() {
        std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_casebench"), &link).expect("link");
    }
    let db = wd.db();
    let name = db.file_name().and_then(|n| n.to_str()).expect("db name");
    format!("./cb --db {name}")
}

#[test]
fn search_drill_down_back_and_quit_in_a_real_terminal() {
    if !Tmux::available() {
        eprintln!("note: tmux not found, the end-to-end TUI test is skipped");
        return;
    }
    let wd = workdir();
    let tmux = Tmux::shell(wd.path(), 140, 40);
    tmux.text(&command_line(&wd));
    tmux.keys(&["Enter"]);
    tmux.wait_for("4 cases, newest first", "the Cases screen");

    // A caller number typed in another format than any case wrote it.
    tmux.keys(&["/"]);
    tmux.text("138-1234-5678");
    // (A frame can be captured half drawn: wait for everything expected at once.)
    tmux.wait_until("the search results", |s| {
        s.contains("2 matches") && s.contains("A2") && s.contains("A1")
    });
    tmux.keys(&["Enter"]);
    tmux.keys(&["Enter"]);
    tmux.wait_until("the case detail with the number and its group", |s| {
        s.contains("A2  group G-A1") && s.contains("caller       +8613812345678")
    });

    // Back along the trail: the results, then the search cleared.
    tmux.keys(&["Escape"]);
    tmux.wait_for("2 matches", "the results again");
    tmux.keys(&["Escape"]);
    tmux.wait_for("4 cases, newest first", "the cleared search");

    // A resize redraws; too small says so; back to size draws the screen again.
    tmux.run(&["resize-window", "-t", "e2e", "-x", "50", "-y", "10"]);
    tmux.wait_for("terminal too small", "the too-small note");
    tmux.run(&["resize-window", "-t", "e2e", "-x", "80", "-y", "24"]);
    tmux.wait_for("4 cases, newest first", "the redraw at 80x24");

    tmux.keys(&["q"]);
    let screen = tmux.wait_until("the shell prompt after quitting", |s| {
        // The workbench's screen is gone and the shell waits at its prompt (how many
        // prompt lines the restored screen keeps depends on the terminal).
        !s.contains("Case detail")
            && !s.contains("1 Cases")
            && s.lines()
                .rfind(|l| !l.trim().is_empty())
                .is_some_and(|l| l.contains(PROMPT))
    });
    assert!(!screen.contains("1 Cases"), "{screen}");
    tmux.text("echo exit=$?");
    tmux.keys(&["Enter"]);
    tmux.wait_for("exit=0", "the exit status");
    // Raw mode is off: the shell echoes what is typed and Enter runs it.
    let stty = tmux.capture();
    assert!(stty.contains("echo exit=$?"), "{stty}");
}

#[test]
fn first_frame_time_is_reported() {
    if !Tmux::available() {
        eprintln!("note: tmux not found, the end-to-end TUI test is skipped");
        return;
    }
    let wd = workdir();
    let tmux = Tmux::shell(wd.path(), 100, 30);
    tmux.text(&format!(
        "CASEBENCH_REPORT_FIRST_FRAME=exit {}",
        command_line(&wd)
    ));
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("first frame after", "the first-frame report");
    assert!(screen.contains(" ms"), "{screen}");
}

#[test]
fn long_lists_scroll_to_their_last_row_and_export_whole_in_a_real_terminal() {
    if !Tmux::available() {
        eprintln!("note: tmux not found, the end-to-end TUI test is skipped");
        return;
    }
    // 2,100 pairs of cases sharing a phone: 2,100 groups, 4,200 matches of 安全账户,
    // past the 2,000 groups and 200 results the lists once stopped at.
    let wd = WorkDir::new();
    let mut csv = String::from(
        "report_no,reported_at,caller_number,receiving_account,amount,scam_type,script\n",
    );
    for i in 0..4200 {
        let (day, hour, minute) = (1 + i / 1440, (i / 60) % 24, i % 60);
        csv.push_str(&format!(
            "R{i:05},2026-01-{day:02} {hour:02}:{minute:02},1390{:07},6222{i:015},100,刷单返利,对方自称客服要求转账到安全账户\n",
            i / 2
        ));
    }
    let file = wd.write("long.csv", &csv);
    wd.ok(&["import", &file.display().to_string()]);
    let tmux = Tmux::shell(wd.path(), 140, 40);
    tmux.text(&command_line(&wd));
    tmux.keys(&["Enter"]);
    tmux.wait_for("4,200 cases, newest first", "the Cases screen");

    // Groups: the whole list, the last row reached with G, the export whole.
    tmux.keys(&["3"]);
    tmux.wait_for("2,100 linked-case groups by size", "every group");
    tmux.keys(&["G"]);
    tmux.wait_until("the last group", |s| s.contains("G-R04198"));
    tmux.keys(&["e"]);
    tmux.wait_for("Export all 2,100 groups", "the export popup");
    tmux.keys(&["Enter"]);
    tmux.wait_for("wrote 4,200 rows", "the groups export");

    // Search: past the first page to the last match, counted exactly, exported whole.
    tmux.keys(&["1", "/"]);
    tmux.text("安全账户");
    tmux.wait_until("the results", |s| {
        s.contains("matches") && s.contains("R04199")
    });
    tmux.keys(&["Enter", "G"]);
    tmux.wait_until("the last match", |s| {
        s.contains("4,200 matches (index)") && s.contains("R00000")
    });
    tmux.keys(&["e"]);
    tmux.wait_for("Export all 4,200 results", "the export popup");
    tmux.keys(&["Enter"]);
    tmux.wait_for("wrote 4,200 rows", "the search export");
    tmux.keys(&["q"]);
    tmux.wait_until("the shell prompt after quitting", |s| {
        !s.contains("1 Cases")
    });
    let exports: Vec<_> = std::fs::read_dir(wd.join("exports"))
        .expect("exports folder")
        .filter_map(|e| e.ok())
        .collect();
    assert_eq!(exports.len(), 2);
    for e in exports {
        let text = std::fs::read_to_string(e.path()).expect("export");
        assert_eq!(text.lines().count(), 4201, "{}", e.path().display());
    }
}
