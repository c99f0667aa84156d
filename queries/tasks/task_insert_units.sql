-- Resolved lead/coordinating units of new task versions (registered as incoming_units).
insert into task_units (
    plan_code, stt, batch_id, role, seq, text, label, resolution, unit_code, unit_kind, scope_parent
)
select plan_code, stt, batch_id, role, seq, text, label, resolution, unit_code, unit_kind, scope_parent
from incoming_units
