-- Completion records of one upload or page edit (registered as incoming_completions).
insert into task_completions (
    plan_code, stt, occurrence_key, unit_code, completed_on, evidence, note, batch_id, recorded_at,
    recorded_by
)
select
    plan_code, stt, occurrence_key, unit_code, completed_on, evidence, note,
    $batch_id, (current_timestamp at time zone 'UTC'), $who
from incoming_completions
