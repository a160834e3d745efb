//! Errors of the core. Front ends wrap them with `anyhow` and print them on one line.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("database: {0}")]
    Db(rusqlite::Error),
    #[error("database value: {0}")]
    DbValue(#[from] rusqlite::types::FromSqlError),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    File { path: PathBuf, message: String },
    /// What the analyst asked for names nothing the database holds.
    #[error("no {what} {name}")]
    NotFound { what: &'static str, name: String },
    /// The analyst's request cannot be done as asked (an option out of range, a tag
    /// not on the list, an identifier already ignored…); the words say what to do.
    #[error("{0}")]
    Refused(String),
    /// Past what an in-memory structure of this build holds.
    #[error("{0}")]
    TooBig(&'static str),
    /// A worker thread could not start, or stopped by panicking.
    #[error("{0}")]
    Thread(String),
    /// Stopped because a newer request took its place.
    #[error("cancelled: a newer request took its place")]
    Cancelled,
    /// The xlsx writer failed.
    #[error("writing the workbook: {0}")]
    Workbook(String),
    /// What the code's own reading rules out (the database changed under it, or a bug).
    #[error("{0}")]
    Inconsistent(String),
    /// An error already told for one file, told again for each other file of the run
    /// (the first one's kind is not kept: errors are not `Clone`).
    #[error("{0}")]
    Repeated(String),
    /// A command other than `import` was pointed at a file that is not there: a
    /// mistyped `--db` must not become an empty database that "finds nothing".
    #[error("no database at {} (casebench import creates one)", .0.display())]
    NoDatabase(PathBuf),
    /// Reading found what casebench never writes: a shorter answer would be a wrong
    /// one, so the read stops.
    #[error("the database is damaged ({0}): run casebench check")]
    Damaged(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// SQLite's errors, with those that only damage explains (a malformed page, a value
/// of a type the schema never stores there) told as [`Error::Damaged`].
impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Error {
        use rusqlite::Error as E;
        use rusqlite::ErrorCode as C;
        let damage = match &e {
            E::SqliteFailure(f, _) => matches!(f.code, C::DatabaseCorrupt | C::NotADatabase),
            E::InvalidColumnType(..)
            | E::FromSqlConversionFailure(..)
            | E::IntegralValueOutOfRange(..)
            | E::Utf8Error(..) => true,
            _ => false,
        };
        if damage {
            Error::Damaged(e.to_string())
        } else {
            Error::Db(e)
        }
    }
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    pub fn file(path: impl Into<PathBuf>, message: impl Into<String>) -> Error {
        Error::File {
            path: path.into(),
            message: message.into(),
        }
    }
}
