-- Insert the rows of an incoming slice (registered as incoming_rows, with title_key and url_key
-- from cchc.ingest.load.with_keys and `ord`, the row's position in the file) that are not
-- already known: those imports/known_ords found are left out, and a row repeated inside the
-- file goes in once (its first copy in file order).
-- ever_published starts as the row's own status, so refresh_duplicates touches only the
-- rows whose marks change (copies and the items they copy), not every row of the file.
-- On PostgreSQL, queries/server/import_insert.sql runs instead (it finds the known rows
-- itself): it takes $units and $first_day..$last_day as constants, which PostgreSQL is sent
-- (here they are not used).
insert into publications (
    batch_id, unit_code, item_date, channel, item_kind, title, url, status,
    title_key, url_key, source_sheet, source_row, ever_published
)
select
    $batch_id, s.unit_code, s.item_date, s.channel, s.item_kind, s.title, s.url, s.status,
    s.title_key, s.url_key, s.sheet, s."row", s.status = 'published'
from incoming_rows as s
anti join known_ords as k on s.ord = k.ord
-- the first copy in file order (a grouping: four times cheaper than a window here)
where
    s.ord in (
        select min(ord)
        from incoming_rows
        group by unit_code, channel, item_kind, item_date, title_key, url_key
    )
