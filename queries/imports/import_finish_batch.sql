update import_batches
set rows_added = $added, rows_known = $known
where batch_id = $batch_id
