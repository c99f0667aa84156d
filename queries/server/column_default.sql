-- PostgreSQL (psycopg, cchc.server): ids of a migration's `default nextval('…')` column come from
-- the PostgreSQL sequence (DuckDB leaves the column out of its INSERT, PostgreSQL fills it).
-- @identifier $table_name
-- @identifier $column_name
-- @inline $sequence
alter table main.$table_name alter column $column_name set default nextval($sequence)
