-- City-wide: rule-periods and units met, per status.
-- @include quotas/fulfillment_ctes.sql
, per_unit as (
    select
        unit_code,
        bool_and(status in ('Đạt', 'Chưa đến kỳ')) as all_met,
        bool_or(status = 'Chưa đạt') as any_missed
    from fulfillment
    group by unit_code
)
select
    (select count(*) from per_unit) as units,
    (select count(*) from per_unit where all_met) as units_all_met,
    (select count(*) from per_unit where any_missed) as units_behind,
    count(*) filter (where status <> 'Chưa đến kỳ') as rules_due,
    count(*) filter (where status = 'Đạt') as rules_met,
    count(*) filter (where status = 'Chưa đạt') as rules_missed,
    count(*) filter (where status = 'Đang thực hiện') as rules_running,
    round(
        count(*) filter (where status = 'Đạt')
        / nullif(count(*) filter (where status <> 'Chưa đến kỳ'), 0), 4
    ) as share_met
from fulfillment
