-- Whose each identifier of a case is, and the narrative words it was read from.

-- other (the scammers': links), victim (the victim's own: never links) or mentioned
-- (found in the narrative with no cue saying whose: never a hard link). Identifiers
-- found in the narrative whose side is not `other` carry the roles `victim_own` or
-- `mentioned`, so the linking rule (roles caller, account, contact) needs no change.
ALTER TABLE case_identifiers ADD COLUMN side TEXT NOT NULL DEFAULT 'other';
-- The words around an identifier found in the narrative, as written; NULL for columns.
ALTER TABLE case_identifiers ADD COLUMN excerpt TEXT;

UPDATE case_identifiers SET side = 'victim' WHERE role = 'victim_phone' OR origin = 'victim_phone';
