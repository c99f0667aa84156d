-- How many staged rows are already in the database (the same row from an earlier file).
select count(*) as known
from staged_rows as s
where exists (
        select 1
        from publications as p
        where
            p.row_key = s.row_key
            -- a row key holds the date: only that window of the table can match
            and p.item_date between (select min(item_date) from staged_rows)
            and (select max(item_date) from staged_rows)
    )
