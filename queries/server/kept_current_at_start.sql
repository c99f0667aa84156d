-- DuckDB over PostgreSQL (cchc.quotas.kept, inside a write): whether the kept fulfillment was
-- current when this transaction began, i.e. the sources stamp from before its own first write
-- (server/sources_stamp_setup) is the one stored at the last refresh (meta $key, as
-- server/kept_sources compares them). Then only the units this write touches can be stale.
select coalesce(
    (select 'stamp:' || stamp from cchc_server.sources_stamp_at_start)
    = (select value from meta where key = $key),
    false
) as current
