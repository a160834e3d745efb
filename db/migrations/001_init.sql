-- The first schema: batches, cases, identifiers and how they tie together.

CREATE TABLE batches (
    id          INTEGER PRIMARY KEY,
    file_name   TEXT NOT NULL,
    path        TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    encoding    TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    rows_read   INTEGER NOT NULL DEFAULT 0,
    imported    INTEGER NOT NULL DEFAULT 0,
    duplicate   INTEGER NOT NULL DEFAULT 0,
    rejected    INTEGER NOT NULL DEFAULT 0,
    warnings    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX batches_sha256 ON batches(sha256);

CREATE TABLE cases (
    id              INTEGER PRIMARY KEY,
    report_no       TEXT NOT NULL UNIQUE,
    batch_id        INTEGER NOT NULL REFERENCES batches(id),
    line            INTEGER NOT NULL,
    reported_at     TEXT,           -- normalised, NULL when it did not parse
    reported_at_raw TEXT NOT NULL,
    occurred_at     TEXT,
    occurred_at_raw TEXT NOT NULL,
    victim_name     TEXT NOT NULL,
    victim_phone    TEXT NOT NULL,  -- as written; the identifiers hold the parsed form
    caller_raw      TEXT NOT NULL,
    account_raw     TEXT NOT NULL,
    contact_raw     TEXT NOT NULL,
    amount_fen      INTEGER,
    amount_raw      TEXT NOT NULL,
    scam_type       TEXT NOT NULL,
    script          TEXT NOT NULL,
    extra           TEXT NOT NULL,  -- JSON object: unknown columns, kept
    original        TEXT NOT NULL,  -- the verbatim row as it stood in the file
    content_hash    TEXT NOT NULL   -- of the known fields: tells a duplicate from a conflict
);
CREATE INDEX cases_reported_at ON cases(reported_at);
CREATE INDEX cases_batch ON cases(batch_id);

CREATE TABLE identifiers (
    id       INTEGER PRIMARY KEY,
    kind     TEXT NOT NULL,
    value    TEXT NOT NULL,
    display  TEXT NOT NULL,   -- the first form it was seen in
    flags    INTEGER NOT NULL DEFAULT 0,
    official INTEGER NOT NULL DEFAULT 0,
    ignored  INTEGER NOT NULL DEFAULT 0,
    UNIQUE (kind, value)
);

CREATE TABLE case_identifiers (
    case_id       INTEGER NOT NULL REFERENCES cases(id),
    identifier_id INTEGER NOT NULL REFERENCES identifiers(id),
    role          TEXT NOT NULL,   -- caller, account, contact, victim_phone, partial
    origin        TEXT NOT NULL,   -- the column it came from
    display       TEXT NOT NULL,   -- as written in this case
    PRIMARY KEY (case_id, identifier_id, role)
) WITHOUT ROWID;
CREATE INDEX case_identifiers_identifier ON case_identifiers(identifier_id);

CREATE TABLE rejected_rows (
    id       INTEGER PRIMARY KEY,
    batch_id INTEGER NOT NULL REFERENCES batches(id),
    line     INTEGER NOT NULL,
    reason   TEXT NOT NULL,
    raw      TEXT NOT NULL
);
CREATE INDEX rejected_rows_batch ON rejected_rows(batch_id);

CREATE TABLE warnings (
    case_id INTEGER NOT NULL REFERENCES cases(id),
    field   TEXT NOT NULL,
    message TEXT NOT NULL
);
CREATE INDEX warnings_case ON warnings(case_id);
