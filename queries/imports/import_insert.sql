-- Insert the rows of an incoming file (registered as incoming_rows, with title_key and url_key
-- from cchc.loader.with_keys) that are not already known. A log row is identified by its unit,
-- channel, kind, date, folded title and link, whichever file it came in (compared column by
-- column: no digest, so no collisions); a row repeated inside the file goes in once.
-- ever_published starts as the row's own status, so refresh_duplicates touches only the
-- rows whose marks change (copies and the items they copy), not every row of the file.
-- The known rows are found by probing the table's rows of the file's dates against the
-- incoming ones (a semi join: its hash table holds the incoming slice, not a year of the
-- table), so the memory it takes follows the slice cchc.ingest.load hands it.
-- On PostgreSQL, queries/server/import_insert.sql runs instead: it takes $units and
-- $first_day..$last_day as constants, which PostgreSQL is sent (here they are not used).
insert into publications (
    batch_id, unit_code, item_date, channel, item_kind, title, url, status,
    title_key, url_key, source_sheet, source_row, ever_published
)
with first_copies as (
    select *
    from incoming_rows
    -- the first copy in file order (a grouping: four times cheaper than a window here)
    where ord in (
        select min(ord)
        from incoming_rows
        group by unit_code, channel, item_kind, item_date, title_key, url_key
    )
),

known as (
    select p.unit_code, p.channel, p.item_kind, p.item_date, p.title_key, p.url_key
    from publications as p
    semi join first_copies as s
        on
            p.unit_code = s.unit_code
            and p.channel = s.channel
            and p.item_kind = s.item_kind
            and p.item_date = s.item_date
            and p.title_key = s.title_key
            and p.url_key is not distinct from s.url_key
    -- only the file's date window of the table can match
    where
        p.item_date between (select min(item_date) from incoming_rows)
        and (select max(item_date) from incoming_rows)
)

select
    $batch_id, unit_code, item_date, channel, item_kind, title, url, status,
    title_key, url_key, sheet, "row", status = 'published'
from first_copies as s
where not exists (
    select 1
    from known as k
    where
        k.unit_code = s.unit_code
        and k.channel = s.channel
        and k.item_kind = s.item_kind
        and k.item_date = s.item_date
        and k.title_key = s.title_key
        and k.url_key is not distinct from s.url_key
)
