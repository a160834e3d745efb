//! Work that must not run on the UI thread: reading aggregates, importing, exporting,
//! ignoring (which relinks). Reads run on kept workers ([`single::SingleJob`]: one per
//! kind of read and one for the case list's pages, each with its connection; of the
//! requests waiting, only the newest runs); imports, exports and ignores on a thread
//! of their own each (SQLite in WAL mode lets them read while an import writes).
//! Every job reports back with [`Msg`]s; results carry the generation they were
//! asked with, so a screen keeps only the newest answer.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::mem::Discriminant;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender};
use std::sync::{Arc, Mutex};

use casebench::casework::{self, Named};
use casebench::import::{self, FileOutcome};
use casebench::link::report;
use casebench::link::{ChangeKind, ignore};
use casebench::store::{Store, queries, views};

mod single;

use single::SingleJob;

use super::event::{
    Change, DetailData, ImportEvent, ImportSummary, ImportsData, Loaded, Msg, StatsData,
};

/// The load workers, by kind of load.
type LoadJobs = HashMap<Discriminant<Load>, SingleJob<(Load, u64)>>;

/// What a screen asks to be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Load {
    Totals,
    /// `limit` cases from `offset` of the case list, in `order`, of `total`.
    Cases {
        offset: u64,
        limit: u64,
        total: u64,
        sort: CaseSort,
    },
    Detail(String),
    Groups,
    Group(String),
    Hubs,
    Imports,
    Stats,
    /// The bulletin of this period; None: the latest complete week in the data.
    Bulletin(Option<casebench::bulletin::Period>),
    Pending,
    /// The casework marks of every list, and the tag list.
    Marks,
}

/// A casework write the workbench asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaseworkWrite {
    Note(String),
    Tag { tag: String, undo: bool },
}

/// The order of the case list a page is read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CaseSort {
    pub order: views::CaseOrder,
    pub descending: bool,
    /// The case list's version, raised when the store changes: the sorted ids kept
    /// for an older one are read again.
    pub epoch: u64,
}

/// Writes an export to the file it is given, on the export worker; returns the rows
/// written. Long listings are streamed, telling the third argument how many rows are
/// out every [`PROGRESS_EVERY`] rows.
pub type BuildExport =
    Box<dyn FnOnce(&Store, &Path, &mut dyn FnMut(usize)) -> casebench::Result<usize> + Send>;

/// How often (in rows) an export reports its progress.
pub const PROGRESS_EVERY: usize = 2000;

/// The rows of the groups and hubs lists read first, so that the screen fills at
/// once; the whole list follows from the same worker (the count says `N+` until then).
pub const FIRST_ROWS: usize = 2000;

pub use casebench::link::report::ALL_ROWS;

#[derive(Clone)]
pub struct Jobs {
    db: PathBuf,
    /// The drop folder for weekly batches.
    pub imports_dir: PathBuf,
    tx: Sender<Msg>,
    cancel_import: Arc<AtomicBool>,
    /// The case list's pages: one worker with one connection, kept for the session
    /// (opening a store per page would cost more than the page). None: it could not
    /// start (each page request then fails, see `page`).
    pages: Option<Arc<SingleJob<(Load, u64)>>>,
    /// The other reads: a kept worker per kind of [`Load`], started at its first.
    loads: Arc<Mutex<LoadJobs>>,
    /// The change watcher: one worker with one connection, asked on every tick and
    /// key whether another connection committed.
    watch: Sender<Watch>,
}

/// A request to the change watcher.
#[derive(Debug, Clone, Copy)]
enum Watch {
    /// Look at `data_version`; answer with `Msg::Changed` when it moved.
    Check,
    /// The app's own write (this numbered one) is done and reloaded: take the
    /// database as it is now as seen, without a word.
    Absorb(u64),
}

impl Jobs {
    pub fn new(db: &Path, imports_dir: &Path, tx: Sender<Msg>) -> Jobs {
        // Without it, page requests fail one by one (see `page`).
        let pages = SingleJob::spawn("pages", db, pages_handler(tx.clone()))
            .ok()
            .map(Arc::new);
        let (watch, inbox) = std::sync::mpsc::channel();
        let (db_path, replies) = (db.to_path_buf(), tx.clone());
        // Without a watcher the workbench only misses others' changes, as before.
        let _ = std::thread::Builder::new()
            .name("casebench-watch".into())
            .spawn(move || serve_watch(&db_path, &inbox, &replies));
        // The first look is the baseline: changes from now on are noticed.
        let _ = watch.send(Watch::Check);
        Jobs {
            db: db.to_path_buf(),
            imports_dir: imports_dir.to_path_buf(),
            tx,
            cancel_import: Arc::new(AtomicBool::new(false)),
            pages,
            loads: Arc::default(),
            watch,
        }
    }

    /// Reads a page of the case list on the pages worker (only the newest of the
    /// requests waiting is read); answers like [`Jobs::load`].
    pub fn page(&self, what: Load, generation: u64) {
        let sent = self
            .pages
            .as_ref()
            .is_some_and(|p| p.send((what, generation)).is_ok());
        if !sent {
            // The worker is gone (could not start, or stopped): the screen must not
            // wait for a page that never comes.
            let _ = self.tx.send(Msg::Loaded {
                generation,
                result: Err("the worker reading the case list stopped".into()),
            });
        }
    }

    /// Asks the watcher whether another connection changed the database (cheap;
    /// asked on every tick and key, answered only when it did).
    pub fn check_changes(&self) {
        let _ = self.watch.send(Watch::Check);
    }

    /// The app's own write numbered `seq` (an import, an ignore) is done and the app
    /// reloads for it: the watcher takes what is there now as seen.
    pub fn absorb_changes(&self, seq: u64) {
        let _ = self.watch.send(Watch::Absorb(seq));
    }

    /// Runs `job` on a thread of its own; when the thread cannot start, `failed`
    /// makes the job's own failure message, so that whatever waits for its answer
    /// (a pending load, an import's gauge, an ignore) gets one.
    fn spawn(
        &self,
        name: &str,
        failed: impl FnOnce(String) -> Msg,
        job: impl FnOnce(Sender<Msg>, &Path) + Send + 'static,
    ) {
        let tx = self.tx.clone();
        let db = self.db.clone();
        let spawned = std::thread::Builder::new()
            .name(format!("casebench-{name}"))
            .spawn(move || job(tx, &db));
        if let Err(e) = spawned {
            let _ = self
                .tx
                .send(failed(format!("could not start a worker: {e}")));
        }
    }

    /// Reads `what` on the worker of its kind (one kept per kind, with its
    /// connection: only the newest request of a kind waiting is read) and answers
    /// with `Msg::Loaded { generation, .. }`.
    pub fn load(&self, what: Load, generation: u64) {
        let kind = std::mem::discriminant(&what);
        let stopped = |e: String| {
            let _ = self.tx.send(Msg::Loaded {
                generation,
                result: Err(e),
            });
        };
        let Ok(mut loads) = self.loads.lock() else {
            return stopped("the workers failed".into());
        };
        let job = match loads.entry(kind) {
            Entry::Occupied(job) => job.into_mut(),
            Entry::Vacant(slot) => {
                let run = load_handler(self.tx.clone(), self.imports_dir.clone());
                match SingleJob::spawn("load", &self.db, run) {
                    Ok(job) => slot.insert(job),
                    Err(e) => return stopped(format!("could not start a worker: {e}")),
                }
            }
        };
        if job.send((what, generation)).is_err() {
            // The screen must not wait for an answer that never comes.
            stopped("the worker stopped".into());
        }
    }

    /// Imports `files` (None: the new files in the drop folder, found on the worker)
    /// and reports progress, then a summary.
    pub fn import(&self, files: Option<Vec<PathBuf>>) {
        self.cancel_import.store(false, Ordering::SeqCst);
        let cancel = self.cancel_import.clone();
        let imports_dir = self.imports_dir.clone();
        let failed = |e| {
            Msg::Import(ImportEvent::Done(ImportSummary {
                lines: vec![e],
                failed: 1,
                ..ImportSummary::default()
            }))
        };
        self.spawn("import", failed, move |tx, db| {
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
        let failed = |e| Msg::Exported(Err(e));
        self.spawn("export", failed, move |tx, db| {
            let result = (|| -> Result<(PathBuf, usize), String> {
                let store = Store::open_existing(db).map_err(|e| failure(&e))?;
                // The export's file, and its folder, are made by the export writer.
                let mut progress = |rows: usize| {
                    let _ = tx.send(Msg::ExportProgress { rows });
                };
                let rows = build(&store, &path, &mut progress).map_err(|e| failure(&e))?;
                Ok((path, rows))
            })();
            let _ = tx.send(Msg::Exported(result));
        });
    }

    /// Writes a note (`tag` None) or sets or takes off a tag, and answers with
    /// `Msg::Casework`: what to tell the analyst, or why it was refused.
    pub fn casework(&self, target: Named, label: String, write: CaseworkWrite) {
        let failed = |e| Msg::Casework(Err(e));
        self.spawn("casework", failed, move |tx, db| {
            let who = casework::who();
            let result = Store::open_existing(db)
                .and_then(|mut store| match write {
                    CaseworkWrite::Note(text) => {
                        casework::add_note(&mut store, &target, &text, &who)
                            .map(|n| format!("note #{} on {label} saved", n.id))
                    }
                    CaseworkWrite::Tag { tag, undo } => {
                        let list = casework::TagList::for_database(store.path())?;
                        casework::set_tag(&mut store, &list, &target, &tag, &who, undo).map(|o| {
                            let done = if o.undo { "took off" } else { "set" };
                            format!("{done} {} on {label}", o.tag)
                        })
                    }
                })
                .map_err(|e| failure(&e));
            let _ = tx.send(Msg::Casework(result));
        });
    }

    pub fn ignore(&self, value: String, reason: String, undo: bool) {
        let failed = |e| Msg::Ignored(Err(e));
        self.spawn("ignore", failed, move |tx, db| {
            let who = casebench::link::ignore::current_user();
            // A read-only database opens, and the ignore then says why it cannot.
            let result = Store::open_existing(db)
                .and_then(|mut store| ignore::set_ignored(&mut store, &value, &reason, &who, undo))
                .map_err(|e| failure(&e));
            let _ = tx.send(Msg::Ignored(result));
        });
    }
}

/// The pages worker: opens the store at its first request and keeps it, with the
/// case ids in the last order no index serves (sorting a million cases again for
/// each page would stall the scrolling a second a page).
/// What the load workers run: a read, and after it what follows it (the rest of a
/// long list, a case's possible links).
fn load_handler(
    tx: Sender<Msg>,
    imports_dir: PathBuf,
) -> impl FnMut(Result<&Store, &casebench::Error>, (Load, u64)) + Send + 'static {
    move |store, (what, generation)| {
        let store = match store {
            Ok(store) => store,
            Err(e) => {
                let result = Err(failure(e));
                let _ = tx.send(Msg::Loaded { generation, result });
                return;
            }
        };
        let result = read(store, &what, &imports_dir).map_err(|e| failure(&e));
        // A long list's first rows are on screen now; the rest follow.
        let rest = match &result {
            Ok(Loaded::Groups {
                complete: false, ..
            }) => Some(Load::Groups),
            Ok(Loaded::Hubs {
                complete: false, ..
            }) => Some(Load::Hubs),
            _ => None,
        };
        // A case's possible links scan every identifier: they follow the detail.
        let possible = match &result {
            Ok(Loaded::Detail(d)) => Some((d.case.report_no.clone(), d.case.id)),
            _ => None,
        };
        if tx.send(Msg::Loaded { generation, result }).is_err() {
            return;
        }
        if let Some(list) = rest {
            let result = read_all(store, &list).map_err(|e| failure(&e));
            let _ = tx.send(Msg::Loaded { generation, result });
        }
        if let Some((report_no, case_id)) = possible {
            let links =
                report::possible_links(store.connection(), case_id).map_err(|e| failure(&e));
            let result = Ok(Loaded::Possible { report_no, links });
            let _ = tx.send(Msg::Loaded { generation, result });
        }
    }
}

/// What the pages worker runs: a page of the case list, in the order asked (an
/// unindexed order's ids read once and kept, with the worker, while the order holds).
fn pages_handler(
    tx: Sender<Msg>,
) -> impl FnMut(Result<&Store, &casebench::Error>, (Load, u64)) + Send + 'static {
    let mut sorted: Option<(CaseSort, Vec<i64>)> = None;
    move |store, (what, generation)| {
        let result = match store {
            Err(e) => Err(failure(e)),
            Ok(s) => match &what {
                Load::Cases {
                    offset,
                    limit,
                    total,
                    sort,
                } if !sort.order.indexed() => {
                    sorted_page(s, &mut sorted, *sort, *offset, *limit, *total)
                }
                _ => read(s, &what, Path::new("")),
            }
            .map_err(|e| failure(&e)),
        };
        let _ = tx.send(Msg::Loaded { generation, result });
    }
}

/// A job's error as the analyst reads it. SQLite's "database is locked" after the
/// wait for another program's write says nothing about what to do: this does.
pub(super) fn failure(e: &casebench::Error) -> String {
    match e {
        casebench::Error::Db(rusqlite::Error::SqliteFailure(f, _))
            if matches!(
                f.code,
                rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
            ) =>
        {
            "another program is writing to the database (an import?): try again when it \
             has finished"
                .to_string()
        }
        e => e.to_string(),
    }
}

/// The change watcher: keeps one connection and the `data_version` it last saw
/// (SQLite moves it when another connection, in this process or another, commits).
/// Answers a check only when it moved, with how many cases came or went.
fn serve_watch(db: &Path, inbox: &Receiver<Watch>, tx: &Sender<Msg>) {
    let mut store: Option<Store> = None;
    // (data_version, cases) as last seen; the newest own write taken in.
    let mut seen: Option<(i64, i64)> = None;
    let mut absorbed = 0;
    while let Ok(first) = inbox.recv() {
        // Checks queued behind each other are one check; an absorb is kept.
        let mut absorb = None;
        for w in std::iter::once(first).chain(inbox.try_iter()) {
            if let Watch::Absorb(seq) = w {
                absorb = Some(seq);
            }
        }
        if store.is_none() {
            // Noticing is best effort: without a connection, nothing is reported.
            store = Store::open_existing(db).ok();
        }
        let Some(s) = &store else { continue };
        let now = (|| -> casebench::Result<(i64, i64)> {
            let conn = s.connection();
            let version: i64 = conn.query_row("PRAGMA data_version", [], |r| r.get(0))?;
            let cases = match seen {
                Some((v, cases)) if v == version => cases,
                _ => views::case_total(conn)? as i64,
            };
            Ok((version, cases))
        })();
        let Ok(now) = now else {
            // A locked or damaged database: the next check tries again.
            continue;
        };
        if let Some(seq) = absorb {
            absorbed = absorbed.max(seq);
            let first = seen.replace(now).is_none();
            if first && tx.send(Msg::Watching).is_err() {
                return;
            }
            continue;
        }
        match seen {
            Some((version, cases)) if version != now.0 => {
                seen = Some(now);
                let change = Change {
                    absorbed,
                    new_cases: now.1 - cases,
                };
                if tx.send(Msg::Changed(change)).is_err() {
                    return;
                }
            }
            Some(_) => {}
            None => {
                seen = Some(now);
                if tx.send(Msg::Watching).is_err() {
                    return;
                }
            }
        }
    }
}

/// A page of the case list in an order no index serves, from the ids kept in it
/// (read first, when they are not the ids of this order, version and count).
fn sorted_page(
    store: &Store,
    kept: &mut Option<(CaseSort, Vec<i64>)>,
    sort: CaseSort,
    offset: u64,
    limit: u64,
    total: u64,
) -> casebench::Result<Loaded> {
    let conn = store.connection();
    let fresh = matches!(kept, Some((s, ids)) if *s == sort && ids.len() as u64 == total);
    if !fresh {
        *kept = None;
        let ids = views::case_ids_ordered(conn, sort.order, sort.descending)?;
        *kept = Some((sort, ids));
    }
    let ids = kept.as_ref().map_or(&[][..], |(_, ids)| ids.as_slice());
    let start = (offset as usize).min(ids.len());
    let end = start.saturating_add(limit as usize).min(ids.len());
    Ok(Loaded::Cases {
        offset,
        lines: views::case_lines(conn, &ids[start..end])?,
    })
}

fn read(store: &Store, what: &Load, imports_dir: &Path) -> casebench::Result<Loaded> {
    let conn = store.connection();
    Ok(match what {
        Load::Totals => Loaded::Totals(views::totals(conn)?),
        Load::Cases {
            offset,
            limit,
            total,
            sort,
        } => {
            let (order, descending) = (sort.order, sort.descending);
            let ids =
                views::case_ids_page_ordered(conn, order, descending, *offset, *limit, *total)?;
            Loaded::Cases {
                offset: *offset,
                lines: views::case_lines(conn, &ids)?,
            }
        }
        Load::Detail(report_no) => {
            let Some(case) = views::case_detail(conn, report_no)? else {
                return Err(casebench::Error::NotFound {
                    what: "case",
                    name: report_no.clone(),
                });
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
        Load::Groups => {
            let mut rows = views::groups(conn, FIRST_ROWS + 1)?;
            let complete = rows.len() <= FIRST_ROWS;
            rows.truncate(FIRST_ROWS);
            Loaded::Groups { rows, complete }
        }
        Load::Group(id) => Loaded::Group(group_members(conn, id)?),
        Load::Hubs => {
            let mut rows = report::hubs(conn, None, FIRST_ROWS + 1)?;
            let complete = rows.len() <= FIRST_ROWS;
            rows.truncate(FIRST_ROWS);
            Loaded::Hubs { rows, complete }
        }
        Load::Imports => Loaded::Imports(ImportsData {
            batches: queries::batches(store)?,
            rejected: queries::rejected(store, None)?,
            pending: pending(store, imports_dir)?,
        }),
        Load::Stats => Loaded::Stats(Box::new(StatsData {
            weeks: views::weekly(conn)?,
            types: views::by_scam_type(conn)?,
            hubs: report::hubs(conn, None, 10)?,
            bands: casebench::store::charts::amount_bands(conn)?,
            contact: casebench::store::charts::first_contact(conn)?,
        })),
        Load::Bulletin(period) => {
            use casebench::bulletin::{self, Which};
            let which = match period {
                Some(p) => Which::Given(*p),
                None => Which::Latest {
                    today: chrono::Local::now().date_naive(),
                },
            };
            Loaded::Bulletin(Box::new(bulletin::build(conn, which)?))
        }
        Load::Pending => Loaded::Pending(pending(store, imports_dir)?),
        Load::Marks => Loaded::Marks(
            Arc::new(casework::Annotations::read(conn)?),
            casework::TagList::for_database(store.path())?,
        ),
    })
}

/// The whole of a list whose first rows were read by [`read`].
fn read_all(store: &Store, what: &Load) -> casebench::Result<Loaded> {
    let conn = store.connection();
    // Every identifier is totalled and sorted at once (710k at a million cases):
    // SQLite's sorts go to temporary files on this worker's own connection, so that
    // the workbench, which also holds the search index, stays within its memory.
    conn.pragma_update(None, "temp_store", "FILE")?;
    Ok(match what {
        Load::Hubs => Loaded::Hubs {
            rows: report::hubs(conn, None, ALL_ROWS)?,
            complete: true,
        },
        _ => Loaded::Groups {
            rows: views::groups(conn, ALL_ROWS)?,
            complete: true,
        },
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
        // A workbook's sheets that were not read, under its line.
        summary
            .lines
            .extend(r.notes().into_iter().map(|n| format!("  {n}")));
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
