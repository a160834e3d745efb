//! The headless CLI: clap structs kept thin, each command in its own module turning
//! arguments into calls on the core and its results into listings.

/// `println!` that returns the error of a closed pipe (`casebench import | head`)
/// instead of panicking; `main` treats that error as success.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($arg)*)
    }};
}

mod backup;
mod batches;
mod bulletin;
mod cases;
mod check;
mod generate;
mod history;
mod hubs;
mod ignore;
mod import;
mod links;
mod note;
mod notes;
mod output;
mod scam_types;
mod search;
mod tag;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "casebench",
    version,
    about = "A workbench for telecom-fraud reports: import weekly batches, search, link, export."
)]
struct Cli {
    /// The database file.
    #[arg(long, global = true, env = "CASEBENCH_DB", default_value = casebench::store::DEFAULT_PATH)]
    db: PathBuf,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Import CSV files and/or folders; with no path, the new files in imports/.
    Import(import::Args),
    /// The cases, newest first.
    Cases(cases::Args),
    /// Ranked cases for a query: a script phrase, a number in any format, last digits.
    Search(search::Args),
    /// Linked-case groups: all, one case's with its evidence, or what a batch changed.
    Links(links::Args),
    /// Identifiers by the cases that hold them, then total loss.
    Hubs(hubs::Args),
    /// Mark an identifier as not linking (with a reason), or --undo it.
    Ignore(ignore::Args),
    /// Import history; with --rejected, the rejected rows with line and reason.
    Batches(batches::Args),
    /// A case's versions (corrected reports) and the fields each changed, old → new.
    History(history::Args),
    /// Write realistic synthetic weekly batches (and the truth behind them).
    Generate(generate::Args),
    /// Copy the database consistently while it is in use (file readable by you only).
    Backup(backup::Args),
    /// Check the database: SQLite integrity, batch counts, identifiers, groups.
    Check(check::Args),
    /// The scam-type values seen, the taxonomy code each maps to, and their cases.
    ScamTypes(scam_types::Args),
    /// The week's bulletin: figures, largest losses, groups, what to freeze, scripts.
    Bulletin(bulletin::Args),
    /// Write a note on a case, a group or an identifier (or --edit one).
    Note(note::Args),
    /// Set a tag on a case, a group or an identifier (已研判, 已止付, …), or --undo it.
    Tag(tag::Args),
    /// The notes and tags of a case, group or identifier (or of all), with who and when.
    Notes(notes::Args),
}

/// What a command tells `main` beyond success: some files failed, so exit 1.
pub enum Outcome {
    Ok,
    PartialFailure,
}

/// `started`: when the process began (the workbench reports its first frame from it).
pub fn main(started: std::time::Instant) -> ExitCode {
    let cli = Cli::parse();
    if cli.command.is_some() {
        // The workbench shows waits in its status bar, not on its terminal.
        casebench::store::on_long_wait(|| {
            eprintln!(
                "casebench: waiting for another casebench (an import?) to finish with the database…"
            )
        });
    }
    let result = match cli.command {
        None => crate::tui::run(&cli.db, started).map(|()| Outcome::Ok),
        Some(Command::Import(args)) => import::run(&cli.db, args),
        Some(Command::Cases(args)) => cases::run(&cli.db, args),
        Some(Command::Search(args)) => search::run(&cli.db, args),
        Some(Command::Links(args)) => links::run(&cli.db, args),
        Some(Command::Hubs(args)) => hubs::run(&cli.db, args),
        Some(Command::Ignore(args)) => ignore::run(&cli.db, args),
        Some(Command::Batches(args)) => batches::run(&cli.db, args),
        Some(Command::History(args)) => history::run(&cli.db, args),
        Some(Command::Generate(args)) => generate::run(args),
        Some(Command::Backup(args)) => backup::run(&cli.db, args),
        Some(Command::Check(args)) => check::run(&cli.db, args),
        Some(Command::ScamTypes(args)) => scam_types::run(&cli.db, args),
        Some(Command::Bulletin(args)) => bulletin::run(&cli.db, args),
        Some(Command::Note(args)) => note::run(&cli.db, args),
        Some(Command::Tag(args)) => tag::run(&cli.db, args),
        Some(Command::Notes(args)) => notes::run(&cli.db, args),
    };
    match result {
        Ok(Outcome::Ok) => ExitCode::SUCCESS,
        Ok(Outcome::PartialFailure) => ExitCode::from(1),
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            // Errors quote file names and values from the data: no escapes through.
            eprintln!("casebench: {}", casebench::export::sanitize(&one_line(&e)));
            ExitCode::from(1)
        }
    }
}

/// The error and its causes on one line, a cause left out where the text so far
/// already says it (`x.csv: No space left on device` once, not twice).
fn one_line(e: &anyhow::Error) -> String {
    let mut line = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if line.contains(&text) {
            continue;
        }
        if !line.is_empty() {
            line.push_str(": ");
        }
        line.push_str(&text);
    }
    line
}

/// `casebench cases | head` closes the pipe early: that is success, not an error.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    fn broken(io: &std::io::Error) -> bool {
        // The CSV writer reports a closed pipe as its own error, wrapped in io::Error.
        io.kind() == std::io::ErrorKind::BrokenPipe
            || io
                .get_ref()
                .and_then(|inner| inner.downcast_ref::<csv::Error>())
                .is_some_and(|csv| matches!(csv.kind(), csv::ErrorKind::Io(inner) if broken(inner)))
    }
    e.chain()
        .any(|cause| cause.downcast_ref::<std::io::Error>().is_some_and(broken))
}

/// The database of every command but `import`: it must exist (a mistyped `--db` is
/// an error, not a new empty database).
fn open_store(db: &std::path::Path) -> anyhow::Result<casebench::store::Store> {
    use anyhow::Context;
    match casebench::store::Store::open_existing(db) {
        Err(e @ casebench::Error::NoDatabase(_)) => Err(e.into()),
        opened => opened.with_context(|| format!("opening {}", db.display())),
    }
}

/// `import`'s database: created on first use.
fn create_store(db: &std::path::Path) -> anyhow::Result<casebench::store::Store> {
    use anyhow::Context;
    casebench::store::Store::open(db).with_context(|| format!("opening {}", db.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_says_each_cause_once() {
        let io = std::io::Error::from_raw_os_error(28);
        let e = anyhow::Error::new(casebench::Error::io("exports/x.csv", io)).context("writing");
        let line = one_line(&e);
        assert_eq!(line.matches("No space left on device").count(), 1, "{line}");
        assert!(
            line.starts_with("writing: exports/x.csv: No space left"),
            "{line}"
        );
    }
}
