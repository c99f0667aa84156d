-- The ART index on publications.row_key cost a third of every import's commit and no query
-- used it (known rows are found by a hash join over the file's date window). Databases made
-- before it was dropped lose it here.
drop index if exists publications_row_key;
