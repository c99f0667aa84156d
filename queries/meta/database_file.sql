-- The file of the database this connection works on (empty for an in-memory one).
select coalesce(path, '') from duckdb_databases() where database_name = current_database()
