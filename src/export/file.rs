//! Writing a listing to `-o FILE`.
//!
//! Exports hold victims' data, so a file is created readable and writable by its
//! owner only (mode 0600 on unix). It is written under a temporary name beside the
//! target, synced, and only then renamed over it: an export that fails (a full disk,
//! a kill) leaves yesterday's file as it was and nothing under the final name. A
//! target that is a symbolic link or not a regular file (a folder, a FIFO, a device)
//! is refused: an export never writes through a link to somewhere else, nor hangs on
//! a pipe. The format comes from `--format` or else from the extension; a CSV file
//! starts with a UTF-8 BOM for Excel on a Chinese Windows desktop. Errors name the
//! path.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use super::{Format, Listing, RowWriter, WriteOptions};
use crate::{Error, Result};

/// Writes `listing` to the file at `path` (created or truncated), in `format` or
/// else the format of the file's extension (`.csv`, `.json`, `.txt`/`.table`).
/// CSV files get a BOM; tables use the default column limit and no colour.
/// A failure part-way may leave a partial file behind.
pub fn write_listing_file(listing: &Listing, format: Option<Format>, path: &Path) -> Result<()> {
    write_rows_file(listing.columns.clone(), format, path, &mut |w| {
        listing.rows.iter().try_for_each(|row| w.row(row))
    })?;
    Ok(())
}

/// [`write_listing_file`] for a listing made as it is written: `fill` gives the
/// [`RowWriter`] its rows. Returns the number of rows written.
pub fn write_rows_file(
    columns: Vec<String>,
    format: Option<Format>,
    path: &Path,
    fill: &mut dyn FnMut(&mut RowWriter<'_>) -> Result<()>,
) -> Result<usize> {
    let format = match format.or_else(|| Format::from_path(path)) {
        Some(f) => f,
        None => return Err(Error::file(path, unknown_extension(path))),
    };
    let opts = WriteOptions {
        bom: format == Format::Csv,
        ..WriteOptions::default()
    };
    let staged = Staged::create(path)?;
    let mut out = BufWriter::new(staged.file());
    let mut writer = RowWriter::new(columns, format, &mut out, &opts, path)?;
    fill(&mut writer)?;
    let rows = writer.finish()?;
    out.flush().map_err(|e| Error::io(path, e))?;
    drop(out);
    staged.commit()?;
    Ok(rows)
}

fn unknown_extension(path: &Path) -> String {
    let hint = "use a .csv, .json, .xlsx or .txt file name, or give --format table|csv|json|xlsx";
    match path.extension().and_then(|e| e.to_str()) {
        Some(ext) => format!("unknown output format `.{ext}`: {hint}"),
        None => format!("no extension to tell the output format: {hint}"),
    }
}

/// Writes bytes to a file readable by its owner only (exports hold victims' data).
pub fn write_private_file(path: &Path, bytes: &[u8]) -> Result<()> {
    write_private_with(path, |out| {
        out.write_all(bytes).map_err(|e| Error::io(path, e))
    })
}

/// [`write_private_file`] for output written as it is made: `fill` writes it to the
/// (buffered) file.
pub fn write_private_with<T>(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> Result<T>,
) -> Result<T> {
    let staged = Staged::create(path)?;
    let mut out = BufWriter::new(staged.file());
    let made = fill(&mut out)?;
    out.flush().map_err(|e| Error::io(path, e))?;
    drop(out);
    staged.commit()?;
    Ok(made)
}

/// A file being written under a temporary name in its target's folder (mode 0600);
/// [`Staged::commit`] puts it in place. Dropped without a commit, it is deleted.
struct Staged {
    temp: tempfile::NamedTempFile,
    target: PathBuf,
}

/// How old a temporary file left by a killed export must be before an export to the
/// same target deletes it (a younger one may be another export still running).
const STALE_PARTIAL: std::time::Duration = std::time::Duration::from_secs(3600);

impl Staged {
    fn create(target: &Path) -> Result<Staged> {
        check_target(target)?;
        let name = target
            .file_name()
            .ok_or_else(|| Error::file(target, "not a file name"))?
            .to_string_lossy()
            .into_owned();
        // `-o exports/groups.xlsx` on a fresh checkout: make the folder, as an analyst expects.
        let dir = match target.parent().filter(|d| !d.as_os_str().is_empty()) {
            Some(dir) => {
                std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
                dir.to_path_buf()
            }
            None => PathBuf::from("."),
        };
        let prefix = format!(".{name}.");
        remove_stale(&dir, &prefix);
        // tempfile creates it 0600 on unix, with a name no other process has.
        let temp = tempfile::Builder::new()
            .prefix(&prefix)
            .suffix(".partial")
            .tempfile_in(&dir)
            .map_err(|e| Error::io(&dir, e))?;
        Ok(Staged {
            temp,
            target: target.to_path_buf(),
        })
    }

    fn file(&self) -> &std::fs::File {
        self.temp.as_file()
    }

    /// Syncs the data and renames the file over the target.
    fn commit(self) -> Result<()> {
        let target = self.target;
        self.temp
            .as_file()
            .sync_all()
            .map_err(|e| Error::io(&target, e))?;
        // Checked again: the target may have become a link while the rows were written.
        check_target(&target)?;
        self.temp
            .persist(&target)
            .map_err(|e| Error::io(&target, e.error))?;
        Ok(())
    }
}

/// Refuses a target that is a symbolic link (dangling or not) or that exists and is
/// not a regular file.
fn check_target(target: &Path) -> Result<()> {
    match std::fs::symlink_metadata(target) {
        Ok(meta) if meta.file_type().is_symlink() => Err(Error::file(
            target,
            "is a symbolic link: exports are not written through links (name the file itself)",
        )),
        Ok(meta) if !meta.is_file() => Err(Error::file(
            target,
            "is not a regular file (a folder, a pipe or a device): give a file name",
        )),
        _ => Ok(()),
    }
}

/// Deletes the temporary files of exports to the same target that were killed
/// half-way, once they are old enough not to be another export still running.
fn remove_stale(dir: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(prefix) && name.ends_with(".partial")) {
            continue;
        }
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > STALE_PARTIAL);
        if old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::{Cell, write_listing};

    fn sample() -> Listing {
        let mut l = Listing::new(["report_no", "victim_name", "amount_yuan"]);
        l.push_row([
            Cell::text("A1"),
            Cell::text("张**"),
            Cell::Yuan(Some(1_200_050)),
        ]);
        l
    }

    #[test]
    fn csv_file_starts_with_bom_and_stdout_csv_does_not() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cases.csv");
        write_listing_file(&sample(), None, &path).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "\u{feff}report_no,victim_name,amount_yuan\nA1,张**,12000.50\n"
        );

        let mut stdout = Vec::new();
        write_listing(
            &sample(),
            Format::Csv,
            &mut stdout,
            &WriteOptions::default(),
        )
        .unwrap();
        assert!(stdout.starts_with(b"report_no,"));
    }

    #[cfg(unix)]
    #[test]
    fn file_mode_is_0600() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("links.json");
        write_listing_file(&sample(), None, &path).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);

        // An existing world-readable file is replaced by a private one.
        let old = dir.path().join("old.csv");
        std::fs::write(&old, "stale").unwrap();
        std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o644)).unwrap();
        write_listing_file(&sample(), None, &old).unwrap();
        let mode = std::fs::metadata(&old).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        assert!(!std::fs::read_to_string(&old).unwrap().contains("stale"));
    }

    /// A failed export (here: the rows fail half-way) leaves the old file as it was
    /// and no temporary file behind.
    #[test]
    fn a_failed_export_keeps_the_previous_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("groups.csv");
        std::fs::write(&path, "yesterday's export").unwrap();
        let err = write_rows_file(vec!["a".into()], None, &path, &mut |w| {
            w.row(&[Cell::text("one row")])?;
            Err(Error::io(
                "groups.csv",
                std::io::Error::other("the disk filled up"),
            ))
        })
        .unwrap_err();
        assert!(err.to_string().contains("disk filled up"));
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "yesterday's export"
        );
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "no temporary file left: {left:?}");
    }

    #[cfg(unix)]
    #[test]
    fn links_pipes_and_folders_are_refused_as_targets() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.csv");
        std::fs::write(&real, "precious").unwrap();
        let link = dir.path().join("link.csv");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let dangling = dir.path().join("dangling.csv");
        std::os::unix::fs::symlink(dir.path().join("nowhere.csv"), &dangling).unwrap();
        let fifo = dir.path().join("fifo.csv");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        let folder = dir.path().join("folder.csv");
        std::fs::create_dir(&folder).unwrap();
        let mut targets = vec![(&link, "symbolic link"), (&dangling, "symbolic link")];
        targets.push((&folder, "not a regular file"));
        if made.is_ok_and(|s| s.success()) {
            targets.push((&fifo, "not a regular file"));
        }
        for (target, why) in targets {
            let err = write_listing_file(&sample(), None, target)
                .unwrap_err()
                .to_string();
            assert!(err.contains(why), "{}: {err}", target.display());
        }
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "precious");
        assert!(
            !dir.path().join("nowhere.csv").exists(),
            "a dangling link makes nothing"
        );
    }

    #[test]
    fn format_from_extension_or_argument() {
        let dir = tempfile::tempdir().unwrap();
        let json = dir.path().join("out.json");
        write_listing_file(&sample(), None, &json).unwrap();
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
        assert_eq!(v[0]["victim_name"], "张**");

        let txt = dir.path().join("out.txt");
        write_listing_file(&sample(), None, &txt).unwrap();
        assert!(
            std::fs::read_to_string(&txt)
                .unwrap()
                .starts_with("report_no  victim_name")
        );

        // An explicit format wins over the extension.
        let forced = dir.path().join("out.dat");
        write_listing_file(&sample(), Some(Format::Json), &forced).unwrap();
        assert!(std::fs::read_to_string(&forced).unwrap().starts_with("[\n"));
    }

    #[test]
    fn unknown_extension_is_a_clear_error_naming_the_path() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["cases.dat", "cases"] {
            let path = dir.path().join(name);
            let err = write_listing_file(&sample(), None, &path).unwrap_err();
            let msg = err.to_string();
            assert!(msg.starts_with(&path.display().to_string()), "{msg}");
            assert!(msg.contains("--format"), "{msg}");
            assert!(!path.exists(), "nothing is created on a format error");
        }
    }

    #[test]
    fn io_errors_name_the_path() {
        let dir = tempfile::tempdir().unwrap();
        // A file where a folder should be: the folder cannot be made.
        std::fs::write(dir.path().join("not-a-dir"), "x").unwrap();
        let path = dir.path().join("not-a-dir").join("cases.csv");
        let err = write_listing_file(&sample(), None, &path).unwrap_err();
        assert!(matches!(err, Error::Io { .. }));
        assert!(err.to_string().contains("not-a-dir"), "{err}");
    }

    #[test]
    fn missing_folders_are_made() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("exports").join("week47").join("cases.csv");
        write_listing_file(&sample(), None, &path).unwrap();
        assert!(path.exists());
    }
}
