-- Occurrences of new task versions (registered as incoming_occurrences).
insert into task_occurrences (plan_code, stt, batch_id, occurrence_key, occ_start, occ_due)
select plan_code, stt, batch_id, occurrence_key, occ_start, occ_due
from incoming_occurrences
