-- Record one migration as applied (inside the transaction that applied it).
insert into schema_migrations (version, name, applied_at)
values ($version, $name, current_localtimestamp())
