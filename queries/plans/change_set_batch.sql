-- The import batch that wrote an added plan's task table (undoing the addition undoes it).
update plan_changes
set batch_id = $batch_id
where change_id = $change_id
