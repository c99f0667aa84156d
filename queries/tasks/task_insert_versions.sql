-- New or changed task versions of one import (registered as incoming_tasks).
insert into plan_tasks (
    plan_code, stt, batch_id, task, lead_text, coordinating_text, deadline_text, product,
    source_sheet, source_row, deadline_kind, recurrence, start_date, due_date, deadline_note
)
select
    plan_code, stt, batch_id, task, lead_text, coordinating_text, deadline_text, product,
    source_sheet, source_row, deadline_kind, recurrence, start_date, due_date, deadline_note
from incoming_tasks
