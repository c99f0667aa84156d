-- A live (not undone) batch of the same file content.
select batch_id, file_name, imported_at, rows_added
from import_batches
where sha256 = $sha256 and kind = $kind and undone_at is null
order by batch_id
limit 1
