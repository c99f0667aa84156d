-- Undo of change $change_id, second step: every rule it altered or removed, as it was before.
insert into quota_rules by name
select
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
    rule_change_id as change_id
from quota_rule_snapshots
where change_id = $change_id
