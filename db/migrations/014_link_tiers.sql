-- Weekly imports proportional to the batch (issue 22 item 3): a small batch's links
-- go into a small table of their own, not at random places in the big index.
--
-- Its links point at identifiers all over the id range, so a batch of 10,000 reports
-- (38,800 links) inserted into `case_identifiers_identifier` (5,000 leaves at a
-- million cases) dirtied nearly every leaf: the commit wrote the whole index to the
-- WAL and again at the checkpoint. Here they go into `case_identifier_recent`, whose
-- index is as small as the recent batches; both tables are read together through the
-- view `case_identifiers` (a UNION ALL, whose arms each use their own index) and by
-- the few hot paths that read the coded tables themselves (`link`). When the recent
-- part grows past a share of the whole, or a bulk load rebuilds the big index anyway,
-- it is merged into `case_identifier_codes` (store::tiers), an LSM tree's two levels.
CREATE TABLE case_identifier_recent (
    case_id       INTEGER NOT NULL REFERENCES cases(id),
    identifier_id INTEGER NOT NULL REFERENCES identifiers(id),
    role          INTEGER NOT NULL,
    origin        INTEGER NOT NULL,
    side          INTEGER NOT NULL,
    display       TEXT,
    excerpt_from  INTEGER,
    excerpt_chars INTEGER,
    excerpt       TEXT,
    PRIMARY KEY (case_id, identifier_id, role)
) WITHOUT ROWID;
CREATE INDEX case_identifier_recent_identifier ON case_identifier_recent(identifier_id);

DROP VIEW case_identifiers;
-- @rust: identifier_view_tiers
