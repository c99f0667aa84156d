-- Quota fulfillment read from the kept rows (cchc.quotas.kept), not recomputed: the same rows,
-- columns and order as fulfillment.sql for [$date_from, $date_to] as of $as_of, for the units in
-- $units (null: all).
select *
from (
-- @include quotas/kept_as_of.sql
)
order by unit_code, plan, rule, period_start
