-- Recompute the kept fulfillment rows of the units in $units (every unit when null): the rows of
-- fulfillment.sql over each rule's whole window ($date_from .. $date_to wide enough), with every
-- item counted ($as_of after the last one); the read (fulfillment_kept.sql) clips to its as-of day.
insert into kept_fulfillment
select
    unit_code,
    rule as rule_id,
    period_start,
    period_end,
    actual
from (
-- @include quotas/fulfillment.sql
)
