-- A leaner store, continued (issue 22, item 1): a case's unknown columns (`extra`, a
-- JSON object such as {"派出所":"高新区派出所"}) repeat a few texts over a million rows
-- (~32 MB at 1M; a dozen distinct in 200k rows: real files, too, repeat a few police
-- stations or districts). Each distinct text is kept once in `case_extras`, the case
-- row holds its id (`extra_id`; NULL for a row with no unknown columns, the empty text
-- before). Readers take the text through store::extras::text_of (a subquery by the
-- id: no generated column may hold one); the import keeps a map text → id per file
-- (store::extras::Extras). `case_versions` keeps its own text (a few rows).
-- No index on the text: the import reads the few texts whole into its map and is the
-- one writer (each text inserted once, under the import's write lock); a unique index
-- would be one more page in every database, most of which have no unknown columns.
CREATE TABLE case_extras (
    id   INTEGER PRIMARY KEY,
    text TEXT NOT NULL
);
INSERT INTO case_extras (text)
    SELECT extra FROM cases WHERE extra <> '' GROUP BY extra ORDER BY MIN(id);
ALTER TABLE cases ADD COLUMN extra_id INTEGER REFERENCES case_extras(id);
UPDATE cases SET extra_id = (SELECT e.id FROM case_extras e WHERE e.text = cases.extra)
 WHERE extra <> '';
ALTER TABLE cases DROP COLUMN extra;
