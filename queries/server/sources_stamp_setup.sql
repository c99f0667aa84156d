-- PostgreSQL (psycopg, cchc.server): a stamp that every statement writing a source of the kept
-- fulfillment (rules, units, item counts, publications, batches) changes, inside the writer's
-- own transaction (a statement trigger), so a read compares one row (server/kept_sources)
-- instead of counting those tables over the wire. In schema cchc_server, not main: no table of
-- the app's, so backups leave it out. Idempotent; run under the writers' lock after migrating.
do $$
declare
    source text;
begin
    create schema if not exists cchc_server;
    create table if not exists cchc_server.sources_stamp (stamp text not null);
    insert into cchc_server.sources_stamp (stamp)
    select gen_random_uuid()::text
    where not exists (select from cchc_server.sources_stamp);
    create or replace function cchc_server.sources_stamp_bump() returns trigger language plpgsql
    as 'begin update cchc_server.sources_stamp set stamp = gen_random_uuid()::text; return null; end';
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
