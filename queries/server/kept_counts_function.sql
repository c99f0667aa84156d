-- PostgreSQL (psycopg, cchc.server.setup_reads): main.kept_counts(date_from, date_to, as_of), the
-- rows of queries/quotas/kept_counts.sql for every unit, computed where the rows are
-- (server/kept_counts_nation.sql calls it). A kept row overlapping [date_from, date_to] counts
-- every item of its period; one running past as_of less its days after as_of (kept_days); one
-- not started by as_of nothing.
-- Each table is read by period start: its few distinct starts are walked one index probe at a
-- time (a loose index scan: 27 starts in the bench), then each start's rows from the index of
-- (period_start, period_end) or (period_start, day). A nation-wide month as of 23/11 reads the
-- 13,673 kept rows and the 18,565 days after 23/11 it needs, where DuckDB's scans read through
-- 75,159 and 93,025 index entries and copied the days out one by one: 25 ms instead of 35.
create or replace function main.kept_counts(date_from date, date_to date, as_of date)
returns table (unit_code varchar, rule_id varchar, period_start date, period_end date, actual integer)
language sql stable
as $$
with recursive
kept_starts (s) as (
    (select min(k.period_start) from main.kept_fulfillment as k)
    union all
    select (select min(k.period_start) from main.kept_fulfillment as k where k.period_start > ks.s)
    from kept_starts as ks
    where ks.s < date_to
),

day_starts (s) as (
    (select min(d.period_start) from main.kept_days as d)
    union all
    select (select min(d.period_start) from main.kept_days as d where d.period_start > ds.s)
    from day_starts as ds
    where ds.s < least(as_of, date_to)
),

after_as_of as (
    select d.unit_code, d.rule_id, d.period_start, sum(d.n) as n
    from day_starts as ds
    inner join main.kept_days as d on d.period_start = ds.s and d.day > as_of
    where ds.s <= least(as_of, date_to)
    group by d.unit_code, d.rule_id, d.period_start
)

select
    k.unit_code,
    k.rule_id,
    k.period_start,
    k.period_end,
    (case when k.period_start > as_of then 0 else k.actual - coalesce(a.n, 0) end)::integer
from kept_starts as ks
inner join main.kept_fulfillment as k on k.period_start = ks.s and k.period_end >= date_from
left join after_as_of as a
    on k.unit_code = a.unit_code and k.rule_id = a.rule_id and k.period_start = a.period_start
where ks.s <= date_to
$$
