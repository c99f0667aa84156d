-- PostgreSQL (psycopg, cchc.server): the indexes the scoped reads and the import's reads use.
-- DuckDB passes a read's constant bounds on to PostgreSQL (a scope's or a batch's first and last
-- unit codes, compared as COLLATE "C"; a day or a range of days; a batch id), which then reads a
-- province's, a unit's or a batch's rows, or the items after the as-of day, instead of copying
-- whole tables. Idempotent.
create index if not exists kept_fulfillment_unit_period
on main.kept_fulfillment (unit_code collate "C", period_start);
-- The kept rows and days of a nation-wide read, by period start (main.kept_counts,
-- server/kept_counts_function.sql), and a scope's days after the as-of day, read from the
-- indexes alone (index-only scans). A nation-wide month as of 23/11 with items dated up to 31/12
-- (bench/bench_server.py): 2.4x embedded's time through the tables, about 2x through indexes on
-- (period_end, period_start) and on day (dropped: DuckDB's scans walked 75,159 and 93,025 of
-- their entries to keep 13,673 and 18,565), 1.5x so; a province's month 2.0x, 1.5x through them.
drop index if exists main.kept_fulfillment_period;
drop index if exists main.kept_days_day;
create index if not exists kept_fulfillment_start
on main.kept_fulfillment (period_start, period_end) include (unit_code, rule_id, actual);
create index if not exists kept_days_start
on main.kept_days (period_start, day) include (unit_code, rule_id, n);
create index if not exists kept_days_unit_day
on main.kept_days (unit_code collate "C", day) include (period_start, rule_id, n);
-- An index-only scan reads the table for the rows changed since the last vacuum: imports rewrite
-- kept rows all day long, so autovacuum visits the kept tables after a thousand changed rows
-- (PostgreSQL's default: a fifth of the table).
alter table main.kept_fulfillment set (
    autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000,
    autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 1000
);
alter table main.kept_days set (
    autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000,
    autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 1000
);
-- PostgreSQL's default page cost is a spinning disk's (4): it then reads a nation-wide month's
-- kept rows through the whole table rather than the index above. The tables of a province or a
-- nation fit in memory or on SSD, where 1.1 is the usual setting; new sessions use it. Left as it
-- is when the app's role may not alter its database (a DBA's own setting stands).
do $$
begin
    execute format('alter database %I set random_page_cost = 1.1', current_database());
exception when insufficient_privilege then
    null;
end
$$;
create index if not exists item_counts_unit_date on main.item_counts (unit_code collate "C", item_date);
create index if not exists item_counts_date on main.item_counts (item_date);
create index if not exists publications_unit_date on main.publications (unit_code collate "C", item_date);
create index if not exists publications_batch on main.publications (batch_id)
