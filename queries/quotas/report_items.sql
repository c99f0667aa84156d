-- Per unit x channel: log rows, new items, re-sent copies and published new items dated in
-- [$date_from, min($date_to, $as_of)]. Parameters: $date_from, $date_to, $as_of; $units or null.
with
rows_in_range as (
    select unit_code, channel, is_duplicate, ever_published
    from publications
    where
        item_date between $date_from::date and least($date_to::date, $as_of::date)
        and ($units::varchar[] is null or list_contains($units::varchar[], unit_code))
),

final as (
    select
        r.unit_code,
        u.name as unit_name,
        u.kind as unit_kind,
        r.channel,
        count(*)::integer as rows_logged,
        (count(*) filter (where not r.is_duplicate))::integer as new_items,
        (count(*) filter (where r.is_duplicate))::integer as duplicates,
        (count(*) filter (where not r.is_duplicate and r.ever_published))::integer as published
    from rows_in_range as r
    inner join units as u on r.unit_code = u.code
    group by all
)

select * from final
order by unit_kind, unit_name, channel
