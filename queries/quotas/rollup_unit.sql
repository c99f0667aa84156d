-- Per unit per month: how many of its rule-periods ending in (or running through) that month are met.
-- A rule-period is judged in the month it ends; one still running counts in the as-of month.
-- @include quotas/fulfillment_ctes.sql
select
    unit_code,
    unit_name,
    unit_kind,
    parent_code,
    date_trunc('month', least(period_end, greatest(period_start, $as_of::date)))::date as month,
    count(*) filter (where status <> 'Chưa đến kỳ') as rules_due,
    count(*) filter (where status = 'Đạt') as rules_met,
    count(*) filter (where status = 'Chưa đạt') as rules_missed,
    count(*) filter (where status = 'Đang thực hiện') as rules_running,
    round(
        count(*) filter (where status = 'Đạt')
        / nullif(count(*) filter (where status <> 'Chưa đến kỳ'), 0), 4
    ) as share_met
from fulfillment
group by all
order by unit_code, month
