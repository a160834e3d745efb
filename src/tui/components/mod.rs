//! Reusable pieces the screens are made of: a selection cursor over a list of any
//! length, a one-line text input, and a table of fitted cells.

pub mod cursor;
pub mod input;
pub mod table;
