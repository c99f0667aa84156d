-- What a change did, in words (written once the change knows it).
update plan_changes
set note = $note
where change_id = $change_id
