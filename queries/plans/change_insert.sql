-- A change to a plan (add, amend, retire), with who and when; $change_id from the sequence
-- plan_change_seq (cchc.db.next_id: DuckDB cannot INSERT … RETURNING into a PostgreSQL table).
insert into plan_changes (change_id, plan_code, kind, effective_on, made_at, made_by, note, retired_before)
values ($change_id, $plan, $kind, $effective_on, (current_timestamp at time zone 'UTC'), $who, $note, $retired_before)
