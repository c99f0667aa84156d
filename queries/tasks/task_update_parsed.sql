-- Re-parsed deadlines (registered as incoming_parsed) replace the stored ones.
update plan_tasks as t
set
    deadline_kind = p.deadline_kind,
    recurrence = p.recurrence,
    start_date = p.start_date,
    due_date = p.due_date,
    deadline_note = p.deadline_note
from incoming_parsed as p
where t.plan_code = p.plan_code and t.stt = p.stt and t.batch_id = p.batch_id
