//! A group as the store keeps it: the case that names it (migration 017). A group's
//! id is `G-` + the report_no of its earliest case (`link`); `case_group_of` holds,
//! for each case in a group, that case's id (`group_case`), and the view
//! `case_groups` shows the id's text (`group_id`) to readers. A reader that finds a
//! group's cases by the id a user typed goes through [`NAMED_BY`], so that SQLite
//! seeks the index on `group_case` rather than working out every row's text.

/// The case that names the group whose id is bound as `?1` (`G-` + its report_no),
/// as an SQL expression: NULL when no case has that report_no or the id does not
/// start with `G-`. Constants only; see [`named_by`] for another parameter.
pub const NAMED_BY: &str =
    "(SELECT n.id FROM cases n WHERE n.report_no = substr(?1, 3) AND 'G-' || n.report_no = ?1)";

/// [`NAMED_BY`] for the group id bound as parameter `?{param}`.
pub fn named_by(param: u8) -> String {
    NAMED_BY.replace("?1", &format!("?{param}"))
}

/// A group's id from the report_no of the case that names it.
pub fn group_id(report_no: &str) -> String {
    format!("G-{report_no}")
}
