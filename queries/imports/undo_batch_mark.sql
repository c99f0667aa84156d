update import_batches
set undone_at = current_timestamp::timestamp, undone_by = $who
where batch_id = $batch_id and undone_at is null
