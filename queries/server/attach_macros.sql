-- DuckDB over PostgreSQL (cchc.server): PostgreSQL keeps no DuckDB macro, so the macros of
-- queries/migrations/R__*.sql live in a small in-memory catalog of each process.
attach if not exists ':memory:' as cchc_macros
