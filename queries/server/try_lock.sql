-- PostgreSQL (psycopg, cchc.server): take the session lock $key if free; whether it was taken.
select pg_try_advisory_lock($key)
