-- PostgreSQL (psycopg, cchc.server): release the session lock $key.
select pg_advisory_unlock($key)
