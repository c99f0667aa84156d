-- Insert the rows of an incoming file (registered as incoming_rows, with title_key and url_key
-- from cchc.loader.with_keys) that are not already known. A log row is identified by its unit,
-- channel, kind, date, folded title and link, whichever file it came in (compared column by
-- column: no digest, so no collisions); a row repeated inside the file goes in once.
-- ever_published starts as the row's own status, so refresh_duplicates touches only the
-- rows whose marks change (copies and the items they copy), not every row of the file.
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
)

select
    $batch_id, unit_code, item_date, channel, item_kind, title, url, status,
    title_key, url_key, sheet, "row", status = 'published'
from first_copies as s
where not exists (
    select 1
    from publications as p
    where
        p.unit_code = s.unit_code
        and p.channel = s.channel
        and p.item_kind = s.item_kind
        and p.item_date = s.item_date
        and p.title_key = s.title_key
        and p.url_key is not distinct from s.url_key
        -- only the file's date window of the table can match
        and p.item_date between (select min(item_date) from incoming_rows)
        and (select max(item_date) from incoming_rows)
)
