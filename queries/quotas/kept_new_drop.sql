-- The temporary table of kept_new.sql, once copied.
drop table if exists kept_new
