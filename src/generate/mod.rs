//! Synthetic weekly batches of fraud reports for demos, tests and benchmarks
//! (`casebench generate`). Gangs reuse their caller numbers and receiving accounts
//! across reports and weeks; every identifier is written in the noisy forms real
//! exports hold; files differ in headers, column order, encoding and line endings;
//! a few problem rows are planted. `truth.tsv` records what was meant, so tests can
//! check the importer and the linker against it. Same seed, same bytes.

mod forms;
mod ids;
mod narrative;
mod plan;
mod scripts;
mod truth;
mod words;
mod write;

#[cfg(test)]
mod tests;

use std::path::PathBuf;

/// What to generate.
#[derive(Debug, Clone)]
pub struct GenOptions {
    /// Reports to generate (planted problem rows come on top).
    pub reports: usize,
    /// Weekly files, consecutive weeks ending with the week of 2026-11-23.
    pub weeks: usize,
    pub seed: u64,
    /// Percent of reports whose caller numbers and receiving accounts are written only
    /// in the narrative, with the cue words police use (`向对方提供的建行卡（…）`).
    pub narrative: u8,
    /// Output folder, created if missing.
    pub out: PathBuf,
}

/// The default share of reports with their identifiers only in the narrative.
pub const NARRATIVE_SHARE: u8 = 10;

impl GenOptions {
    /// `reports` reports over the default 5 weeks, seed 1.
    pub fn new(reports: usize, out: impl Into<PathBuf>) -> GenOptions {
        GenOptions {
            reports,
            weeks: 5,
            seed: 1,
            narrative: NARRATIVE_SHARE,
            out: out.into(),
        }
    }
}

/// What was written.
#[derive(Debug, Clone)]
pub struct GenSummary {
    /// The batch files, `batch-01.csv` first.
    pub files: Vec<PathBuf>,
    /// Generated reports (planted extra rows not counted).
    pub reports: usize,
    pub gangs: usize,
    /// The answer key, `truth.tsv`.
    pub truth: PathBuf,
}

/// Writes `batch-01.csv` … `batch-WW.csv` and `truth.tsv` into `opts.out`.
/// `progress(rows_written_so_far)` is called now and then (the CLI draws a bar).
pub fn generate(opts: &GenOptions, progress: &mut dyn FnMut(usize)) -> crate::Result<GenSummary> {
    if opts.weeks == 0 {
        return Err(crate::Error::Refused(
            "generate: --weeks must be at least 1".into(),
        ));
    }
    if opts.narrative > 100 {
        return Err(crate::Error::Refused(
            "generate: --narrative is a percentage, at most 100".into(),
        ));
    }
    if opts.weeks > 520 {
        return Err(crate::Error::Refused(
            "generate: --weeks must be at most 520".into(),
        ));
    }
    std::fs::create_dir_all(&opts.out).map_err(|e| crate::Error::io(&opts.out, e))?;
    let plan = plan::Plan::new(opts);
    write::write_all(&plan, opts, progress)
}
