//! Writing a listing to `-o FILE`.
//!
//! Exports hold victims' data, so a file is created readable and writable by its
//! owner only (mode 0600 on unix; an existing regular file that is open to others is
//! tightened to 0600 too). The format comes from `--format` or else from the
//! extension; a CSV file starts with a UTF-8 BOM for Excel on a Chinese Windows
//! desktop. Errors name the path.

use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::Path;

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
    let file = open_private(path).map_err(|e| Error::io(path, e))?;
    let mut out = BufWriter::new(file);
    let mut writer = RowWriter::new(columns, format, &mut out, &opts, path)?;
    fill(&mut writer)?;
    let rows = writer.finish()?;
    out.flush().map_err(|e| Error::io(path, e))?;
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
    let mut file = open_private(path).map_err(|e| Error::io(path, e))?;
    file.write_all(bytes).map_err(|e| Error::io(path, e))
}

/// [`write_private_file`] for output written as it is made: `fill` writes it to the
/// (buffered) file.
pub fn write_private_with<T>(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> Result<T>,
) -> Result<T> {
    let file = open_private(path).map_err(|e| Error::io(path, e))?;
    let mut out = BufWriter::new(file);
    let made = fill(&mut out)?;
    out.flush().map_err(|e| Error::io(path, e))?;
    Ok(made)
}

fn open_private(path: &Path) -> io::Result<File> {
    // `-o exports/groups.xlsx` on a fresh checkout: make the folder, as an analyst expects.
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let mut options = OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let file = options.open(path)?;
    #[cfg(unix)]
    restrict(&file)?;
    Ok(file)
}

/// `mode` applies only when the file is created; an export overwriting an older
/// file that others can read is tightened as well. Devices (`/dev/stdout`) and
/// pipes are left alone.
#[cfg(unix)]
fn restrict(file: &File) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let meta = file.metadata()?;
    if meta.is_file() && meta.permissions().mode() & 0o077 != 0 {
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    Ok(())
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

        // An existing world-readable file is tightened when overwritten.
        let old = dir.path().join("old.csv");
        std::fs::write(&old, "stale").unwrap();
        std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o644)).unwrap();
        write_listing_file(&sample(), None, &old).unwrap();
        let mode = std::fs::metadata(&old).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        assert!(!std::fs::read_to_string(&old).unwrap().contains("stale"));
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
