-- The current version of each task of one plan (what an import compares its rows with).
-- Parameters: $plan (a plan_code, or null for every plan). Macros: migrations/R__task_macros.sql.
select
    stt,
    task,
    lead_text,
    coordinating_text,
    deadline_text,
    product
from task_current_tasks($plan)
order by stt
