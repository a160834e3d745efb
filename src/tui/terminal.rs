//! The terminal as the workbench uses it: raw mode and the alternate screen while it
//! runs, both put back on every way out — a normal quit, an error returned with `?`
//! (the guard's `Drop`), and a panic (a hook that restores before the message prints).

use std::io::{self, Stdout};
use std::sync::Once;

use crossterm::cursor::Show;
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::backend::CrosstermBackend;

type Inner = ratatui::Terminal<CrosstermBackend<Stdout>>;

/// The terminal in workbench mode; restored when dropped.
pub struct Terminal {
    inner: Inner,
    active: bool,
}

static HOOK: Once = Once::new();

impl Terminal {
    pub fn enter() -> io::Result<Terminal> {
        install_panic_hook();
        enable_raw_mode()?;
        if let Err(e) = execute!(io::stdout(), EnterAlternateScreen) {
            restore();
            return Err(e);
        }
        let inner = match Inner::new(CrosstermBackend::new(io::stdout())) {
            Ok(t) => t,
            Err(e) => {
                restore();
                return Err(e);
            }
        };
        Ok(Terminal {
            inner,
            active: true,
        })
    }

    pub fn size(&self) -> io::Result<ratatui::layout::Size> {
        self.inner.size()
    }

    pub fn draw(&mut self, f: impl FnOnce(&mut ratatui::Frame)) -> io::Result<()> {
        self.inner.draw(f).map(|_| ())
    }

    /// Back to the shell's terminal (also done on drop).
    pub fn leave(&mut self) {
        if std::mem::take(&mut self.active) {
            restore();
        }
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        self.leave();
    }
}

/// Raw mode off, alternate screen left, cursor shown. Safe to call more than once.
pub fn restore() {
    let _ = disable_raw_mode();
    let _ = execute!(io::stdout(), LeaveAlternateScreen, Show);
}

fn install_panic_hook() {
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
    });
}
