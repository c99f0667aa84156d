-- DuckDB over PostgreSQL (cchc.server): the name DuckDB gave the PostgreSQL catalog.
select current_database()
