-- Insert the staged rows not already known; a row repeated inside the file goes in once.
insert into publications (
    batch_id, unit_code, item_date, channel, item_kind, title, url, status,
    title_key, url_key, row_key, source_sheet, source_row
)
select
    $batch_id, unit_code, item_date, channel, item_kind, title, url, status,
    title_key, url_key, row_key, sheet, "row"
from (
    select *, row_number() over (partition by row_key order by sheet, "row") as copy_no
    from staged_rows
) as s
where
    copy_no = 1
    and not exists (
        select 1
        from publications as p
        where
            p.row_key = s.row_key
            -- a row key holds the date: only that window of the table can match
            and p.item_date between (select min(item_date) from staged_rows)
            and (select max(item_date) from staged_rows)
    )
