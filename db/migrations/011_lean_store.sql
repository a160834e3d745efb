-- A leaner store (issue 22): the verbatim row goes, the batch's header stays; role,
-- origin and side become small integers; the content hash 16 bytes. Nothing is lost:
-- a case's row is rebuilt from its batch's header, its raw fields and `extra`
-- (store::rows), and a row those cannot rebuild cell for cell keeps its cells.
--
-- Lines `-- @rust: STEP` hand over to store::migrate, which runs the named step there
-- (what SQL cannot do: read the old rows as CSV, write codes from the model's enums).

-- Each file's header (each sheet's, for a workbook): the names as written, in order,
-- and the case field each column was read as (NULL: an unknown column, kept in
-- `extra` under its trimmed name). `sheet` is the sheet's position, 0 for a CSV file.
CREATE TABLE batch_columns (
    batch_id INTEGER NOT NULL REFERENCES batches(id),
    sheet    INTEGER NOT NULL,
    position INTEGER NOT NULL,  -- 0-based
    name     TEXT NOT NULL,
    field    TEXT,
    PRIMARY KEY (batch_id, sheet, position)
) WITHOUT ROWID;

-- The sheet a case's row is on (NULL: a CSV file), and its cells as a JSON array when
-- the header, raw fields and extra do not give them back exactly (a padded cell, a
-- short or long row, two columns feeding one field): NULL for nearly every row.
ALTER TABLE cases ADD COLUMN sheet INTEGER;
ALTER TABLE cases ADD COLUMN cells TEXT;
ALTER TABLE case_versions ADD COLUMN sheet INTEGER;
ALTER TABLE case_versions ADD COLUMN cells TEXT;

-- @rust: headers_from_originals

-- The case-identifier rows with role, origin and side as the model's codes
-- (model::Role::code, model::origin_code, model::Side::code). A view of the old name
-- (made below, from the enums) shows the words to every reader, and takes inserts and
-- deletes in words.
CREATE TABLE case_identifier_codes (
    case_id       INTEGER NOT NULL REFERENCES cases(id),
    identifier_id INTEGER NOT NULL REFERENCES identifiers(id),
    role          INTEGER NOT NULL,
    origin        INTEGER NOT NULL,
    side          INTEGER NOT NULL,
    -- As written in this case; NULL when as the identifier was first seen
    -- (`identifiers.display`: three rows in four).
    display       TEXT,
    -- The narrative's words around an identifier found there: where they stand in the
    -- case's script (1-based character position and length, as SQLite's substr
    -- counts); `excerpt` holds them only if the script does not (never so far). All
    -- NULL for an identifier read from a column.
    excerpt_from  INTEGER,
    excerpt_chars INTEGER,
    excerpt       TEXT,
    PRIMARY KEY (case_id, identifier_id, role)
) WITHOUT ROWID;

-- @rust: identifier_codes

DROP TABLE case_identifiers;
CREATE INDEX case_identifiers_identifier ON case_identifier_codes(identifier_id);

-- The cases without `original`, the hash as 16 bytes (it was their hex), and a date
-- as written only where it is not its normalised form (NULL: the same; readers take
-- COALESCE(reported_at_raw, reported_at), see store::rows::raw_expr).
CREATE TABLE cases_lean (
    id               INTEGER PRIMARY KEY,
    report_no        TEXT NOT NULL UNIQUE,
    batch_id         INTEGER NOT NULL REFERENCES batches(id),
    line             INTEGER NOT NULL,
    reported_at      TEXT,
    reported_at_raw  TEXT,
    occurred_at      TEXT,
    occurred_at_raw  TEXT,
    victim_name      TEXT NOT NULL,
    victim_phone     TEXT NOT NULL,
    caller_raw       TEXT NOT NULL,
    account_raw      TEXT NOT NULL,
    contact_raw      TEXT NOT NULL,
    amount_fen       INTEGER,
    amount_raw       TEXT NOT NULL,
    scam_type        TEXT NOT NULL,
    script           TEXT NOT NULL,
    extra            TEXT NOT NULL,
    content_hash     BLOB NOT NULL,
    scam_type_code   INTEGER NOT NULL DEFAULT 10,
    scam_type_source INTEGER NOT NULL DEFAULT 0,
    sheet            INTEGER,
    cells            TEXT
);
INSERT INTO cases_lean (id, report_no, batch_id, line, reported_at, reported_at_raw,
        occurred_at, occurred_at_raw, victim_name, victim_phone, caller_raw, account_raw,
        contact_raw, amount_fen, amount_raw, scam_type, script, extra, content_hash,
        scam_type_code, scam_type_source, sheet, cells)
    SELECT id, report_no, batch_id, line, reported_at, NULLIF(reported_at_raw, reported_at),
           occurred_at, NULLIF(occurred_at_raw, occurred_at), victim_name, victim_phone, caller_raw, account_raw,
           contact_raw, amount_fen, amount_raw, scam_type, script, extra,
           COALESCE(unhex(content_hash), content_hash), scam_type_code, scam_type_source, sheet, cells
      FROM cases ORDER BY id;
DROP TABLE cases;
ALTER TABLE cases_lean RENAME TO cases;
CREATE INDEX cases_reported_at ON cases(reported_at, report_no);
CREATE INDEX cases_batch ON cases(batch_id);

CREATE TABLE case_versions_lean (
    id              INTEGER PRIMARY KEY,
    case_id         INTEGER NOT NULL REFERENCES cases(id),
    batch_id        INTEGER NOT NULL REFERENCES batches(id),
    line            INTEGER NOT NULL,
    replaced_by     INTEGER NOT NULL REFERENCES batches(id),
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
    content_hash    BLOB NOT NULL,
    group_before    TEXT,
    sheet           INTEGER,
    cells           TEXT
);
INSERT INTO case_versions_lean
    SELECT id, case_id, batch_id, line, replaced_by, reported_at_raw, occurred_at_raw,
           victim_name, victim_phone, caller_raw, account_raw, contact_raw, amount_raw,
           scam_type, script, extra, COALESCE(unhex(content_hash), content_hash), group_before, sheet, cells
      FROM case_versions ORDER BY id;
DROP TABLE case_versions;
ALTER TABLE case_versions_lean RENAME TO case_versions;
CREATE INDEX case_versions_case ON case_versions(case_id);
CREATE INDEX case_versions_replaced_by ON case_versions(replaced_by);

-- @rust: identifier_view
