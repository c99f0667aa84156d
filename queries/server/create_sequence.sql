-- PostgreSQL (psycopg, cchc.server): a sequence of a migration (DuckDB cannot create one there).
-- @identifier $sequence
create sequence if not exists main.$sequence
