-- Per unit kind per month: share of rule-periods met (same month attribution as rollup_unit).
-- @include quotas/fulfillment_ctes.sql
select
    unit_kind,
    date_trunc('month', least(period_end, greatest(period_start, $as_of::date)))::date as month,
    count(distinct unit_code) as units,
    count(*) filter (where status <> 'Chưa đến kỳ') as rules_due,
    count(*) filter (where status = 'Đạt') as rules_met,
    round(
        count(*) filter (where status = 'Đạt')
        / nullif(count(*) filter (where status <> 'Chưa đến kỳ'), 0), 4
    ) as share_met
from fulfillment
group by all
order by unit_kind, month
