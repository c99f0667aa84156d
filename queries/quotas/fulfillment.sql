-- Quota fulfillment: every unit x rule x period overlapping [$date_from, $date_to], counted as of $as_of.
-- Parameters: $date_from, $date_to, $as_of (dates); $units (varchar[] of allowed unit codes, or null for all).
-- One row per unit x rule x period: required, actual, status (the CLI's CSV, and every figure in cchc.quotas).
-- The rows of fulfillment_days.sql without the days counted ($with_days false: not gathered).
select * exclude (days, day_counts)
from (
-- @include quotas/fulfillment_days.sql
)
order by unit_code, plan, rule, period_start
