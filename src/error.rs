//! Errors of the core. Front ends wrap them with `anyhow` and print them on one line.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("database: {0}")]
    Db(#[from] rusqlite::Error),
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
    #[error("{0}")]
    Invalid(String),
    /// A command other than `import` was pointed at a file that is not there: a
    /// mistyped `--db` must not become an empty database that "finds nothing".
    #[error("no database at {} (casebench import creates one)", .0.display())]
    NoDatabase(PathBuf),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

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
