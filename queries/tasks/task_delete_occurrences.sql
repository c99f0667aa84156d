-- Drop the occurrences of the task versions being re-parsed (registered as incoming_parsed).
delete from task_occurrences as o
using incoming_parsed as p
where o.plan_code = p.plan_code and o.stt = p.stt and o.batch_id = p.batch_id
