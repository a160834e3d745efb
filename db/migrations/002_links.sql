-- Linked-case groups, the ignore list's who-when-why, and what each import changed.

-- The case's linked-case group (`G-` + report_no of its earliest case); NULL when it
-- shares no linking identifier with any other case.
ALTER TABLE cases ADD COLUMN group_id TEXT;
CREATE INDEX cases_group ON cases(group_id);

ALTER TABLE identifiers ADD COLUMN ignored_reason TEXT;
ALTER TABLE identifiers ADD COLUMN ignored_by TEXT;
ALTER TABLE identifiers ADD COLUMN ignored_at TEXT;

-- Every ignore and un-ignore, kept after an undo.
CREATE TABLE ignore_log (
    id            INTEGER PRIMARY KEY,
    identifier_id INTEGER NOT NULL REFERENCES identifiers(id),
    action        TEXT NOT NULL,      -- ignore, undo
    reason        TEXT NOT NULL,
    who           TEXT NOT NULL,
    at            TEXT NOT NULL
);

-- What an import did to the groups: new, grew, merged (old ids -> group_id).
CREATE TABLE group_changes (
    batch_id    INTEGER NOT NULL REFERENCES batches(id),
    change      TEXT NOT NULL,
    group_id    TEXT NOT NULL,
    old_ids     TEXT NOT NULL,        -- space-separated, for merges
    size_before INTEGER NOT NULL,
    size_after  INTEGER NOT NULL
);
CREATE INDEX group_changes_batch ON group_changes(batch_id);
