-- Insert the rows of an incoming file (registered as incoming_rows, with title_key and url_key
-- from cchc.loader.with_keys) that are not already known. row_key identifies a log row,
-- whichever file it came in; a row repeated inside the file goes in once.
-- ever_published starts as the row's own status, so refresh_duplicates touches only the
-- rows whose marks change (copies and the items they copy), not every row of the file.
insert into publications (
    batch_id, unit_code, item_date, channel, item_kind, title, url, status,
    title_key, url_key, row_key, source_sheet, source_row, ever_published
)
with keyed as (
    select
        *,
        md5(concat_ws(
            '|', unit_code, channel, item_kind, item_date::varchar, title_key, coalesce(url_key, '')
        )) as row_key
    from incoming_rows
),

first_copies as (
    select *
    from keyed
    qualify row_number() over (partition by row_key order by sheet, "row") = 1
)

select
    $batch_id, unit_code, item_date, channel, item_kind, title, url, status,
    title_key, url_key, row_key, sheet, "row", status = 'published'
from first_copies as s
where not exists (
    select 1
    from publications as p
    where
        p.row_key = s.row_key
        -- a row key holds the date: only that window of the table can match
        and p.item_date between (select min(item_date) from incoming_rows)
        and (select max(item_date) from incoming_rows)
)
