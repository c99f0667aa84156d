-- DuckDB (cchc.server_backup): how many rows a table has.
-- @identifier $table_name
select count(*) from $table_name
