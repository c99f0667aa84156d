-- The kept rows of the units in $units (every unit when null), computed once into a temporary
-- table that kept_insert.sql and kept_days_insert.sql then copy: the rows of fulfillment.sql over
-- each rule's whole window ($date_from .. $date_to wide enough), with every item counted ($as_of
-- after the last one) and the days they were dated ($with_days).
create or replace temp table kept_new as
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
