-- Recompute the kept fulfillment rows of the units in $units (every unit when null): the rows of
-- fulfillment.sql over each rule's whole window ($date_from .. $date_to wide enough), with every
-- item counted ($as_of after the last one) and the days they were dated, by which the read
-- (fulfillment_kept.sql) counts as of its day.
insert into kept_fulfillment (unit_code, rule_id, period_start, period_end, actual, days, day_counts)
select
    unit_code,
    rule as rule_id,
    period_start,
    period_end,
    actual,
    days,
    day_counts
from (
-- @include quotas/fulfillment_days.sql
)
