//! `casebench check`: SQLite's integrity check and casebench's own consistency checks
//! (batch counts, identifiers, relations, groups), one line per check; exit 1 when any
//! check finds a problem.

use std::path::Path;

use casebench::check;
use casebench::export::sanitize;

use super::{Outcome, open_store};

#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(db: &Path, _args: Args) -> anyhow::Result<Outcome> {
    let mut store = open_store(db)?;
    let report = check::check(&mut store)?;
    let width = report
        .findings
        .iter()
        .map(|f| f.check.len())
        .max()
        .unwrap_or(0);
    for finding in &report.findings {
        let status = if finding.ok() { "ok     " } else { "PROBLEM" };
        say!(
            "{:width$}  {status}  {}",
            finding.check,
            sanitize(&finding.scope)
        )?;
        for problem in &finding.problems {
            say!("    {}", sanitize(problem))?;
        }
    }
    let failed = report.findings.iter().filter(|f| !f.ok()).count();
    if failed == 0 {
        say!(
            "{}: every check passed",
            sanitize(&db.display().to_string())
        )?;
        Ok(Outcome::Ok)
    } else {
        let checks = if failed == 1 { "check" } else { "checks" };
        eprintln!(
            "casebench: {}: {failed} {checks} found problems",
            db.display()
        );
        Ok(Outcome::PartialFailure)
    }
}
