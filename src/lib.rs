//! casebench core: import weekly fraud-report batches into SQLite, normalise the
//! identifiers in them, and list what is there. No terminal code lives here; the CLI
//! and the TUI are thin front ends over this API.

pub mod bulletin;
pub mod casework;
pub mod check;
pub mod error;
pub mod export;
pub mod generate;
pub mod import;
pub mod link;
pub mod model;
pub mod normalize;
pub mod scamtype;
pub mod search;
pub mod store;
pub mod text;

pub use error::{Error, Result};

/// A file the analysts keep beside the database (`db/` for the default one: the
/// alias tables): where it is for the database at `db`.
pub fn beside_database(db: &std::path::Path, name: &str) -> std::path::PathBuf {
    db.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."))
        .join(name)
}

/// [`beside_database`]'s file and its text; None when it is not there (the built-in
/// defaults hold then).
pub fn read_beside_database(
    db: &std::path::Path,
    name: &str,
) -> Result<(std::path::PathBuf, Option<String>)> {
    let path = beside_database(db, name);
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok((path, Some(text))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok((path, None)),
        Err(e) => Err(Error::io(path, e)),
    }
}

/// Local time as stored in the database (`YYYY-MM-DD HH:MM:SS`).
pub fn now_text() -> String {
    chrono::Local::now().format("%Y-%m-%d %H:%M:%S").to_string()
}
