-- Roll-up of the kept fulfillment rows (kept_as_of.sql) per unit kind x judged month: the
-- rule-periods due (started) and met, as cchc.quotas.numbers counts them (is_due, is_met), each
-- rule-period in the month that judges it (numbers.judged_day: its last day when over, $as_of
-- while it runs, its first day when not started). Parameters as fulfillment.sql's.
select
    unit_kind,
    date_trunc('month', least(period_end, greatest(period_start, $as_of::date)))::date as month,
    count(*) filter (where status <> 'Chưa đến kỳ')::bigint as due,
    count(*) filter (where status = 'Đạt')::bigint as met
from (
-- @include quotas/kept_as_of.sql
)
group by all
order by unit_kind, month
