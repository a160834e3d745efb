-- A leaner `cases` (issue 22, item 1): what a case row can give back from its other
-- columns is not stored twice. Nothing is lost; each reader goes through
-- store::rows::raw_expr (dates) or rows::extra_fields (extra).
--
-- A date as written that is its normalised form with `/` or `.` for each `-`
-- (`2026/11/23` beside `2026-11-23`) keeps only that separator, and one written
-- `2026年11月23日` only `C`, as a one-byte blob (a text column's affinity leaves a blob
-- as it is, so it cannot be taken for a date written as `/`): most rows of an export.
UPDATE cases
   SET reported_at_raw = CASE reported_at_raw
                             WHEN replace(reported_at, '-', '/') THEN CAST('/' AS BLOB)
                             WHEN replace(reported_at, '-', '.') THEN CAST('.' AS BLOB)
                             WHEN CASE WHEN length(reported_at) = 10 THEN substr(reported_at, 1, 4) || '年'
                                       || substr(reported_at, 6, 2) || '月' || substr(reported_at, 9, 2) || '日' END
                                 THEN CAST('C' AS BLOB)
                             ELSE reported_at_raw END,
       occurred_at_raw = CASE occurred_at_raw
                             WHEN replace(occurred_at, '-', '/') THEN CAST('/' AS BLOB)
                             WHEN replace(occurred_at, '-', '.') THEN CAST('.' AS BLOB)
                             WHEN CASE WHEN length(occurred_at) = 10 THEN substr(occurred_at, 1, 4) || '年'
                                       || substr(occurred_at, 6, 2) || '月' || substr(occurred_at, 9, 2) || '日' END
                                 THEN CAST('C' AS BLOB)
                             ELSE occurred_at_raw END,
       -- No unknown columns: the empty text, not an empty JSON object.
       extra = CASE extra WHEN '{}' THEN '' ELSE extra END
 WHERE reported_at_raw IN (replace(reported_at, '-', '/'), replace(reported_at, '-', '.'),
                        substr(reported_at, 1, 4) || '年' || substr(reported_at, 6, 2) || '月'
                        || substr(reported_at, 9, 2) || '日')
    OR occurred_at_raw IN (replace(occurred_at, '-', '/'), replace(occurred_at, '-', '.'),
                        substr(occurred_at, 1, 4) || '年' || substr(occurred_at, 6, 2) || '月'
                        || substr(occurred_at, 9, 2) || '日')
    OR extra = '{}';

-- The content hash is worked out from the stored raw fields when a row under the
-- case's report_no comes (import::writer), as the import works out the row's:
-- 16 bytes a case no longer kept. Replaced versions (`case_versions`) keep theirs.
ALTER TABLE cases DROP COLUMN content_hash;

-- The identifiers' kind as the model's code (`kind_code`: IdKind::code) and the form
-- first seen (`display`) only where it is not the usual one (`display_kept`: a mainland
-- number without its +86, any other value as stored); `kind` and `display` become
-- virtual generated columns over them, read as before and stored nowhere. The unique
-- key becomes (value, kind_code). Made from the enums by store::lean.
-- @rust: identifier_kind_codes
