-- Each kept row overlapping [$date_from, $date_to] of the units in $units (null: all), as of
-- $as_of (unit_code, rule_id, period_start, period_end, actual; read by kept_as_of.sql): a row
-- counts every item of its period; one running past $as_of sums the counts of its days up to
-- $as_of (its own lists: no other table is read), one not started counts none. PostgreSQL reads
-- server/kept_counts.sql instead (cchc.server.VARIANTS): the same rows from the kept_days table,
-- whose days after $as_of an index finds, where these lists would all cross the wire. On a file
-- the lists are cheaper (bench_fulfillment, fresh processes: a nation-wide month 33 ms instead of
-- 39, one unit's year 10.7 instead of 12.7, the roll-up of a year 29 instead of 44).
with
-- Not materialized: each branch below reads only its columns (the day lists only for the rows
-- that need them).
scoped as not materialized (
    select *
    from kept_fulfillment
    where
        period_start <= $date_to::date
        and period_end >= $date_from::date
        -- the scope's units (R__scope_macros.sql: one unit an equality, the codes' range passed
        -- on to PostgreSQL)
        and unit_in_scope(unit_code, $units)
)

-- over by $as_of: every item kept counts; not started: none
select
    unit_code,
    rule_id,
    period_start,
    period_end,
    case when period_start > $as_of::date then 0 else actual end as actual
from scoped
where period_end <= $as_of::date or period_start > $as_of::date
union all
-- running: the counts of the days up to $as_of
select
    unit_code,
    rule_id,
    period_start,
    period_end,
    -- (a lambda reading `days` by index: about 2.5x faster than a list of flags and list_where)
    coalesce(list_sum(list_filter(day_counts, lambda n, i: days[i] <= $as_of::date)), 0)::integer
        as actual
from scoped
where period_start <= $as_of::date and period_end > $as_of::date
