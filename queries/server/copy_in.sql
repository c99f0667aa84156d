-- DuckDB (cchc.server_backup): a table's rows back from its Parquet file, columns by name.
-- @identifier $table_name
insert into $table_name by name select * from read_parquet($path)
