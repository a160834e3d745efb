-- Cold lookups (issue 22 item 4): identifier and last-digits queries answered from
-- SQLite without the in-memory search index.
--
-- The last four characters of every value, indexed: a last-digits query (`5678`,
-- `*5678`, a full number's suffix tier) reads the values ending with its last four
-- and keeps those ending with all of it. An expression of built-in functions only,
-- so every connection (the sqlite3 shell too) keeps it up to date.
CREATE INDEX identifiers_last4 ON identifiers(substr(value, -4));

-- Partial numbers (`6222*1234`, `*1234`): few, read whole when a number could be
-- the whole of one.
CREATE INDEX identifiers_starred ON identifiers(value) WHERE instr(value, '*') > 0;
