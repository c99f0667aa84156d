-- The record of applied migrations (cchc.db.migrate): one row per queries/migrations/NNN_*.sql.
create table if not exists schema_migrations (
    version integer primary key,
    name varchar not null,
    applied_at timestamp not null
)
