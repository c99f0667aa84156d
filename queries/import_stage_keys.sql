-- Identity and dedup keys for the rows of an incoming file (registered as incoming_rows).
-- title_key: lower-case, no diacritics (đ → d), punctuation collapsed; url_key: scheme and
-- 'www.' dropped, trailing slash removed. row_key: one log row, whichever file it came in.
create or replace temp table staged_rows as
with keyed as (
    select
        *,
        trim(regexp_replace(
            strip_accents(lower(replace(replace(title, 'đ', 'd'), 'Đ', 'D'))), '[^0-9a-z]+', ' ', 'g'
        )) as title_key,
        nullif(
            regexp_replace(regexp_replace(lower(trim(url)), '^[a-z]+://(www\.)?', ''), '/+$', ''), ''
        ) as url_key
    from incoming_rows
)
select
    *,
    md5(concat_ws(
        '|', unit_code, channel, item_kind, item_date::varchar, title_key, coalesce(url_key, '')
    )) as row_key
from keyed
