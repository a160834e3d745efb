//! The `casebench` binary: the headless CLI, and with no command the workbench (TUI).
//! The terminal code lives here, in `tui`, never in the library.

mod cli;
mod tui;

fn main() -> std::process::ExitCode {
    let started = std::time::Instant::now();
    cli::main(started)
}
