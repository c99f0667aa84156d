-- Keep a rule as it is before change $change_id ends or removes it (what undo puts back).
insert into quota_rule_snapshots
select
    $change_id as change_id,
    rule_id,
    plan_code,
    label,
    applies_kind,
    applies_unit,
    scope_province,
    scope_parent,
    channel,
    item_kind,
    basis,
    min_count,
    period,
    effective_from,
    effective_to,
    source,
    replaces,
    change_id as rule_change_id
from quota_rules
where rule_id = $rule_id
