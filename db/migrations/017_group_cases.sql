-- A leaner store, continued (issue 22, item 1): a group is kept as the case that
-- names it, not as its id's text. A group's id is `G-` + the report_no of its
-- earliest case (link); stored as that case's integer id (`group_case`), the table
-- and its index by group hold a few bytes a row instead of the report number twice
-- (~50 MB → ~18 MB at a million cases). The view `case_groups` shows the id as
-- before (`group_id`) to every reader; the relink writes `case_group_of`, and a
-- reader that finds a group's cases by its id binds the id through
-- store::groups::NAMED_BY (the index is on `group_case`, not on the text).
--
-- Every id this code wrote names a case (`G-` + a case's report_no; cases are never
-- deleted), and keeps it. An id that names none (not written by this code) cannot be
-- kept as a case: its group takes the id a relink gives it, its earliest case's
-- (undated last, then by report_no), as the next batch that touched it did already.
CREATE TABLE case_group_of (
    case_id    INTEGER PRIMARY KEY REFERENCES cases(id),
    group_case INTEGER NOT NULL REFERENCES cases(id)
);
INSERT INTO case_group_of (case_id, group_case)
    SELECT g.case_id,
           COALESCE((SELECT n.id FROM cases n
                      WHERE n.report_no = substr(g.group_id, 3)
                        AND 'G-' || n.report_no = g.group_id),
                    (SELECT m.case_id FROM case_groups m JOIN cases c ON c.id = m.case_id
                      WHERE m.group_id = g.group_id
                      ORDER BY c.reported_at IS NULL, c.reported_at, c.report_no LIMIT 1))
      FROM case_groups g ORDER BY g.case_id;
DROP TABLE case_groups;
CREATE INDEX case_groups_group ON case_group_of(group_case);
-- The id by a subquery, not a join: a view over one table is flattened into the
-- readers' LEFT JOINs (a view with a join would be built whole for each of them).
CREATE VIEW case_groups (case_id, group_case, group_id) AS
    SELECT g.case_id, g.group_case,
           (SELECT 'G-' || n.report_no FROM cases n WHERE n.id = g.group_case)
      FROM case_group_of g;

-- The cases by date alone: every reader orders by (reported_at, id) or takes a
-- range of dates, and the listing's tie by report_no is sorted within a date (a
-- few cases) by SQLite; report_no is in its own unique index already. The relink's
-- earliest case of each group reads both indexes (link::grouping_from_db).
DROP INDEX cases_reported_at;
CREATE INDEX cases_reported_at ON cases(reported_at);
