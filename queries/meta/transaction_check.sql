-- A no-op run just before COMMIT (cchc.db.transaction): it fails when an earlier statement of
-- the transaction failed, where DuckDB's COMMIT would silently roll back instead.
select 1 as alive
