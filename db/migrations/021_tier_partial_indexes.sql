-- Cheaper index builds at a load (issue 22 item 2): each tier of identifiers and links
-- (014, 018) gets its own partial index, keyed by the value (or the last four, or the
-- identifier) alone, instead of one index led by the tier.
--
-- A load writes every row in the merged tier, so the indexes led by the tier had one
-- value in their first column: every compare of SQLite's sorter tied on it and
-- unpacked both records whole (about half of a first load's index builds). Keyed by
-- the value, the sorter compares the leading text or integer and is done. The weekly
-- property stays: a batch's recent rows go into the recent tier's own small indexes,
-- never among the merged rows.
--
-- Readers name both tiers (`store::tiers`: `tier = 0 OR tier = 1`), which SQLite reads
-- as one seek in each tier's index; the view of the links names them for its readers.
-- Uniqueness of (value, kind) is as before: unique in each tier by its index, across
-- the two by the writers, who look an identifier up in both tiers before inserting it
-- (`casebench check` counts a recent identifier also stored merged).
-- `identifiers_starred` (few rows, a partial index already) keeps its shape.
DROP INDEX identifiers_value_kind;
CREATE UNIQUE INDEX identifiers_value_kind ON identifiers(value, kind_code) WHERE tier = 0;
CREATE UNIQUE INDEX identifiers_value_kind_recent ON identifiers(value, kind_code)
    WHERE tier = 1;
DROP INDEX identifiers_last4;
CREATE INDEX identifiers_last4 ON identifiers(substr(value, -4)) WHERE tier = 0;
CREATE INDEX identifiers_last4_recent ON identifiers(substr(value, -4)) WHERE tier = 1;
DROP INDEX case_identifiers_identifier;
CREATE INDEX case_identifiers_identifier ON case_identifier_codes(identifier_id)
    WHERE tier = 0;
CREATE INDEX case_identifiers_identifier_recent ON case_identifier_codes(identifier_id)
    WHERE tier = 1;

-- The skip-scans' statistics (014, 018) are no longer wanted: a seek in a partial
-- index needs none.
DELETE FROM sqlite_stat1
 WHERE idx IN ('identifiers_value_kind', 'identifiers_last4', 'case_identifiers_identifier');

-- @rust: identifier_view_tiers
ANALYZE sqlite_schema;
