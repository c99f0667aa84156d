insert into import_batches (
    kind, file_name, sha256, imported_at, imported_by,
    rows_total, rows_added, rows_known, rows_rejected
)
values ($kind, $file_name, $sha256, current_timestamp::timestamp, $who, $rows_total, 0, 0, $rows_rejected)
returning batch_id
