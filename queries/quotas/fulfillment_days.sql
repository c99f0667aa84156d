-- Quota fulfillment with the days counted: fulfillment.sql's rows, in no order, each with the
-- dates of the item counts it summed (`days`, ascending; a date once per item_counts row) and
-- their counts (`day_counts`), null when none. The kept rows store them (kept_insert.sql), so that
-- a read as of any day sums the counts up to it (kept_counts.sql) instead of reading the item
-- counts again. Parameters: $date_from, $date_to, $as_of (dates); $units (varchar[] of allowed
-- unit codes, or null for all); $with_days (false: the lists stay null and are not gathered,
-- which fulfillment.sql needs: gathering them costs about 60 % more at national scale).
with
scoped_units as (
    select code, name, kind, parent_code, province
    from units
    where $units::varchar[] is null or list_contains($units::varchar[], code)
),

rules_in_range as (
    select
        *,
        case period
            when 'week' then interval 7 day
            when 'month' then interval 1 month
            when 'quarter' then interval 3 month
            when 'year' then interval 1 year
        end as step,
        case period
            when 'week' then date_trunc('week', greatest(effective_from, $date_from::date))
            when 'month' then date_trunc('month', greatest(effective_from, $date_from::date))
            when 'quarter' then date_trunc('quarter', greatest(effective_from, $date_from::date))
            when 'year' then date_trunc('year', greatest(effective_from, $date_from::date))
        end as first_start,
        least(effective_to, $date_to::date) as last_start
    from quota_rules
    where effective_from <= $date_to::date and effective_to >= $date_from::date
),

-- Months, quarters and years are clipped to the rule's window. A week belongs to the window
-- holding its Thursday (the ISO 8601 rule) and is counted whole, so a window never ends in a
-- one-day week, and ISO week 53 of 2026 (28/12/2026-03/01/2027) belongs to 2026.
rule_periods as (
    select
        rule_id,
        case when period = 'week' then period_start else greatest(period_start, effective_from) end
            as period_start,
        case when period = 'week' then period_end else least(period_end, effective_to) end
            as period_end
    from (
        select
            rule_id,
            period,
            effective_from,
            effective_to,
            unnest(generate_series(first_start::timestamp, last_start::timestamp, step))::date
                as period_start,
            (unnest(generate_series(first_start::timestamp, last_start::timestamp, step)) + step)::date
            - 1 as period_end
        from rules_in_range
        where period <> 'window'
    )
    where period <> 'week' or (period_start + 3) between effective_from and effective_to
    union all
    select rule_id, effective_from, effective_to
    from rules_in_range
    where period = 'window'
),

-- The days each rule's periods in the range cover (a month's weekly quota reads a month of
-- counts, not the year its yearly quota needs).
rule_spans as (
    select rule_id, min(period_start) as first_day, max(period_end) as last_day
    from rule_periods
    group by rule_id
),

-- Materialized: computed once, so its numbering is the same wherever it is read.
rule_units as materialized (
    select
        r.rule_id,
        r.plan_code,
        r.label,
        r.channel,
        r.item_kind,
        r.basis,
        r.min_count,
        r.period,
        r.effective_from,
        r.effective_to,
        u.code as unit_code,
        u.name as unit_name,
        u.kind as unit_kind,
        u.parent_code,
        s.first_day,
        s.last_day,
        -- A number for the pair, so counts are summed by integers rather than two texts.
        row_number() over () as rule_unit_id
    from rules_in_range as r
    inner join rule_spans as s on r.rule_id = s.rule_id
    inner join scoped_units as u
        on
            u.code = r.applies_unit
            or (
                r.applies_unit is null
                and u.kind = r.applies_kind
                and (r.scope_province is null or u.province = r.scope_province)
                and (r.scope_parent is null or u.parent_code = r.scope_parent)
            )
),

counts_in_range as (
    select unit_code, channel, item_kind, published, item_date, n
    from item_counts
    where
        item_date >= (select min(period_start) from rule_periods)
        and item_date <= least((select max(period_end) from rule_periods), $as_of::date)
        and unit_in_scope(unit_code, $units)
),

expected as (
    select ru.*, rp.period_start, rp.period_end
    from rule_units as ru
    inner join rule_periods as rp on ru.rule_id = rp.rule_id
),

-- Each day's count goes to the period holding it, found from its date (an equality join, not a
-- range join of every period with every day: a year nationwide in half the time). A week is
-- counted whole; months, quarters and years are clipped to the rule's window; periods outside
-- the range are dropped by the join with `expected`.
actuals as (
    select
        ru.rule_unit_id,
        case ru.period
            when 'week' then date_trunc('week', c.item_date)
            when 'month' then greatest(date_trunc('month', c.item_date), ru.effective_from)
            when 'quarter' then greatest(date_trunc('quarter', c.item_date), ru.effective_from)
            when 'year' then greatest(date_trunc('year', c.item_date), ru.effective_from)
            else ru.effective_from
        end::date as period_start,
        sum(c.n)::integer as actual,
        list(c.item_date order by c.item_date) filter (where $with_days::boolean) as days,
        list(c.n order by c.item_date) filter (where $with_days::boolean) as day_counts
    from rule_units as ru
    inner join counts_in_range as c
        on
            ru.unit_code = c.unit_code
            and ru.channel = c.channel
            and c.item_date >= ru.first_day
            and c.item_date <= ru.last_day
            and (c.item_kind = ru.item_kind or (ru.item_kind = 'news' and c.item_kind = 'in_depth'))
            and (ru.basis = 'submitted' or c.published)
            and (ru.period = 'week' or c.item_date between ru.effective_from and ru.effective_to)
    group by ru.rule_unit_id, period_start
),

fulfillment as (
    select
        e.unit_code,
        e.unit_name,
        e.unit_kind,
        e.parent_code,
        e.plan_code as plan,
        e.rule_id as rule,
        e.label as rule_label,
        e.channel,
        e.item_kind,
        e.basis,
        e.period,
        e.period_start,
        e.period_end,
        e.min_count as required,
        coalesce(a.actual, 0) as actual,
        case
            when coalesce(a.actual, 0) >= e.min_count then 'Đạt'
            when e.period_start > $as_of::date then 'Chưa đến kỳ'
            when e.period_end < $as_of::date then 'Chưa đạt'
            else 'Đang thực hiện'
        end as status,
        a.days,
        a.day_counts
    from expected as e
    left join actuals as a
        on
            e.rule_unit_id = a.rule_unit_id
            and e.period_start = a.period_start
)

select *
from fulfillment
