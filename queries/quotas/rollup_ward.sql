-- Per ward including its offices: the ward's own rule-periods and its offices', together.
-- @include quotas/fulfillment_ctes.sql
select
    coalesce(w.code, f.unit_code) as ward_code,
    coalesce(w.name, f.unit_name) as ward_name,
    count(distinct f.unit_code) as units,
    count(*) filter (where f.status <> 'Chưa đến kỳ') as rules_due,
    count(*) filter (where f.status = 'Đạt') as rules_met,
    count(*) filter (where f.status = 'Chưa đạt') as rules_missed,
    round(
        count(*) filter (where f.status = 'Đạt')
        / nullif(count(*) filter (where f.status <> 'Chưa đến kỳ'), 0), 4
    ) as share_met
from fulfillment as f
left join units as w on f.unit_kind = 'ward_office' and w.code = f.parent_code
where f.unit_kind in ('commune', 'ward_office')
group by all
order by ward_code
