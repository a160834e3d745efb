//! `casebench generate`: realistic synthetic weekly batches for trying and testing.

use std::path::PathBuf;

use casebench::generate::{GenOptions, generate};
use indicatif::{ProgressBar, ProgressStyle};

use super::Outcome;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// How many reports to write.
    #[arg(long)]
    reports: usize,
    /// The folder to write the weekly files into.
    #[arg(long)]
    out: PathBuf,
    /// How many weekly files.
    #[arg(long, default_value_t = 5)]
    weeks: usize,
    /// Random seed: the same seed writes the same files.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Percent of reports whose identifiers are written only in the narrative.
    #[arg(long, default_value_t = casebench::generate::NARRATIVE_SHARE,
          value_parser = clap::value_parser!(u8).range(0..=100))]
    narrative: u8,
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    if args.weeks == 0 {
        anyhow::bail!("--weeks must be at least 1");
    }
    let bar = ProgressBar::new(args.reports as u64);
    bar.set_style(
        ProgressStyle::with_template("generating [{bar:30}] {pos}/{len} reports")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    let options = GenOptions {
        reports: args.reports,
        weeks: args.weeks,
        seed: args.seed,
        narrative: args.narrative,
        out: args.out,
    };
    let summary = generate(&options, &mut |n| bar.set_position(n as u64))?;
    bar.finish_and_clear();
    for file in &summary.files {
        say!("{}", file.display())?;
    }
    say!(
        "{} reports from {} gangs in {} files; truth in {}",
        summary.reports,
        summary.gangs,
        summary.files.len(),
        summary.truth.display()
    )?;
    Ok(Outcome::Ok)
}
