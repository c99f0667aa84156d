-- A change to a plan (add, amend, retire), with who and when; returns its number.
insert into plan_changes (plan_code, kind, effective_on, made_at, made_by, note, retired_before)
values ($plan, $kind, $effective_on, current_timestamp::timestamp, $who, $note, $retired_before)
returning change_id
