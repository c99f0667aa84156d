-- Current tasks of one plan led by the given units (who may record their completions).
-- @include task_scoped_ctes.sql
select plan_code, stt
from scoped_tasks
order by plan_code, stt
