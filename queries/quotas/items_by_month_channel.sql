-- New (counted) items per month and channel between $date_from and $date_to, for $units (or all).
select
    date_trunc('month', item_date)::date as month,
    channel,
    sum(n)::integer as items
from item_counts
where
    item_date between $date_from::date and $date_to::date
    and ($units::varchar[] is null or unit_code in (select unnest($units::varchar[])))
group by all
order by month, channel
