-- Copy a slice of an incoming file (registered as incoming_batch, an Arrow stream read once)
-- into the temporary table incoming_rows, which imports/import_insert reads several times.
-- DuckDB keeps every Python object a transaction read from alive until the transaction ends;
-- read through this copy, each slice's Arrow memory goes as soon as the slice is written
-- (cchc.ingest.load: a million rows in one transaction held about 330 MB of it otherwise).
create or replace temp table incoming_rows as
select * from incoming_batch
