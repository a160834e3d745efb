//! The `casebench` binary: dispatch to the CLI (and, later, the workbench TUI).

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
