-- DuckDB over PostgreSQL, a scope's units ($units; for every unit cchc.server.query_text reads
-- server/kept_counts_nation.sql instead): quotas/kept_counts.sql's rows from kept_fulfillment
-- without its day lists (cchc.server.VARIANTS puts this file in its place). A kept row counts
-- every item of its period; one running past $as_of less those of its days after $as_of
-- (kept_days: an index of the scope's units finds them, instead of copying every running row's
-- lists out of PostgreSQL), one not started none. Null $units (every unit) reads the same here.
with
scoped as (
    select unit_code, rule_id, period_start, period_end, actual
    from kept_fulfillment
    where
        period_start <= $date_to::date
        and period_end >= $date_from::date
        -- the scope's units (R__scope_macros.sql: one unit an equality, the codes' range passed
        -- on to PostgreSQL)
        and unit_in_scope(unit_code, $units)
),

-- The counts of the days after $as_of in the periods running on it, by kept row (the same unit
-- filters, passed on to PostgreSQL; none for a period over by $as_of).
after_as_of as (
    select unit_code, rule_id, period_start, sum(n) as n
    from kept_days
    where
        day > $as_of::date
        and period_start <= $as_of::date
        and period_start <= $date_to::date
        and unit_in_scope(unit_code, $units)
    group by all
)

-- each kept row less its days after $as_of; a period not started by $as_of counts nothing
select
    s.unit_code,
    s.rule_id,
    s.period_start,
    s.period_end,
    case when s.period_start > $as_of::date then 0 else s.actual - coalesce(a.n, 0) end::integer
        as actual
from scoped as s
left join after_as_of as a
    on s.unit_code = a.unit_code and s.rule_id = a.rule_id and s.period_start = a.period_start
