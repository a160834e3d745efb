-- The identifiers' unique key puts the value first: (value, kind) instead of (kind,
-- value). Lookups name both, so either order serves them; but a first load builds
-- this index from two million keys, and with the kind first nearly every comparison
-- of the sort tied on it ('phone' = 'phone') and fell through to SQLite's slow
-- whole-record comparison. Values seldom tie. Measured in BENCHMARKS.md.
DROP INDEX identifiers_kind_value;
CREATE UNIQUE INDEX identifiers_value_kind ON identifiers(value, kind);
