//! Reusable pieces the screens are made of: a selection cursor over a list of any
//! length, a one-line text input, a table of fitted cells and its sort.

pub mod cursor;
pub mod input;
pub mod sort;
pub mod table;
