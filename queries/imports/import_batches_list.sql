-- Import history, newest first.
select
    batch_id, kind, file_name, imported_at, imported_by,
    rows_total, rows_added, rows_known, rows_rejected, undone_at, undone_by
from import_batches
order by batch_id desc
limit $limit
