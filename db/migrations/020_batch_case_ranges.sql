-- A leaner store, continued (issue 22, items 1–2): a batch's cases found by the ids it
-- gave them, not by an index on every case's batch (`cases_batch`: 9 MB at a million
-- cases, and one of the five indexes a first load builds).
--
-- Case ids grow with each import (each insert takes the next id; cases are never
-- deleted), so the cases a batch added are the ids from its first to its last. A
-- case's `batch_id` moves only when a later batch corrects it, and that batch keeps
-- the version it replaced (`case_versions.replaced_by`). So the cases whose batch is
-- N are those of N's range still N's, and those N corrected (store::batch_cases).
-- NULL both: the batch added no case.
ALTER TABLE batches ADD COLUMN first_case_id INTEGER;
ALTER TABLE batches ADD COLUMN last_case_id INTEGER;

-- The batch that added a case: that of its first version when it has been corrected
-- (versions are numbered as they are kept), its own otherwise.
CREATE TEMP TABLE added_ranges AS
    SELECT added AS batch_id, MIN(id) AS first_case_id, MAX(id) AS last_case_id
      FROM (SELECT c.id,
                   COALESCE((SELECT v.batch_id FROM case_versions v
                              WHERE v.case_id = c.id ORDER BY v.id LIMIT 1),
                            c.batch_id) AS added
              FROM cases c)
     GROUP BY added;
UPDATE batches
   SET first_case_id = r.first_case_id, last_case_id = r.last_case_id
  FROM temp.added_ranges r
 WHERE r.batch_id = batches.id;
DROP TABLE temp.added_ranges;

DROP INDEX cases_batch;
