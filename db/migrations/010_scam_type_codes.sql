-- One scam-type taxonomy: each case's code (the place of the code in
-- scamtype::Code::ALL: 0 order_brushing … 10 other) and where it came from (0 the
-- column, through the alias table; 1 the script, tagged). The raw column stays in
-- `scam_type`.
ALTER TABLE cases ADD COLUMN scam_type_code INTEGER NOT NULL DEFAULT 10;
ALTER TABLE cases ADD COLUMN scam_type_source INTEGER NOT NULL DEFAULT 0;

-- Cases already stored are mapped when the database is next opened: the empty
-- column's scripts wait for the tagger (-1), the rest for the alias table (whose
-- fingerprint below is then unset).
UPDATE cases SET scam_type_source = 1, scam_type_code = -1 WHERE trim(scam_type) = '';

-- The alias table the stored codes were mapped with (a fingerprint of its text): when
-- an analyst edits the table, the cases are mapped again.
CREATE TABLE scam_type_mapping (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    fingerprint TEXT NOT NULL
);
