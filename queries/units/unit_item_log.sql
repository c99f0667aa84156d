-- The log rows of some units between two dates, newest first: a re-sent copy carries the date
-- of the copy that counted.
with
items as (
    select *
    from publications
    where
        list_contains($units::varchar[], unit_code)
        and item_date between $date_from::date and $date_to::date
),

final as (
    select
        i.item_id,
        i.unit_code,
        u.name as unit_name,
        i.item_date,
        i.channel,
        i.item_kind,
        i.title,
        i.url,
        i.status,
        i.is_duplicate,
        first_copy.item_date as first_date
    from items as i
    inner join units as u on i.unit_code = u.code
    left join publications as first_copy on i.dup_of = first_copy.item_id
)

select * from final
order by item_date desc, item_id desc
