-- Every stored task version with its deadline text, to re-parse after plan dates change.
select plan_code, stt, batch_id, deadline_text
from plan_tasks
order by plan_code, stt, batch_id
