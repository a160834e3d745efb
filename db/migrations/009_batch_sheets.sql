-- A workbook's sheets (issue 19). A workbook batch lists each sheet read, with the
-- rows read from it, and each sheet with cells but no header row that maps (not read:
-- rows_read NULL). A CSV batch has none.
CREATE TABLE batch_sheets (
    batch_id  INTEGER NOT NULL REFERENCES batches(id),
    position  INTEGER NOT NULL,   -- 1-based, the workbook's order of sheets
    name      TEXT NOT NULL,
    rows_read INTEGER,            -- NULL: not read
    PRIMARY KEY (batch_id, position)
) WITHOUT ROWID;

-- The sheet a rejected row is on (its line is the sheet's row); NULL for a CSV file.
ALTER TABLE rejected_rows ADD COLUMN sheet TEXT;
