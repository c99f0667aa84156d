select distinct unit_code from publications where batch_id = $batch_id order by unit_code
