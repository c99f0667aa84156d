-- DuckDB over PostgreSQL (cchc.quotas.kept): the fingerprint of the kept fulfillment's sources,
-- as quotas/kept_sources.sql gives it on a file, beside the one stored at the last refresh
-- (meta $key). Here it is the stamp every write to a source changes (server/sources_stamp_setup):
-- one row read, where counting the sources would copy whole tables from PostgreSQL. Plain
-- PostgreSQL too: a read's check runs it on the process's psycopg session (one round trip, where
-- DuckDB's read of two tables costs a transaction and two copies: about 3 ms).
select
    (select 'stamp:' || stamp from cchc_server.sources_stamp) as sources,
    (select value from main.meta where key = $key) as stored
