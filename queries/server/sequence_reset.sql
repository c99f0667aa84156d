-- PostgreSQL (psycopg, cchc.server): after a restore, a sequence continues after the largest id.
-- @identifier $table_name
-- @identifier $column_name
select setval($sequence, (select coalesce(max($column_name), 0) + 1 from main.$table_name), false)
