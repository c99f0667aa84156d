-- The newest completion record of each occurrence of one plan's tasks.
-- @include task_current_ctes.sql
select
    stt,
    occurrence_key,
    completed_on,
    evidence,
    note
from latest_records
order by stt, occurrence_key
