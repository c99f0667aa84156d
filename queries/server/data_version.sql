-- DuckDB over PostgreSQL (cchc.db for meta/data_version): the data version, a key for caches
-- that changes whenever the data a page shows can change. Here the sources stamp (every write to
-- batches, items, units or rules changes it: server/sources_stamp_setup) and the rules version,
-- one row each, where meta/data_version.sql reads the largest item id of every item.
select concat_ws(
    ':',
    'stamp',
    (select stamp from cchc_server.sources_stamp),
    (select coalesce(max(value), '0') from meta where key = 'rules_version')
)
