-- The newest completion record of each occurrence of one plan's tasks that a scope sees.
-- Parameters: $plan; $units (varchar[] or null: see task_visible_ctes.sql).
-- @include tasks/task_current_ctes.sql
-- @include tasks/task_visible_ctes.sql
select
    stt,
    occurrence_key,
    completed_on,
    evidence,
    note
from scope_records
order by stt, occurrence_key
