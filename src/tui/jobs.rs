//! Work that must not run on the UI thread: reading aggregates, importing, exporting,
//! ignoring (which relinks). Each job runs on its own thread with its own connection
//! (SQLite in WAL mode lets them read while an import writes) and reports back with
//! one [`Msg`]. Results carry the generation they were asked with, so a screen keeps
//! only the newest answer.

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;

use casebench::import::{self, FileOutcome};
use casebench::link::report;
use casebench::link::{ChangeKind, ignore};
use casebench::store::{Store, queries, views};

use super::event::{DetailData, ImportEvent, ImportSummary, ImportsData, Loaded, Msg, StatsData};

/// What a screen asks to be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Load {
    Totals,
    Detail(String),
    Groups,
    Group(String),
    Hubs,
    Imports,
    Stats,
    Pending,
}

/// Writes an export to the file it is given, on the export worker; returns the rows
/// written. Small listings are built first; the list of every case is streamed.
pub type BuildExport = Box<dyn FnOnce(&Store, &Path) -> casebench::Result<usize> + Send>;

/// How many rows the groups and hubs lists hold at most.
pub const LIST_LIMIT: usize = 2000;

#[derive(Clone)]
pub struct Jobs {
    db: PathBuf,
    /// The drop folder for weekly batches.
    pub imports_dir: PathBuf,
    tx: Sender<Msg>,
    cancel_import: Arc<AtomicBool>,
}

impl Jobs {
    pub fn new(db: &Path, imports_dir: &Path, tx: Sender<Msg>) -> Jobs {
        Jobs {
            db: db.to_path_buf(),
            imports_dir: imports_dir.to_path_buf(),
            tx,
            cancel_import: Arc::new(AtomicBool::new(false)),
        }
    }

    fn spawn(&self, name: &str, job: impl FnOnce(Sender<Msg>, &Path) + Send + 'static) {
        let tx = self.tx.clone();
        let db = self.db.clone();
        let spawned = std::thread::Builder::new()
            .name(format!("casebench-{name}"))
            .spawn(move || job(tx, &db));
        if let Err(e) = spawned {
            let _ = self.tx.send(Msg::Loaded {
                generation: 0,
                result: Err(format!("could not start a worker: {e}")),
            });
        }
    }

    /// Reads `what` and answers with `Msg::Loaded { generation, .. }`.
    pub fn load(&self, what: Load, generation: u64) {
        let imports_dir = self.imports_dir.clone();
        self.spawn("load", move |tx, db| {
            let store = match Store::open(db) {
                Ok(store) => store,
                Err(e) => {
                    let result = Err(e.to_string());
                    let _ = tx.send(Msg::Loaded { generation, result });
                    return;
                }
            };
            let result = read(&store, &what, &imports_dir).map_err(|e| e.to_string());
            // A case's possible links scan every identifier: they follow the detail.
            let possible = match &result {
                Ok(Loaded::Detail(d)) => Some((d.case.report_no.clone(), d.case.id)),
                _ => None,
            };
            if tx.send(Msg::Loaded { generation, result }).is_err() {
                return;
            }
            if let Some((report_no, case_id)) = possible {
                let links =
                    report::possible_links(store.connection(), case_id).map_err(|e| e.to_string());
                let result = Ok(Loaded::Possible { report_no, links });
                let _ = tx.send(Msg::Loaded { generation, result });
            }
        });
    }

    /// Imports `files` (None: the new files in the drop folder, found on the worker)
    /// and reports progress, then a summary.
    pub fn import(&self, files: Option<Vec<PathBuf>>) {
        self.cancel_import.store(false, Ordering::SeqCst);
        let cancel = self.cancel_import.clone();
        let imports_dir = self.imports_dir.clone();
        self.spawn("import", move |tx, db| {
            let opened = Store::open(db).and_then(|store| {
                let files = match files {
                    Some(f) => f,
                    None => pending(&store, &imports_dir)?,
                };
                Ok((store, files))
            });
            let summary = match opened {
                Ok((_, files)) if files.is_empty() => ImportSummary {
                    lines: vec![format!("no new files in {}", imports_dir.display())],
                    ..ImportSummary::default()
                },
                Ok((mut store, files)) => run_import(&mut store, &files, &tx, &cancel),
                Err(e) => ImportSummary {
                    lines: vec![e.to_string()],
                    failed: 1,
                    ..ImportSummary::default()
                },
            };
            let _ = tx.send(Msg::Import(ImportEvent::Done(summary)));
        });
    }

    /// Asks a running import to stop (its current file is rolled back).
    pub fn cancel_import(&self) {
        self.cancel_import.store(true, Ordering::SeqCst);
    }

    pub fn export(&self, path: PathBuf, build: BuildExport) {
        self.spawn("export", move |tx, db| {
            let result = (|| -> Result<(PathBuf, usize), String> {
                let store = Store::open(db).map_err(|e| e.to_string())?;
                // The export's file, and its folder, are made by the export writer.
                let rows = build(&store, &path).map_err(|e| e.to_string())?;
                Ok((path, rows))
            })();
            let _ = tx.send(Msg::Exported(result));
        });
    }

    pub fn ignore(&self, value: String, reason: String, undo: bool) {
        self.spawn("ignore", move |tx, db| {
            let who = std::env::var("USER").unwrap_or_else(|_| "workbench".to_string());
            let result = Store::open(db)
                .and_then(|mut store| ignore::set_ignored(&mut store, &value, &reason, &who, undo))
                .map_err(|e| e.to_string());
            let _ = tx.send(Msg::Ignored(result));
        });
    }
}

fn read(store: &Store, what: &Load, imports_dir: &Path) -> casebench::Result<Loaded> {
    let conn = store.connection();
    Ok(match what {
        Load::Totals => Loaded::Totals(views::totals(conn)?),
        Load::Detail(report_no) => {
            let Some(case) = views::case_detail(conn, report_no)? else {
                return Err(casebench::Error::Invalid(format!("no case {report_no}")));
            };
            let members = match &case.group_id {
                Some(group) => group_members(conn, group)?,
                None => Vec::new(),
            };
            let history =
                casebench::store::history::case_history(conn, report_no)?.unwrap_or_default();
            Loaded::Detail(Box::new(DetailData {
                case,
                members,
                possible: None,
                history,
            }))
        }
        Load::Groups => Loaded::Groups(views::groups(conn, LIST_LIMIT)?),
        Load::Group(id) => Loaded::Group(group_members(conn, id)?),
        Load::Hubs => Loaded::Hubs(report::hubs(conn, None, LIST_LIMIT)?),
        Load::Imports => Loaded::Imports(ImportsData {
            batches: queries::batches(store)?,
            rejected: queries::rejected(store, None)?,
            pending: pending(store, imports_dir)?,
        }),
        Load::Stats => Loaded::Stats(StatsData {
            weeks: views::weekly(conn)?,
            types: views::by_scam_type(conn)?,
            hubs: report::hubs(conn, None, 10)?,
        }),
        Load::Pending => Loaded::Pending(pending(store, imports_dir)?),
    })
}

/// New files in the drop folder; none when the folder does not exist.
fn pending(store: &Store, dir: &Path) -> casebench::Result<Vec<PathBuf>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    import::pending_files(store, dir)
}

fn run_import(
    store: &mut Store,
    files: &[PathBuf],
    tx: &Sender<Msg>,
    cancel: &AtomicBool,
) -> ImportSummary {
    let count = files.len();
    let name = |p: &Path| {
        p.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let mut reports = Vec::new();
    // One file at a time, so that the gauge names each file as it starts (the core
    // reports progress every few thousand rows, and a small file has fewer).
    for (file_index, file) in files.iter().enumerate() {
        let _ = tx.send(Msg::Import(ImportEvent::Progress {
            file_index,
            files: count,
            file: name(file),
            bytes_done: 0,
            bytes_total: 1,
            rows: 0,
            stage: None,
        }));
        let done = import::import_files(store, std::slice::from_ref(file), &mut |p| {
            let _ = tx.send(Msg::Import(ImportEvent::Progress {
                file_index,
                files: count,
                file: name(p.file),
                bytes_done: p.bytes_done,
                bytes_total: p.bytes_total,
                rows: p.rows,
                stage: p.stage.label(),
            }));
            if cancel.load(Ordering::SeqCst) {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        });
        let stop = done
            .iter()
            .any(|r| matches!(r.outcome, FileOutcome::Cancelled));
        reports.extend(done);
        if stop {
            break;
        }
    }
    let mut summary = ImportSummary {
        files: reports.len(),
        ..ImportSummary::default()
    };
    for r in &reports {
        summary.lines.push(r.summary());
        match &r.outcome {
            FileOutcome::Imported {
                counts,
                changes,
                hit_cases,
                ..
            } => {
                summary.new_cases += counts.imported;
                summary.updated_cases += counts.updated;
                summary.hit_cases += hit_cases;
                for c in changes {
                    match c.kind {
                        ChangeKind::New => summary.groups_new += 1,
                        ChangeKind::Grew => summary.groups_grew += 1,
                        ChangeKind::Merged => summary.groups_merged += 1,
                        ChangeKind::Split => summary.groups_split += 1,
                        ChangeKind::Shrank => summary.groups_shrank += 1,
                        // The same cases under another id: nothing to act on.
                        ChangeKind::Renamed => {}
                    }
                }
            }
            FileOutcome::AlreadyImported { .. } => {}
            FileOutcome::Cancelled => summary.cancelled = true,
            FileOutcome::Failed(_) => summary.failed += 1,
        }
    }
    summary
}

/// One group's cases with the evidence that ties them.
fn group_members(
    conn: &rusqlite::Connection,
    group: &str,
) -> casebench::Result<Vec<report::Member>> {
    report::members(
        conn,
        &report::GroupFilter {
            group_id: Some(group.to_string()),
            ..report::GroupFilter::default()
        },
    )
}
