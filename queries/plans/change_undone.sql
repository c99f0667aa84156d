-- Mark a change undone, with who and when.
update plan_changes
set undone_at = (current_timestamp at time zone 'UTC'), undone_by = $who
where change_id = $change_id and undone_at is null
