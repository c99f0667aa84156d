-- The rows of an incoming slice (incoming_rows, keyed by cchc.ingest.load.with_keys) that the
-- table already holds, by their position in the file: the temporary table known_ords, which
-- imports/import_insert leaves out. A row is known when a stored row has its unit, channel,
-- kind, date, folded title and link (compared column by column: no digest, no collisions).
-- Only the slice's date window of the table is read. Found apart, before the insert: one
-- statement doing both built its hash tables on the slice's 100k rows even when nothing was
-- known (100k new rows into a new database: 243 → 118 ms; every row known: 140 → 111 ms).
-- A file only: on PostgreSQL, queries/server/import_insert.sql finds them itself.
create or replace temp table known_ords as
select s.ord
from publications as p
inner join incoming_rows as s
    on
        p.unit_code = s.unit_code
        and p.channel = s.channel
        and p.item_kind = s.item_kind
        and p.item_date = s.item_date
        and p.title_key = s.title_key
        and p.url_key is not distinct from s.url_key
where
    p.item_date between (select min(item_date) from incoming_rows)
    and (select max(item_date) from incoming_rows)
