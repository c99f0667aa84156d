-- DuckDB (cchc.server_backup): empty a table before a restore replaces its rows.
-- @identifier $table_name
delete from $table_name
