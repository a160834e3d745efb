//! The listing layer every command's output goes through. (In progress.)
