-- PostgreSQL (psycopg, cchc.server): wait for the session lock $key (writers, one-off jobs).
select pg_advisory_lock($key)
