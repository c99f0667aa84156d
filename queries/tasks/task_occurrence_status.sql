-- One row per occurrence of every task (a recurring task's weeks, months or quarters).
-- Parameters: $as_of (date); $plan (plan_code or null); $units (varchar[] or null: only tasks
-- led by one of these units, by one of their offices, or by a group of units that includes one).
-- Macros: migrations/R__task_macros.sql.
select
    o.plan_code as plan,
    o.* exclude (plan_code)
from task_status_rows($plan, $units, $as_of) as o
order by plan, stt, occ_start nulls first
