-- A new import batch, numbered one past the highest batch ever written (undone ones included).
-- Not the sequence: DuckDB does not roll a sequence back, so every preview (a dry run rolled
-- back) and every failed attempt used to consume a number, and the numbers people see jumped.
-- Writers hold the one write lock, so two batches never read the same maximum.
insert into import_batches (
    batch_id, kind, file_name, sha256, imported_at, imported_by,
    rows_total, rows_added, rows_known, rows_rejected
)
select
    coalesce(max(batch_id), 0) + 1,
    $kind,
    $file_name,
    $sha256,
    current_timestamp::timestamp,
    $who,
    $rows_total,
    0,
    0,
    $rows_rejected
from import_batches
returning batch_id
