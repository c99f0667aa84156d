-- Server variant of imports/import_insert (cchc.server.VARIANTS): the same rows inserted, with the
-- bounds below as constants PostgreSQL is sent. On a DuckDB file the constant date bounds made the
-- insert of a 100k-row file into a new database run out of the command line's 128 MB (30/11).
-- Insert the rows of an incoming file (registered as incoming_rows, with title_key and url_key
-- from cchc.loader.with_keys) that are not already known. A log row is identified by its unit,
-- channel, kind, date, folded title and link, whichever file it came in (compared column by
-- column: no digest, so no collisions); a row repeated inside the file goes in once.
-- ever_published starts as the row's own status, so refresh_duplicates touches only the
-- rows whose marks change (copies and the items they copy), not every row of the file.
-- The known rows are found by probing the table's rows of the file's dates against the
-- incoming ones (a semi join: its hash table holds the incoming slice, not a year of the
-- table), so the memory it takes follows the slice cchc.ingest.load hands it.
-- $units (null: every unit of the slice) takes the slice's rows of those units only, and
-- $first_day .. $last_day spans the slice's dates: constants bounding the table's rows read,
-- which DuckDB passes on to PostgreSQL (an index then reads only them; cchc.unit_runs).
insert into publications (
    batch_id, unit_code, item_date, channel, item_kind, title, url, status,
    title_key, url_key, source_sheet, source_row, ever_published
)
with first_copies as (
    select *
    from incoming_rows
    -- the first copy in file order (a grouping: four times cheaper than a window here)
    where
        ord in (
            select min(ord)
            from incoming_rows
            group by unit_code, channel, item_kind, item_date, title_key, url_key
        )
        and ($units::varchar[] is null or list_contains($units::varchar[], unit_code))
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
    -- only the slice's date window of the table can match, and only its units
    where
        p.item_date between $first_day::date and $last_day::date
        and unit_in_bounds(p.unit_code, $units)
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
