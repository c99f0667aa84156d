-- One row per unit x rule x period: required, actual, status (the CLI's CSV).
-- @include quotas/fulfillment_ctes.sql
select *
from fulfillment
order by unit_code, plan, rule, period_start
