-- DuckDB over PostgreSQL (cchc.server_backup): the tables of the database, for a backup.
select table_name
from duckdb_tables()
where database_name = current_database() and schema_name = 'main'
order by table_name
