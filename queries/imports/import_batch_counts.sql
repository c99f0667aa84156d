-- A batch whose rows came while its file was still read (cchc.ingest.load.import_rows'
-- `counted`): its good and rejected rows, known once they are all in.
update import_batches
set rows_total = $rows_total, rows_rejected = $rows_rejected
where batch_id = $batch_id
