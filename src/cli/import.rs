//! `casebench import [PATH...]`: files and folders, or the new files in imports/.
//! A progress bar on stderr when it is a terminal; always a summary line per file.
//! File names and group ids (report numbers) come from outside: sanitised on output.

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use casebench::export::sanitize;
use casebench::import::{self, FileOutcome, Phases, Progress, Stage};
use casebench::store::queries;
use indicatif::{ProgressBar, ProgressStyle};

use super::{Outcome, create_store};

/// The drop folder imported when no path is given.
pub const IMPORTS_DIR: &str = "imports";

/// Merged groups named in a file's summary line.
const SHOW_MERGES: usize = 3;

/// Rejected rows shown under a file's summary; the rest are a command away.
const SHOW_REJECTED: usize = 5;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// CSV files, workbooks (.xlsx .xlsm .xls .ods) and/or folders of them (default: the
    /// files in imports/ not yet imported).
    paths: Vec<PathBuf>,
    /// Read a column as a field for this run: "HEADER=FIELD" (e.g. "Case Number=report_no";
    /// fields: report_no, reported_at, occurred_at, victim_name, victim_phone,
    /// caller_number, receiving_account, amount, scam_type, contact_ids, script). For
    /// good, add the line to header_aliases.txt beside the database. Repeatable.
    #[arg(long = "map", value_name = "HEADER=FIELD")]
    map: Vec<String>,
    /// Reject a row whose report_no is stored with other content, instead of taking
    /// it as the case's new version (a corrected report).
    #[arg(long)]
    no_update: bool,
}

pub fn run(db: &Path, args: Args) -> anyhow::Result<Outcome> {
    // A mapping that does not read is a usage error, before anything is opened.
    let mut mapped = casebench::import::headers::HeaderAliases::default();
    for mapping in &args.map {
        if let Err(why) = mapped.add(mapping) {
            eprintln!("casebench: import: --map: {why}");
            std::process::exit(2);
        }
    }
    import::warm_up();
    let mut store = create_store(db)?;
    store.wait_as_importer()?;
    let mut options = import::ImportOptions::for_store(&store)?;
    options.headers.extend(&mapped);
    options.update = !args.no_update;
    // Diagnostics (and the crash tests' kill points) on stderr: rows done, and each
    // file's stage times, the last line just before its commit.
    let timing = std::env::var_os("CASEBENCH_TIMING").is_some();
    options.measure_cpu = timing;
    let mut failed = false;
    let files = if args.paths.is_empty() {
        let dir = Path::new(IMPORTS_DIR);
        if !dir.is_dir() {
            anyhow::bail!("no path given and no {IMPORTS_DIR}/ folder here");
        }
        let pending = import::pending_files(&store, dir)?;
        if pending.is_empty() {
            say!("nothing new in {IMPORTS_DIR}/")?;
            return Ok(Outcome::Ok);
        }
        pending
    } else {
        // A folder with nothing to import is an error, not a silent "0 files".
        for dir in args.paths.iter().filter(|p| p.is_dir()) {
            if import::importable_files(std::slice::from_ref(dir)).is_empty() {
                failed = true;
                eprintln!(
                    "casebench: {}: nothing to import: no {} file in the folder or below it",
                    sanitize(&dir.display().to_string()),
                    import::workbook::FORMATS_READ
                );
            }
        }
        import::importable_files(&args.paths)
    };

    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("{prefix} [{bar:30}] {percent:>3}% {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    // Redrawn on its own as well: the steps after a big file's rows send one message
    // each and then seconds of silence, which the bar's rate limit could swallow.
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    let mut current = PathBuf::new();
    let reports = import::import_files_with(&mut store, &files, &options, &mut |p| {
        if timing {
            print_timing(&p);
        }
        if p.file != current {
            current = p.file.to_path_buf();
            bar.reset();
            bar.set_prefix(p.file.display().to_string());
        }
        // A workbook's first report counts its file's bytes, the rest its sheets' text.
        bar.set_length(p.bytes_total);
        bar.set_position(p.bytes_done);
        bar.set_message(match p.stage.label() {
            Some(stage) => format!("{} rows, {stage}…", p.rows),
            None => format!("{} rows", p.rows),
        });
        ControlFlow::Continue(())
    });
    bar.finish_and_clear();

    for report in &reports {
        match &report.outcome {
            FileOutcome::Failed(_) => {
                failed = true;
                eprintln!("casebench: {}", sanitize(&report.summary()));
            }
            FileOutcome::Imported {
                batch_id,
                counts,
                changes,
                hit_cases,
                ..
            } => {
                say!("{}", sanitize(&report.summary()))?;
                for note in report.notes() {
                    say!("  {}", sanitize(&note))?;
                }
                if let Some(line) = changes_line(changes, *hit_cases) {
                    say!("  {} (casebench links --batch {batch_id})", sanitize(&line))?;
                }
                if counts.rejected > 0 {
                    let rejected = queries::rejected(&store, Some(*batch_id))?;
                    for r in rejected.iter().take(SHOW_REJECTED) {
                        say!("  {}: {}", sanitize(&r.place()), sanitize(&r.reason))?;
                    }
                    if rejected.len() > SHOW_REJECTED {
                        say!(
                            "  and {} more: casebench batches --rejected {batch_id}",
                            rejected.len() - SHOW_REJECTED
                        )?;
                    }
                }
            }
            _ => say!("{}", sanitize(&report.summary()))?,
        }
    }
    Ok(if failed {
        Outcome::PartialFailure
    } else {
        Outcome::Ok
    })
}

/// The `CASEBENCH_TIMING` lines for one progress report: `progress FILE: N rows`
/// each time; `timing FILE: …` with the stages' times when the file is about to
/// commit (bench/run reads its relink time; the crash tests kill the import on it),
/// and `timing FILE: commit …` once committed.
fn print_timing(p: &Progress) {
    let file = p.file.display();
    eprintln!("progress {file}: {} rows", p.rows);
    let Phases {
        reading,
        rows,
        writer_cpu,
        parser_cpu,
        indexes,
        relink,
        commit,
    } = p.phases;
    match p.stage {
        Stage::Committing => eprintln!(
            "timing {file}: reading {reading:?}, rows {rows:?} (CPU: writer {}, parser {}), indexes {indexes:?}, relink {relink:?}",
            seconds(writer_cpu),
            seconds(parser_cpu),
        ),
        Stage::Done => eprintln!("timing {file}: commit {commit:?}"),
        _ => {}
    }
}

/// "12.3 s", or "?" when not known.
fn seconds(d: Option<std::time::Duration>) -> String {
    d.map_or_else(|| "?".to_string(), |d| format!("{:.1} s", d.as_secs_f64()))
}

/// `3 cases hit known identifiers; groups: 2 new, 1 grew, 1 merged (G-A + G-B → G-A)`,
/// and `, 1 split, 0 shrank` when corrected reports took links away.
fn changes_line(changes: &[casebench::link::GroupChange], hit_cases: usize) -> Option<String> {
    use casebench::link::ChangeKind;
    let count = |k: ChangeKind| changes.iter().filter(|c| c.kind == k).count();
    let merged: Vec<String> = changes
        .iter()
        .filter(|c| c.kind == ChangeKind::Merged)
        .map(|c| format!("{} → {}", c.old_ids.join(" + "), c.group_id))
        .collect();
    // A big week merges many groups: name a few, the listing has them all.
    let mut merges: Vec<String> = merged.iter().take(SHOW_MERGES).cloned().collect();
    if merged.len() > SHOW_MERGES {
        merges.push(format!("{} more", merged.len() - SHOW_MERGES));
    }
    if hit_cases == 0 && changes.is_empty() {
        return None;
    }
    let mut line = format!(
        "{hit_cases} cases hit known identifiers; groups: {} new, {} grew, {} merged",
        count(ChangeKind::New),
        count(ChangeKind::Grew),
        count(ChangeKind::Merged)
    );
    if !merges.is_empty() {
        line.push_str(&format!(" ({})", merges.join("; ")));
    }
    let (split, shrank) = (count(ChangeKind::Split), count(ChangeKind::Shrank));
    if split + shrank > 0 {
        line.push_str(&format!(", {split} split, {shrank} shrank"));
    }
    Some(line)
}
