-- Staged rows of an incoming file (registered as incoming_rows, with title_key and url_key
-- computed by cchc.loader.with_keys). row_key: one log row, whichever file it came in.
create or replace temp table staged_rows as
select
    *,
    md5(concat_ws(
        '|', unit_code, channel, item_kind, item_date::varchar, title_key, coalesce(url_key, '')
    )) as row_key
from incoming_rows
