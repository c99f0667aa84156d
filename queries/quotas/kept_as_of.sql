-- The rows of fulfillment.sql read from the kept rows (cchc.quotas.kept), in no order: every unit x
-- rule x period overlapping [$date_from, $date_to] as of $as_of, for the units in $units (null:
-- all), its count as of $as_of from kept_counts.sql (on PostgreSQL server/kept_counts.sql).
select
    k.unit_code,
    u.name as unit_name,
    u.kind as unit_kind,
    u.parent_code,
    r.plan_code as plan,
    r.rule_id as rule,
    r.label as rule_label,
    r.channel,
    r.item_kind,
    r.basis,
    r.period,
    k.period_start,
    k.period_end,
    r.min_count as required,
    k.actual,
    case
        when k.actual >= r.min_count then 'Đạt'
        when k.period_start > $as_of::date then 'Chưa đến kỳ'
        when k.period_end < $as_of::date then 'Chưa đạt'
        else 'Đang thực hiện'
    end as status
from (
-- @include quotas/kept_counts.sql
) as k
inner join quota_rules as r on k.rule_id = r.rule_id
inner join units as u on k.unit_code = u.code
where
    r.effective_from <= $date_to::date
    and r.effective_to >= $date_from::date
    -- the scope's first and last codes as constants: on PostgreSQL a scope's read copies its
    -- units, not all of them (a province's month 1 ms less, a unit's year 0.8)
    and unit_in_bounds(u.code, $units)
