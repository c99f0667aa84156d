-- Re-sent copies (duplicates) dated in [$date_from, min($date_to, $as_of)], with the item each copies.
-- Parameters: $date_from, $date_to, $as_of (dates); $units (varchar[] or null for all).
with
copies as (
    select item_id, unit_code, item_date, channel, item_kind, title, url, status, dup_of
    from publications
    where
        is_duplicate
        and item_date between $date_from::date and least($date_to::date, $as_of::date)
        and ($units::varchar[] is null or list_contains($units::varchar[], unit_code))
),

final as (
    select
        c.unit_code,
        u.name as unit_name,
        u.kind as unit_kind,
        c.item_date,
        c.channel,
        c.item_kind,
        c.title,
        c.url,
        c.status,
        o.item_date as original_date,
        o.title as original_title
    from copies as c
    inner join units as u on c.unit_code = u.code
    left join publications as o on c.dup_of = o.item_id
)

select * from final
order by unit_name, item_date, title
