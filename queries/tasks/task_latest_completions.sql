-- The newest completion record of each occurrence of one plan's tasks that a scope sees.
-- Parameters: $plan; $units (varchar[] or null). Macros: migrations/R__task_macros.sql.
select
    stt,
    occurrence_key,
    completed_on,
    evidence,
    note
from task_scope_records($plan, $units)
order by stt, occurrence_key
