-- The kept rows' days also as a table, one row per day counted (kept_days), for PostgreSQL: a
-- read as of a day there subtracts the counts dated after it, which an index finds (usually
-- none), instead of copying every running row's lists (009) out of the server (3,410 yearly
-- rows' lists made a nation-wide month 3.3x slower than on a file). A file keeps reading the
-- lists, which it reads faster than this table (queries/quotas/kept_counts.sql and
-- queries/server/kept_counts.sql). Idempotent.
create table if not exists kept_days (
    unit_code varchar not null,
    rule_id varchar not null,
    period_start date not null,        -- the kept row's (kept_fulfillment)
    day date not null,                 -- a day its items were dated, inside the period
    n integer not null                 -- how many of them (a day may repeat: summed)
);

-- Rows kept before have no such days: forget them and their stamps, so the next read finds every
-- unit stale and recomputes it (about a second at 5M items).
delete from kept_fulfillment;
delete from kept_units;
delete from meta where key = 'kept_sources';
