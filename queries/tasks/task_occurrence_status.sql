-- One row per occurrence of every task (a recurring task's weeks, months or quarters).
-- Parameters: see task_ctes.sql.
-- @include tasks/task_ctes.sql
select
    o.plan_code as plan,
    o.* exclude (plan_code)
from occurrence_status as o
order by plan, stt, occ_start nulls first
