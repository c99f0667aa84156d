-- The current version of each task of one plan (what an import compares its rows with).
-- @include tasks/task_current_ctes.sql
select
    stt,
    task,
    lead_text,
    coordinating_text,
    deadline_text,
    product
from current_tasks
order by stt
