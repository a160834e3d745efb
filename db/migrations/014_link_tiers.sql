-- Weekly imports proportional to the batch (issue 22 item 3): a small batch's links
-- go to the end of the identifier index, not to random places all over it.
--
-- A batch's links point at identifiers all over the id range, so a batch of 10,000
-- reports (38,800 links) inserted into `case_identifiers_identifier` (5,000 leaves at
-- a million cases) dirtied nearly every leaf: the commit wrote the whole index to the
-- WAL and again at the checkpoint. The index now leads with the link's tier: 0 for the
-- links merged, 1 for those of the batches since (store::tiers). Tier-1 keys sort
-- after every tier-0 key, so a batch dirties only the small tail of recent links; the
-- tail is merged (its links set to tier 0) once it grows past a share of the whole,
-- or before a bulk load, which rebuilds the index anyway: an LSM tree's two levels
-- in one b-tree. A lookup by identifier (`identifier_id = ?`, every reader as before)
-- reads both tiers by a skip-scan: one descent per tier, which SQLite plans when its
-- statistics say the leading column has few values (the row written below).
ALTER TABLE case_identifier_codes ADD COLUMN tier INTEGER NOT NULL DEFAULT 0;
DROP INDEX case_identifiers_identifier;
CREATE INDEX case_identifiers_identifier ON case_identifier_codes(tier, identifier_id);

-- The statistics that make the planner skip-scan the tiers: rows, rows per tier,
-- rows per (tier, identifier). Only the shape matters (two tiers, a few links per
-- identifier), not the counts; ANALYZE of the whole database would keep that shape.
-- `ANALYZE` of a small table creates sqlite_stat1, which no statement may create.
ANALYZE schema_migrations;
DELETE FROM sqlite_stat1 WHERE tbl IN ('schema_migrations', 'case_identifier_codes');
INSERT INTO sqlite_stat1 (tbl, idx, stat)
    VALUES ('case_identifier_codes', 'case_identifiers_identifier', '4000000 2000000 4');
ANALYZE sqlite_schema;
