-- A file's size and modification time as it was imported. `import` with no path and
-- the workbench's list of new files take a file whose path, size and time match a
-- batch's as imported without reading it: the drop folder keeps every week's file,
-- and hashing them all again each week grows with the years kept.
ALTER TABLE batches ADD COLUMN file_size INTEGER;
ALTER TABLE batches ADD COLUMN file_modified_ns INTEGER;
