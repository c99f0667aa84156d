delete from publications where batch_id = $batch_id
