-- PostgreSQL (psycopg, cchc.server): a stamp that every statement writing a source of the kept
-- fulfillment (rules, units, item counts, publications, batches) changes, inside the writer's
-- own transaction (a statement trigger), so a read compares one row (server/kept_sources)
-- instead of counting those tables over the wire. The row also keeps the stamp from before the
-- writing transaction's first change (`stamp_before`, of transaction `writer`), which the view
-- sources_stamp_at_start gives inside that transaction: a refresh then knows whether anything
-- but its own write changed the sources since the last refresh (server/kept_current_at_start).
-- In schema cchc_server, not main: no table of the app's, so backups leave it out. Idempotent;
-- run under the writers' lock after migrating.
do $$
declare
    source text;
begin
    create schema if not exists cchc_server;
    create table if not exists cchc_server.sources_stamp (stamp text not null);
    alter table cchc_server.sources_stamp add column if not exists stamp_before text;
    alter table cchc_server.sources_stamp add column if not exists writer xid8;
    insert into cchc_server.sources_stamp (stamp)
    select gen_random_uuid()::text
    where not exists (select from cchc_server.sources_stamp);
    create or replace function cchc_server.sources_stamp_bump() returns trigger language plpgsql
    as 'begin
        update cchc_server.sources_stamp set
            stamp_before = case when writer = pg_current_xact_id() then stamp_before else stamp end,
            writer = pg_current_xact_id(),
            stamp = gen_random_uuid()::text;
        return null;
    end';
    create or replace view cchc_server.sources_stamp_at_start as
    select
        case when writer = pg_current_xact_id_if_assigned() then stamp_before else stamp end as stamp
    from cchc_server.sources_stamp;
    foreach source in array array['quota_rules', 'units', 'item_counts', 'publications', 'import_batches'] loop
        if not exists (
            select from pg_trigger
            where tgname = 'cchc_sources_stamp' and tgrelid = format('main.%I', source)::regclass
        ) then
            execute format(
                'create trigger cchc_sources_stamp after insert or update or delete or truncate '
                'on main.%I for each statement execute function cchc_server.sources_stamp_bump()',
                source
            );
        end if;
    end loop;
end
$$
