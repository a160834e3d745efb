-- The analysts' casework (issue 25): notes and tags on cases, groups and identifiers,
-- each with who and when, never overwritten.
--
-- A target is (target_kind, target_id): 0 a case (cases.id); 1 a group, keyed by a
-- case of it (the case its id named when the note or tag was written: `G-` + that
-- case's report_no); 2 an identifier (identifiers.id). Group ids change when groups
-- merge or an earlier case joins, but a case stays in the group it is in: the notes
-- and tags of a group today are those keyed by any of its cases, so a merged group
-- holds both sides' (`group_id` says which group each was written on).

CREATE TABLE notes (
    id          INTEGER PRIMARY KEY,
    target_kind INTEGER NOT NULL,               -- 0 case, 1 group, 2 identifier
    target_id   INTEGER NOT NULL,               -- cases.id (also a group's), identifiers.id
    group_id    TEXT,                           -- a group's id when its note was written
    replaces    INTEGER REFERENCES notes(id),   -- an edit: the note it takes the place of
    who         TEXT NOT NULL,
    at          TEXT NOT NULL,
    text        TEXT NOT NULL
);
CREATE INDEX notes_target ON notes(target_kind, target_id);
-- A note is replaced once: a second edit of it is an edit of its replacement.
CREATE UNIQUE INDEX notes_replaces ON notes(replaces) WHERE replaces IS NOT NULL;

-- Every tag set or taken off; the current tags are each target's latest event per tag.
CREATE TABLE tag_events (
    id          INTEGER PRIMARY KEY,
    target_kind INTEGER NOT NULL,
    target_id   INTEGER NOT NULL,
    group_id    TEXT,                           -- a group's id when its tag was set
    tag         TEXT NOT NULL,
    action      INTEGER NOT NULL,               -- 1 set, 0 taken off
    who         TEXT NOT NULL,
    at          TEXT NOT NULL
);
CREATE INDEX tag_events_target ON tag_events(target_kind, target_id, tag);
CREATE INDEX tag_events_tag ON tag_events(tag, target_kind);

-- The tags each target carries now (with who set them and when).
CREATE VIEW current_tags AS
    SELECT e.target_kind, e.target_id, e.group_id, e.tag, e.who, e.at
      FROM tag_events e
     WHERE e.action = 1
       AND e.id = (SELECT MAX(l.id) FROM tag_events l
                    WHERE l.target_kind = e.target_kind AND l.target_id = e.target_id
                      AND l.tag = e.tag);

-- The tags each case carries now: its own, and those of its group (set on any case
-- of the group: every side of a merged group). `cases --tag` and `tag:` read it.
CREATE VIEW case_tags AS
    SELECT t.target_id AS case_id, t.tag FROM current_tags t WHERE t.target_kind = 0
    UNION
    SELECT m.case_id, t.tag FROM current_tags t
      JOIN case_groups a ON a.case_id = t.target_id
      JOIN case_groups m ON m.group_id = a.group_id
     WHERE t.target_kind = 1;

-- The notes as they read now: those no edit replaced.
CREATE VIEW current_notes AS
    SELECT n.* FROM notes n
     WHERE NOT EXISTS (SELECT 1 FROM notes r WHERE r.replaces = n.id);
