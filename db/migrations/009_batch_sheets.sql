-- A workbook's sheets (issue 19). A workbook batch lists each sheet read, with the
-- rows read from it, and each sheet with cells but no header row that maps (not read:
-- rows_read NULL). A CSV batch has none.
--
-- The cases a sheet added are a range of case ids: the import writes a sheet's rows
-- one after the other, each new case taking the next id. So a case's sheet (its line
-- is that sheet's row) is found without a column in the wide cases table, which a
-- per-sheet UPDATE would rewrite row by row.
CREATE TABLE batch_sheets (
    batch_id      INTEGER NOT NULL REFERENCES batches(id),
    position      INTEGER NOT NULL,   -- 1-based, the workbook's order of sheets
    name          TEXT NOT NULL,
    rows_read     INTEGER,            -- NULL: not read
    first_case_id INTEGER,            -- the cases the sheet added; NULL: none
    last_case_id  INTEGER,
    PRIMARY KEY (batch_id, position)
) WITHOUT ROWID;

-- The sheet a rejected row is on (its line is the sheet's row); NULL for a CSV file.
ALTER TABLE rejected_rows ADD COLUMN sheet TEXT;
