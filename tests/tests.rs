//! Integration tests: the real binary and the library API, each test in its own
//! temporary directory.

mod util;

mod bulletin;
mod cases;
mod casework;
mod concurrent;
mod crash;
mod database;
mod hostile;
mod import;
mod links;
mod migration;
mod narrative;
mod readme;
mod scam_tagger;
mod scam_types;
mod search;
mod truth;
mod tui;
mod versions;
mod workbook;
