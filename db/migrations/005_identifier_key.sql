-- The identifiers' (kind, value) key becomes a named unique index instead of a table
-- constraint, which SQLite cannot drop: a first load sets it aside and builds it once
-- after its rows. Inserting two million random keys into it one by one was 40 % of the
-- writer's time in a million-row load. The table is rebuilt the way SQLite's ALTER
-- TABLE documentation prescribes (foreign keys off around it: see migrate.rs).
CREATE TABLE identifiers_rebuilt (
    id             INTEGER PRIMARY KEY,
    kind           TEXT NOT NULL,
    value          TEXT NOT NULL,
    display        TEXT NOT NULL,   -- the first form it was seen in
    flags          INTEGER NOT NULL DEFAULT 0,
    official       INTEGER NOT NULL DEFAULT 0,
    ignored        INTEGER NOT NULL DEFAULT 0,
    ignored_reason TEXT,
    ignored_by     TEXT,
    ignored_at     TEXT
);
INSERT INTO identifiers_rebuilt (id, kind, value, display, flags, official, ignored,
                                 ignored_reason, ignored_by, ignored_at)
    SELECT id, kind, value, display, flags, official, ignored,
           ignored_reason, ignored_by, ignored_at
      FROM identifiers ORDER BY id;
DROP TABLE identifiers;
ALTER TABLE identifiers_rebuilt RENAME TO identifiers;
CREATE UNIQUE INDEX identifiers_kind_value ON identifiers(kind, value);
CREATE INDEX identifiers_excluded ON identifiers(id) WHERE official = 1 OR ignored = 1;
