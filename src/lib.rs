//! casebench core: import weekly fraud-report batches into SQLite, normalise the
//! identifiers in them, and list what is there. No terminal code lives here; the CLI
//! and the TUI are thin front ends over this API.

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

/// Local time as stored in the database (`YYYY-MM-DD HH:MM:SS`).
pub fn now_text() -> String {
    chrono::Local::now().format("%Y-%m-%d %H:%M:%S").to_string()
}
