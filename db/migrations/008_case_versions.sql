-- Corrected reports: a row whose report_no is stored with other content is a new
-- version of its case. The case row takes the new version in place (its id, and so
-- its notes and links, stay); the version it replaced is kept here, every raw field
-- as it stood, so that `casebench history` can show what changed (old -> new).
CREATE TABLE case_versions (
    id              INTEGER PRIMARY KEY,
    case_id         INTEGER NOT NULL REFERENCES cases(id),
    batch_id        INTEGER NOT NULL REFERENCES batches(id),  -- the batch that brought it
    line            INTEGER NOT NULL,
    replaced_by     INTEGER NOT NULL REFERENCES batches(id),  -- the batch that corrected it
    reported_at_raw TEXT NOT NULL,
    occurred_at_raw TEXT NOT NULL,
    victim_name     TEXT NOT NULL,
    victim_phone    TEXT NOT NULL,
    caller_raw      TEXT NOT NULL,
    account_raw     TEXT NOT NULL,
    contact_raw     TEXT NOT NULL,
    amount_raw      TEXT NOT NULL,
    scam_type       TEXT NOT NULL,
    script          TEXT NOT NULL,
    extra           TEXT NOT NULL,
    content_hash    TEXT NOT NULL,  -- tells an old file's row (a version kept) from a new one
    group_before    TEXT            -- the case's group when this version was replaced
);
CREATE INDEX case_versions_case ON case_versions(case_id);
CREATE INDEX case_versions_replaced_by ON case_versions(replaced_by);

-- read = imported + updated + duplicate + rejected.
ALTER TABLE batches ADD COLUMN updated INTEGER NOT NULL DEFAULT 0;

-- A group an update split or shrank: the ids its cases went to (space-separated).
ALTER TABLE group_changes ADD COLUMN new_ids TEXT NOT NULL DEFAULT '';
