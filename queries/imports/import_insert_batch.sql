-- $batch_id from imports/next_batch_id.sql (DuckDB cannot INSERT … RETURNING into a PostgreSQL table).
insert into import_batches (
    batch_id, kind, file_name, sha256, imported_at, imported_by,
    rows_total, rows_added, rows_known, rows_rejected
)
values ($batch_id, $kind, $file_name, $sha256, (current_timestamp at time zone 'UTC'), $who, $rows_total, 0, 0, $rows_rejected)
