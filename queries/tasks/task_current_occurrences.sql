-- Occurrences of the current version of each task of one plan (to check completions against).
-- Parameters: $plan. Macros: migrations/R__task_macros.sql.
select
    o.stt,
    o.occurrence_key,
    o.occ_start,
    o.occ_due
from task_current_tasks($plan) as t
inner join task_occurrences as o
    on t.plan_code = o.plan_code and t.stt = o.stt and t.batch_id = o.batch_id
order by o.stt, o.occ_start
