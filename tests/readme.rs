//! The README's weekly workflow, run as written against the bundled sample, so the
//! examples stay true.

use std::path::Path;

use crate::util::WorkDir;

/// The bundled sample copied into the work directory's imports/.
fn with_sample() -> WorkDir {
    let w = WorkDir::new();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("imports/sample");
    for entry in std::fs::read_dir(&sample).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        w.write(
            &format!("imports/sample/{name}"),
            std::fs::read(&path).unwrap(),
        );
    }
    w
}

/// The README's shell lines that start with `casebench` inside its workflow block.
fn readme_commands() -> Vec<String> {
    let readme = include_str!("../README.md");
    let start = readme.find("## The weekly workflow").unwrap();
    let block = &readme[start..];
    let block = &block[block.find("```sh").unwrap() + 5..];
    let block = &block[..block.find("```").unwrap()];
    block
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("casebench "))
        .map(|l| l.split("  #").next().unwrap_or(l).trim().to_string())
        .collect()
}

/// Splits a README line into arguments: words, and "double-quoted" strings.
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ' ' if !quoted => {
                if !current.is_empty() {
                    out.push(std::mem::take(&mut current));
                }
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

#[test]
fn every_workflow_command_in_the_readme_runs_on_the_sample() {
    let w = with_sample();
    let commands = readme_commands();
    assert!(commands.len() >= 15, "{commands:?}");
    for line in commands {
        let mut args = words(&line);
        args.remove(0);
        // The generated example writes to /tmp in the README: keep it in the work dir.
        let args: Vec<String> = args
            .into_iter()
            .map(|a| a.replace("/tmp/", &format!("{}/", w.path().display())))
            .collect();
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = w.run(&refs);
        assert!(
            out.status.success(),
            "README command failed: {line}\n{}",
            crate::util::show(&out)
        );
    }
    assert!(w.join("exports/groups.xlsx").exists());
    assert!(w.join("exports/groups.graphml").exists());
    assert!(w.join("exports/freeze.xlsx").exists());
    assert!(w.join("exports/to-freeze.xlsx").exists());
}

#[test]
fn the_sample_imports_once_and_lists_its_planted_rows() {
    let w = with_sample();
    let first = w.ok(&["import", "imports/sample"]);
    assert_eq!(first.matches(" read, ").count(), 5, "{first}");
    let cases = w.ok(&["cases", "--format", "csv"]);
    let reports = crate::util::column(&cases, "report_no");
    let mut unique = reports.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), reports.len(), "every case once");
    assert!(reports.len() >= 2000);
    let again = w.ok(&["import", "imports/sample"]);
    assert_eq!(again.matches("already imported").count(), 5, "{again}");
    let rejected = w.ok(&["batches", "--rejected", "--format", "csv"]);
    let reasons = crate::util::column(&rejected, "reason");
    assert!(reasons.iter().any(|r| r == "no report_no"), "{reasons:?}");
    // The planted corrections (a report's loss changed in a later week) update their
    // case rather than being rejected.
    let batches = w.ok(&["batches", "--format", "csv"]);
    let updated: u64 = crate::util::column(&batches, "updated")
        .iter()
        .map(|n| n.parse::<u64>().unwrap())
        .sum();
    assert!(updated >= 1, "{batches}");
}
