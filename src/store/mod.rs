//! The SQLite store. (In progress.)
