-- The log rows of one unit between two dates, newest first, with their duplicate mark.
select
    item_date,
    channel,
    item_kind,
    title,
    url,
    status,
    is_duplicate,
    ever_published,
    batch_id
from publications
where unit_code = $unit and item_date between $date_from::date and $date_to::date
order by item_date desc, item_id desc
