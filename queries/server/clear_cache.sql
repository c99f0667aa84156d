-- DuckDB over PostgreSQL (cchc.server): forget the tables' cached definitions (after DDL made
-- with psycopg, such as a column's default).
call pg_clear_cache()
