//! The in-process half of the benchmark (`bench/run` drives it; see BENCHMARKS.md).
//!
//! Three jobs, each a subcommand, each printing `key value` lines on stdout for the
//! script to collect:
//!
//! - `split --input CSV --base-rows N --base OUT --batch OUT`: one generated file
//!   becomes the base (its first N records) and the next weekly batch (the rest), both
//!   UTF-8. The batch shares the base's gangs, so relinking it has real work to do,
//!   and no report number collides. The input is decoded the way the importer does
//!   (BOM, strict UTF-8, else GB18030) so that `sqlite3 .import` reads the same text.
//! - `scripts --db DB --out FILE`: every case's script on one line, for `fzf --filter`.
//! - `search --db DB --runs R [--only CLASSES]`: the index build and warm queries per
//!   class through the library API (`SearchIndex`, `Searcher`), medians and 95th
//!   percentiles, and the CPU time per query (all threads, from `/proc/self/stat`;
//!   it includes rayon's workers spinning before they sleep, so it compares builds
//!   better than queries). The build is timed from SQLite (`build_fresh`), then
//!   the index file beside the database is written if missing or behind and read
//!   back (`load`: what `SearchIndex::build` does in a new process).
//!   `--only build,load,text1,...` runs just those classes;
//!   `--queries "a,b c" --only custom` runs the given queries as a class of their own.
//!
//! - `parse --input CSV [--digest] [--keep]`: the importer's reader and row parser
//!   alone over a file (no SQLite): rows, seconds and µs per row. The parsed rows are
//!   dropped on this thread as they come, as the import's writer does; `--keep` holds
//!   them all until the clock stops instead (the parser alone, without another thread's
//!   frees contending with its allocations; needs memory for every row). `--digest`
//!   also prints a hash of every parsed row, to check that a change to the parser
//!   changed no output.
//!
//! - `floor --from DB --into NEW`: what SQLite alone costs to write what an import
//!   writes. A fresh database with casebench's schema takes every row of DB's tables
//!   by `INSERT … SELECT` (no parsing, no binding, no Rust between the rows; each row
//!   built from its values, not copied as stored), with every index dropped and built
//!   after the rows (as a first load does for its big ones), the import's settings
//!   (rollback journal, page cache, sort runs) and the commit. The design's floor for
//!   the import, beside `sqlite3 .import`'s one bare table.
//!
//! Not a test and not timed by one: `cargo bench --bench measure -- search ...`.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use casebench::search::{CancelToken, Query, SearchIndex, Searcher};
use casebench::store::Store;

type Res<T> = Result<T, Box<dyn std::error::Error>>;

/// Results per query: what a page of the TUI or `casebench search` asks for.
const LIMIT: usize = 50;

const ONE_TERM: &[&str] = &[
    "金条", "白条", "征信", "会员", "注销", "客服", "网贷", "student", "quota",
];
const TWO_TERMS: &[&str] = &[
    "金条 征信",
    "京东 客服",
    "白条 额度",
    "共享 屏幕",
    "会员 扣费",
    "student loan",
];
/// Typed one character at a time, each prefix a query (the TUI's search-as-you-type).
const TYPED: &[&str] = &[
    "京东金条征信",
    "白条额度",
    "云视讯会议",
    "共享屏幕 转账",
    "student loan",
    "cancel membership",
];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // `cargo bench` passes `--bench` to harness-less targets; ignore it.
    let args: Vec<String> = args.into_iter().filter(|a| a != "--bench").collect();
    let result = match args.first().map(String::as_str) {
        Some("split") => split(&args[1..]),
        Some("scripts") => scripts(&args[1..]),
        Some("search") => search(&args[1..]),
        Some("parse") => parse(&args[1..]),
        Some("floor") => floor(&args[1..]),
        Some(other) => Err(format!("unknown command {other:?}").into()),
        // `cargo bench` with no arguments: nothing to measure without a database.
        None => {
            eprintln!("usage: measure split|scripts|search|parse|floor ... (run bench/run)");
            Ok(())
        }
    };
    if let Err(e) = result {
        eprintln!("measure: {e}");
        std::process::exit(1);
    }
}

/// The value of `--name` in `args`.
fn opt(args: &[String], name: &str) -> Res<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .cloned()
        .ok_or_else(|| format!("missing {name}").into())
}

fn split(args: &[String]) -> Res<()> {
    let input = PathBuf::from(opt(args, "--input")?);
    let base_rows: usize = opt(args, "--base-rows")?.parse()?;
    let bytes = std::fs::read(&input)?;
    let (text, encoding) = decode(&bytes);
    println!("split.input_encoding {encoding}");

    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = reader.headers()?.clone();
    let report_col = headers
        .iter()
        .position(|h| {
            matches!(
                h.trim().to_lowercase().as_str(),
                "report_no"
                    | "case_no"
                    | "case_id"
                    | "案件编号"
                    | "警情编号"
                    | "报案编号"
                    | "接警编号"
                    | "ajbh"
                    | "jjbh"
            )
        })
        .ok_or("no report number column")?;
    let open = |path: &str| -> Res<csv::Writer<BufWriter<File>>> {
        let mut w = csv::WriterBuilder::new()
            .flexible(true)
            .from_writer(BufWriter::new(File::create(path)?));
        w.write_record(&headers)?;
        Ok(w)
    };
    let mut base = open(&opt(args, "--base")?)?;
    let mut batch = open(&opt(args, "--batch")?)?;
    let (mut n_base, mut n_batch) = (0usize, 0usize);
    for record in reader.records() {
        let record = record?;
        if n_base < base_rows {
            base.write_record(&record)?;
            n_base += 1;
        } else {
            // The generator numbers reports in order, so the tail's numbers are already
            // unseen; mark them anyway so that a later base never meets them.
            let fields: Vec<String> = record
                .iter()
                .enumerate()
                .map(|(i, f)| {
                    if i == report_col && !f.is_empty() {
                        format!("NEXT-{f}")
                    } else {
                        f.to_string()
                    }
                })
                .collect();
            batch.write_record(&fields)?;
            n_batch += 1;
        }
    }
    base.flush()?;
    batch.flush()?;
    println!("split.base_rows {n_base}");
    println!("split.batch_rows {n_batch}");
    Ok(())
}

/// How the importer reads a file: a BOM, else strict UTF-8, else GB18030.
fn decode(bytes: &[u8]) -> (String, &'static str) {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return (String::from_utf8_lossy(rest).into_owned(), "utf-8-bom");
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_string(), "utf-8"),
        Err(_) => {
            let (text, _) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
            (text.into_owned(), "gb18030")
        }
    }
}

fn scripts(args: &[String]) -> Res<()> {
    let store = Store::open(&PathBuf::from(opt(args, "--db")?))?;
    let mut out = BufWriter::new(File::create(opt(args, "--out")?)?);
    let mut stmt = store
        .connection()
        .prepare("SELECT script FROM cases ORDER BY id")?;
    let mut rows = stmt.query([])?;
    let mut n = 0usize;
    while let Some(r) = rows.next()? {
        let script = r.get_ref(0)?.as_str().unwrap_or("");
        let line: String = script
            .chars()
            .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
            .collect();
        writeln!(out, "{line}")?;
        n += 1;
    }
    out.flush()?;
    println!("scripts.lines {n}");
    Ok(())
}

/// CPU time of this process so far, all threads, user and system, in ms (Linux;
/// None elsewhere). Clock ticks are taken as 100 per second, the Linux default.
fn cpu_ms() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which may hold spaces) in parentheses.
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) * 10.0)
}

/// Prints the CPU time per sample spent since `since` (from [`cpu_ms`]).
fn report_cpu(class: &str, since: Option<f64>, samples: usize) {
    if let (Some(a), Some(b)) = (since, cpu_ms()) {
        let per = (b - a) / samples.max(1) as f64;
        println!("search.{class}.cpu_ms_per_query {per:.1}");
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The median and the 95th percentile (nearest rank) of `samples`, in ms.
fn stats(samples: &mut [f64]) -> (f64, f64) {
    if samples.is_empty() {
        return (f64::NAN, f64::NAN);
    }
    samples.sort_by(f64::total_cmp);
    let n = samples.len();
    let median = if n % 2 == 1 {
        samples[n / 2]
    } else {
        (samples[n / 2 - 1] + samples[n / 2]) / 2.0
    };
    let rank = ((0.95 * n as f64).ceil() as usize).clamp(1, n);
    (median, samples[rank - 1])
}

fn report(class: &str, samples: &mut [f64]) {
    let (median, p95) = stats(samples);
    println!("search.{class}.median_ms {median:.3}");
    println!("search.{class}.p95_ms {p95:.3}");
    println!("search.{class}.samples {}", samples.len());
}

/// Identifier values of one kind spread over the table (every `step`-th row).
fn sample_identifiers(store: &Store, kind: &str, count: usize) -> Res<Vec<String>> {
    let conn = store.connection();
    let total: i64 = conn.query_row(
        "SELECT COUNT(*) FROM identifiers i
          WHERE kind = ?1 AND EXISTS (SELECT 1 FROM case_identifiers c
                                       WHERE c.identifier_id = i.id AND c.role != 'victim_phone')",
        [kind],
        |r| r.get(0),
    )?;
    let step = (total / count.max(1) as i64).max(1);
    let mut stmt = conn.prepare(
        "SELECT value FROM identifiers i
          WHERE kind = ?1 AND EXISTS (SELECT 1 FROM case_identifiers c
                                       WHERE c.identifier_id = i.id AND c.role != 'victim_phone')
          ORDER BY id",
    )?;
    let values: Vec<String> = stmt
        .query_map([kind], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(values
        .into_iter()
        .step_by(step as usize)
        .take(count)
        .collect())
}

/// With `MEASURE_PAGES=1`, prints a query's page (case ids, scores, how each term
/// matched) and total: two builds' outputs are diffed to show a change kept the
/// results.
fn print_page(query: &str, results: &casebench::search::SearchResults) {
    if std::env::var_os("MEASURE_PAGES").is_none() {
        return;
    }
    let hits: Vec<String> = results
        .hits
        .iter()
        .map(|h| {
            let how: Vec<String> = h
                .matches
                .iter()
                .map(|m| format!("{}:{}:{:?}", m.kind.name(), m.field.name(), m.positions))
                .collect();
            format!("{}/{}/{}", h.case_id, h.score, how.join(","))
        })
        .collect();
    println!(
        "page {query:?} total {} exhaustive {} hits {}",
        results.total,
        results.exhaustive,
        hits.join(" ")
    );
}

/// Runs each query `runs` times with a fresh session (no refinement), returning the
/// times in ms and the largest result count seen.
fn one_shot(ix: &SearchIndex, queries: &[String], runs: usize) -> Res<(Vec<f64>, usize)> {
    let mut times = Vec::new();
    let mut most = 0;
    for _ in 0..runs {
        for q in queries {
            let query = Query::parse(q).map_err(|e| format!("{q}: {e}"))?;
            let mut searcher = Searcher::new();
            let t = Instant::now();
            let results = searcher
                .search(ix, &query, LIMIT, &CancelToken::never())
                .map_err(|e| format!("{q}: {e}"))?;
            times.push(ms(t.elapsed()));
            if std::env::var_os("MEASURE_VERBOSE").is_some() {
                eprintln!(
                    "{q:?}: {:.2} ms, {} results",
                    ms(t.elapsed()),
                    results.total
                );
            }
            print_page(q, &results);
            most = most.max(results.total);
            if results.hits.is_empty() {
                eprintln!("measure: note: no results for {q:?}");
            }
        }
    }
    Ok((times, most))
}

fn search(args: &[String]) -> Res<()> {
    let db = PathBuf::from(opt(args, "--db")?);
    let runs: usize = opt(args, "--runs").unwrap_or_else(|_| "3".into()).parse()?;
    let runs = runs.max(1);
    let only = opt(args, "--only").ok();
    let wanted = |class: &str| {
        only.as_deref()
            .is_none_or(|o| o.split(',').any(|c| c == class))
    };
    let store = Store::open(&db)?;

    // The build from SQLite, `runs` times; only one index alive at a time.
    let mut builds = Vec::new();
    let mut index = None;
    let cpu = cpu_ms();
    for _ in 0..if wanted("build") { runs } else { 1 } {
        drop(index.take());
        let t = Instant::now();
        let ix = SearchIndex::build_fresh(&store)?;
        builds.push(ms(t.elapsed()));
        index = Some(ix);
    }
    let mut ix = index.ok_or("no index")?;
    let (build, _) = stats(&mut builds);
    println!("search.cases {}", ix.len());
    println!("search.build_ms {build:.1}");
    report_cpu("build", cpu, builds.len());
    println!("search.index_mib {:.1}", ix.heap_bytes() as f64 / 1048576.0);

    // The index file beside the database (what a new process reads instead of
    // building): written once if missing or behind, then read back `runs` times.
    if wanted("load") {
        drop(ix);
        let t = Instant::now();
        ix = SearchIndex::build(&store)?;
        println!("search.first_open_ms {:.1}", ms(t.elapsed()));
        let mut loads = Vec::new();
        let cpu = cpu_ms();
        for _ in 0..runs {
            drop(ix);
            let t = Instant::now();
            ix = SearchIndex::build(&store)?;
            loads.push(ms(t.elapsed()));
        }
        let (load, _) = stats(&mut loads);
        println!("search.load_ms {load:.1}");
        report_cpu("load", cpu, loads.len());
        let mut file = db.as_os_str().to_os_string();
        file.push("-search");
        if let Ok(m) = std::fs::metadata(PathBuf::from(file)) {
            println!("search.file_mib {:.1}", m.len() as f64 / 1048576.0);
        }
    }

    let identifiers = wanted("exact") || wanted("suffix");
    let sample = |kind| -> Res<Vec<String>> {
        if identifiers {
            sample_identifiers(&store, kind, 10)
        } else {
            Ok(Vec::new())
        }
    };
    let mut phones = sample("phone")?;
    let cards = sample("card")?;
    let suffixes: Vec<String> = cards
        .iter()
        .chain(phones.iter())
        .map(|v| {
            let digits: Vec<char> = v.chars().filter(char::is_ascii_digit).collect();
            digits[digits.len().saturating_sub(4)..].iter().collect()
        })
        .collect();
    phones.extend(cards);
    let owned = |qs: &[&str]| qs.iter().map(|q| q.to_string()).collect::<Vec<_>>();

    // `--queries "a,b c"`: a class of the caller's own, for profiling one query.
    let custom: Vec<String> = opt(args, "--queries")
        .map(|q| q.split(',').map(str::to_string).collect())
        .unwrap_or_default();
    let classes: [(&str, Vec<String>); 5] = [
        ("custom", custom),
        ("exact", phones),
        ("suffix", suffixes),
        ("text1", owned(ONE_TERM)),
        ("text2", owned(TWO_TERMS)),
    ];
    for (class, queries) in &classes {
        if !wanted(class) || queries.is_empty() {
            continue;
        }
        let cpu = cpu_ms();
        let (mut times, most) = one_shot(&ix, queries, runs)?;
        report(class, &mut times);
        report_cpu(class, cpu, times.len());
        println!("search.{class}.max_results {most}");
    }

    // Typing: one session per query, one search per keystroke.
    let mut keystrokes = Vec::new();
    let cpu = cpu_ms();
    for _ in 0..if wanted("keystroke") { runs } else { 0 } {
        for typed in TYPED {
            let mut searcher = Searcher::new();
            let mut prefix = String::new();
            for c in typed.chars() {
                prefix.push(c);
                let Ok(query) = Query::parse(&prefix) else {
                    continue;
                };
                let t = Instant::now();
                let results = searcher
                    .search(&ix, &query, LIMIT, &CancelToken::never())
                    .map_err(|e| format!("{prefix}: {e}"))?;
                keystrokes.push(ms(t.elapsed()));
                print_page(&prefix, &results);
                if std::env::var_os("MEASURE_VERBOSE").is_some() {
                    eprintln!("typed {prefix:?}: {:.2} ms", ms(t.elapsed()));
                }
            }
        }
    }
    if wanted("keystroke") {
        report("keystroke", &mut keystrokes);
        report_cpu("keystroke", cpu, keystrokes.len());
    }
    Ok(())
}

/// The importer's reading and parsing alone: `parse --input CSV [--digest]`.
fn parse(args: &[String]) -> Res<()> {
    use sha2::{Digest, Sha256};
    let input = PathBuf::from(opt(args, "--input")?);
    let digest = args.iter().any(|a| a == "--digest");
    let keep = args.iter().any(|a| a == "--keep");
    let mut hasher = Sha256::new();
    let mut kept = Vec::new();
    let started = Instant::now();
    let counts = casebench::import::parse_file(&input, &mut |line, row| {
        if digest {
            hasher.update(format!("{line} {row:?}\n").as_bytes());
        }
        if keep {
            kept.push(row);
        }
    })?;
    let secs = started.elapsed().as_secs_f64();
    // Freed after the clock stopped: with --keep, the parser's time without the
    // frees of another thread contending with its allocations.
    drop(kept);
    println!("parse.rows {}", counts.read);
    println!("parse.rejected {}", counts.rejected);
    let rows_secs = counts.rows_time.as_secs_f64();
    println!("parse.seconds {secs:.3}");
    println!("parse.rows_seconds {rows_secs:.3}");
    // Per row: the rows alone (read_rows), and with reading and decoding the file.
    println!(
        "parse.us_per_row {:.2}",
        rows_secs * 1e6 / counts.read.max(1) as f64
    );
    println!(
        "parse.us_per_row_with_decode {:.2}",
        secs * 1e6 / counts.read.max(1) as f64
    );
    if digest {
        let hex: String = hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        println!("parse.digest {hex}");
    }
    Ok(())
}

fn floor(args: &[String]) -> Res<()> {
    use casebench::store::bulk;
    let from = PathBuf::from(opt(args, "--from")?);
    let into = PathBuf::from(opt(args, "--into")?);
    if into.exists() {
        return Err(format!("{} exists: give a new file", into.display()).into());
    }
    // The schema the migrations make, in a new file, written as a first load is:
    // through the rollback journal, synced behind, with the big page cache and
    // sorts in temporary files, foreign keys off.
    let store = Store::open(&into)?;
    let conn = store.connection();
    let journal = bulk::journal_for_first_load(conn)?;
    let _flush = journal.rollback().then(|| bulk::flush_behind(&into));
    conn.pragma_update(None, "foreign_keys", "OFF")?;
    store.begin_writes()?;
    conn.execute("ATTACH DATABASE ?1 AS src", [from.to_string_lossy()])?;
    // Every table but the migrations' record and the scam-type mapping's one row (the
    // new file has its own of each, written when it was opened), in the order the
    // migrations made them.
    let tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM main.sqlite_master WHERE type = 'table'
                AND name NOT LIKE 'sqlite_%'
                AND name NOT IN ('schema_migrations', 'scam_type_mapping') ORDER BY rowid",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    // Every index that can be dropped (not a UNIQUE or PRIMARY KEY constraint's): the
    // import sets the big ones aside, and for the small ones it keeps that costs no
    // more.
    let indexes: Vec<String> = conn
        .prepare(
            "SELECT name FROM main.sqlite_master WHERE type = 'index' AND sql IS NOT NULL
              ORDER BY rowid",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let started = Instant::now();
    let took =
        |what: &str, since: Instant| println!("floor.{what}_ms {}", since.elapsed().as_millis());
    conn.execute_batch("BEGIN")?;
    // One at a time, so that each rebuild is timed on its own.
    let aside = indexes
        .iter()
        .map(|name| Ok((name, bulk::set_aside(conn, &[name.as_str()])?)))
        .collect::<Res<Vec<_>>>()?;
    for table in &tables {
        let t = Instant::now();
        // `WHERE 1` keeps SQLite from copying the stored records whole (its transfer
        // optimization for identical tables): each row is built from its values, as
        // a loader's insert builds it.
        // The stored columns only: a generated one (migrations 015, 016) is computed.
        let columns: Vec<String> = conn
            .prepare("SELECT name FROM pragma_table_xinfo(?1) WHERE hidden = 0 ORDER BY cid")?
            .query_map([table], |r| r.get::<_, String>(0))?
            .map(|c| c.map(|c| format!("\"{c}\"")))
            .collect::<Result<_, _>>()?;
        let columns = columns.join(", ");
        conn.execute_batch(&format!(
            "INSERT INTO \"{table}\" ({columns}) SELECT {columns} FROM src.\"{table}\" WHERE 1"
        ))?;
        took(table, t);
    }
    for (name, aside) in aside {
        let t = Instant::now();
        aside.rebuild(conn)?;
        took(name, t);
    }
    let t = Instant::now();
    conn.execute_batch("COMMIT")?;
    took("commit", t);
    println!("floor.seconds {:.3}", started.elapsed().as_secs_f64());
    conn.execute_batch("DETACH DATABASE src")?;
    journal.restore(conn)?;
    store.end_writes()?;
    Ok(())
}
