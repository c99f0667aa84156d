-- DuckDB (cchc.server): read each PostgreSQL table in one query rather than in parallel ranges
-- of its pages (ctid ranges cannot use an index: every read of a few units would go through the
-- whole table).
set global pg_use_ctid_scan = false
