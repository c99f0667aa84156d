-- New items per day counting toward each of $rules for one unit, from $date_from to $date_to
-- (never after $as_of): the same matching as fulfillment.sql, for the pace line.
with
rules as (
    select rule_id, channel, item_kind, basis
    from quota_rules
    where list_contains($rules::varchar[], rule_id)
),

counts as (
    select channel, item_kind, published, item_date, n
    from item_counts
    where
        unit_code = $unit
        and item_date >= $date_from::date
        and item_date <= least($date_to::date, $as_of::date)
),

final as (
    select
        r.rule_id as rule,
        c.item_date,
        sum(c.n)::integer as items
    from rules as r
    inner join counts as c
        on
            c.channel = r.channel
            and (c.item_kind = r.item_kind or (r.item_kind = 'news' and c.item_kind = 'in_depth'))
            and (r.basis = 'submitted' or c.published)
    group by all
)

select * from final
order by rule, item_date
