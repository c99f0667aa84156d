-- Units whose kept fulfillment rows no longer match their sources: their items, kind, parent or
-- province changed since the last refresh (kept_units), or a rule changed, came or went that
-- applies or applied to them (kept_rules). Finds what a write that skipped the refresh left stale.
with
unit_now as (
-- @include quotas/kept_unit_sources.sql
),

unit_stale as (
    select coalesce(n.unit_code, k.unit_code) as unit_code
    from unit_now as n
    full outer join kept_units as k on n.unit_code = k.unit_code
    where
        n.unit_code is null
        or k.unit_code is null
        or n.unit_digest is distinct from k.unit_digest
        or n.count_rows is distinct from k.count_rows
        or n.items is distinct from k.items
        or n.count_digest is distinct from k.count_digest
        or n.last_item is distinct from k.last_item
),

rules_now as (
    select
        *,
        hash(
            rule_id, applies_kind, applies_unit, scope_province, scope_parent, channel, item_kind,
            basis, period, effective_from, effective_to
        ) as digest
    from quota_rules
),

changed_rules as (
    select coalesce(n.rule_id, k.rule_id) as rule_id
    from rules_now as n
    full outer join kept_rules as k on n.rule_id = k.rule_id
    where n.digest is distinct from k.digest
),

-- The units a changed or vanished rule applied to (its kept rows) and a changed rule applies to
-- now (as fulfillment.sql matches rules to units).
rule_stale as (
    select unit_code
    from kept_fulfillment
    where
        rule_id in (select rule_id from changed_rules)
        or rule_id not in (select rule_id from quota_rules)
    union
    select u.code as unit_code
    from rules_now as r
    inner join units as u
        on
            u.code = r.applies_unit
            or (
                r.applies_unit is null
                and u.kind = r.applies_kind
                and (r.scope_province is null or u.province = r.scope_province)
                and (r.scope_parent is null or u.parent_code = r.scope_parent)
            )
    where r.rule_id in (select rule_id from changed_rules)
),

final as (
    select unit_code from unit_stale
    union
    select unit_code from rule_stale
)

select unit_code from final
order by unit_code
