update import_batches
set undone_at = (current_timestamp at time zone 'UTC'), undone_by = $who
where batch_id = $batch_id and undone_at is null
