select count(*) from publications where batch_id = $batch_id
