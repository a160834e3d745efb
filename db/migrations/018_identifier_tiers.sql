-- Weekly imports proportional to the batch (issue 22 item 3), continued: a batch's new
-- identifiers go to the end of the identifiers' indexes, as its links do (014).
--
-- A batch of 10,000 reports brings ~14,000 identifiers never seen, at random values:
-- inserted into the unique (value, kind) index and the last-four index, they dirtied
-- nearly every leaf of both (5,300 of the 9,300 pages a batch changed at a million
-- cases), each written to the WAL and again at the checkpoint. Both indexes now lead
-- with the identifier's tier (store::tiers): 0 for those a bulk load or a merge wrote,
-- 1 for the weekly batches' since, merged together with the links' tail.
--
-- Uniqueness of (value, kind) is the writers' across the tiers: each tier's key is
-- unique, and every writer looks an identifier up (both tiers) before inserting it;
-- `casebench check` counts a recent identifier also stored merged. A lookup by value
-- (alone, with its kind, or by its last four characters) reads both tiers by a
-- skip-scan, planned from the statistics written below.
ALTER TABLE identifiers ADD COLUMN tier INTEGER NOT NULL DEFAULT 0;
DROP INDEX identifiers_value_kind;
CREATE UNIQUE INDEX identifiers_value_kind ON identifiers(tier, value, kind_code);
DROP INDEX identifiers_last4;
CREATE INDEX identifiers_last4 ON identifiers(tier, substr(value, -4));
DROP INDEX identifiers_starred;
CREATE INDEX identifiers_starred ON identifiers(tier, value) WHERE instr(value, '*') > 0;

-- Rows, rows per tier, rows per key: only the shape matters (two tiers, one row per
-- value and kind, a few hundred per last four). sqlite_stat1 exists since 014.
DELETE FROM sqlite_stat1
 WHERE tbl = 'identifiers'
   AND idx IN ('identifiers_value_kind', 'identifiers_last4', 'identifiers_starred');
INSERT INTO sqlite_stat1 (tbl, idx, stat)
    VALUES ('identifiers', 'identifiers_value_kind', '2000000 1000000 1 1'),
           ('identifiers', 'identifiers_last4', '2000000 1000000 200');
ANALYZE sqlite_schema;
