-- Quota fulfillment read from the kept rows (cchc.quotas.kept), not recomputed: the same rows,
-- columns and order as fulfillment.sql for [$date_from, $date_to] as of $as_of, for the units in
-- $units (null: all). Kept rows count every item; a period running past $as_of of a unit with
-- items dated after it has those subtracted, and a period not started counts none.
with
rules_in_range as (
    select *
    from quota_rules
    where effective_from <= $date_to::date and effective_to >= $date_from::date
),

rows_in_range as (
    select
        k.unit_code,
        u.name as unit_name,
        u.kind as unit_kind,
        u.parent_code,
        r.plan_code,
        r.rule_id,
        r.label,
        r.channel,
        r.item_kind,
        r.basis,
        r.period,
        r.effective_from,
        r.effective_to,
        r.min_count,
        k.period_start,
        k.period_end,
        k.actual
    from kept_fulfillment as k
    inner join rules_in_range as r on k.rule_id = r.rule_id
    inner join units as u on k.unit_code = u.code
    where
        k.period_start <= $date_to::date
        and k.period_end >= $date_from::date
        and ($units::varchar[] is null or list_contains($units::varchar[], k.unit_code))
        -- The scope's first and last codes as constants: DuckDB passes them on to PostgreSQL in
        -- server mode (not list_contains), which reads only the scope's rows through an index.
        and (
            $units::varchar[] is null
            or k.unit_code between list_min($units::varchar[]) and list_max($units::varchar[])
        )
),

-- Items dated after $as_of in the periods running past it, for units that have any (none, most
-- days: the join then reads nothing). The matching is fulfillment.sql's.
later as (
    select
        r.unit_code,
        r.rule_id,
        r.period_start,
        sum(c.n)::integer as n
    from rows_in_range as r
    inner join kept_units as ku on r.unit_code = ku.unit_code
    inner join item_counts as c
        on
            r.unit_code = c.unit_code
            and r.channel = c.channel
            and c.item_date > $as_of::date
            and c.item_date >= r.period_start
            and c.item_date <= r.period_end
            and (c.item_kind = r.item_kind or (r.item_kind = 'news' and c.item_kind = 'in_depth'))
            and (r.basis = 'submitted' or c.published)
            and (r.period = 'week' or c.item_date between r.effective_from and r.effective_to)
    where
        ku.last_item > $as_of::date
        and (
            $units::varchar[] is null
            or c.unit_code between list_min($units::varchar[]) and list_max($units::varchar[])
        )
        and r.period_start <= $as_of::date
        and r.period_end > $as_of::date
    group by all
),

as_of_rows as (
    select
        r.*,
        case
            when r.period_start > $as_of::date then 0
            else r.actual - coalesce(l.n, 0)
        end::integer as actual_as_of
    from rows_in_range as r
    left join later as l
        on
            r.unit_code = l.unit_code
            and r.rule_id = l.rule_id
            and r.period_start = l.period_start
),

fulfillment as (
    select
        unit_code,
        unit_name,
        unit_kind,
        parent_code,
        plan_code as plan,
        rule_id as rule,
        label as rule_label,
        channel,
        item_kind,
        basis,
        period,
        period_start,
        period_end,
        min_count as required,
        actual_as_of as actual,
        case
            when actual_as_of >= min_count then 'Đạt'
            when period_start > $as_of::date then 'Chưa đến kỳ'
            when period_end < $as_of::date then 'Chưa đạt'
            else 'Đang thực hiện'
        end as status
    from as_of_rows
)

select *
from fulfillment
order by unit_code, plan, rule, period_start
