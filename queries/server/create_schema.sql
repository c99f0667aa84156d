-- PostgreSQL (psycopg, cchc.server): the schema DuckDB's default catalog works in, so that the
-- queries' unqualified table names resolve as in a DuckDB file.
create schema if not exists main
