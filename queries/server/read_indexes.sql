-- PostgreSQL (psycopg, cchc.server): the indexes the scoped reads and the import's reads use.
-- DuckDB passes a read's constant bounds on to PostgreSQL (a scope's or a batch's first and last
-- unit codes, compared as COLLATE "C"; a day or a range of days; a batch id), which then reads a
-- province's, a unit's or a batch's rows, or the items after the as-of day, instead of copying
-- whole tables. Idempotent.
create index if not exists kept_fulfillment_unit_period
on main.kept_fulfillment (unit_code collate "C", period_start);
create index if not exists item_counts_unit_date on main.item_counts (unit_code collate "C", item_date);
create index if not exists item_counts_date on main.item_counts (item_date);
create index if not exists publications_unit_date on main.publications (unit_code collate "C", item_date);
create index if not exists publications_batch on main.publications (batch_id)
