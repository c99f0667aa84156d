-- The kept rows' days in a table of their own, one row per day counted (kept_days), instead of two
-- lists on each kept row (009): a read as of a day subtracts the counts dated after it, which an
-- index finds on PostgreSQL (a few rows), instead of copying every running row's lists out of it
-- (3,410 yearly rows' lists made a nation-wide month 3.3x slower than on a file). Idempotent.
create table if not exists kept_days (
    unit_code varchar not null,
    rule_id varchar not null,
    period_start date not null,        -- the kept row's (kept_fulfillment)
    day date not null,                 -- a day its items were dated, inside the period
    n integer not null                 -- how many of them (a day may repeat: summed)
);

-- The kept rows made again without the lists (DuckDB refuses to drop a column of a table changed
-- in the same transaction), empty like their stamps: the next read finds every unit stale and
-- recomputes it (about a second at 5M items).
drop table if exists kept_fulfillment;
create table kept_fulfillment (
    unit_code varchar not null,
    rule_id varchar not null,
    period_start date not null,
    period_end date not null,
    actual integer not null
);
delete from kept_units;
delete from meta where key = 'kept_sources';
