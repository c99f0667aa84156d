-- The number of a new import batch: one past the highest batch ever written (undone ones
-- included). Not a sequence: DuckDB does not roll a sequence back, so every preview (a dry run
-- rolled back) and every failed attempt would consume a number and the numbers people see would
-- jump. Writers are serialized (the write lock; in server mode the writers' advisory lock), so
-- two batches never read the same maximum.
select coalesce(max(batch_id), 0) + 1 from import_batches
