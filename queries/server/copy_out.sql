-- DuckDB (cchc.server_backup): one table into a Parquet file, rows in a stable order.
-- @identifier $table_name
-- @inline $path
copy (select * from $table_name order by all) to $path (format parquet)
