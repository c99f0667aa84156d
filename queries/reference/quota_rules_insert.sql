-- Quota rules from the registered table incoming_rules (text columns, from data/quota_rules.csv).
insert into quota_rules
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
    min_count::integer as min_count,
    period,
    effective_from::date as effective_from,
    effective_to::date as effective_to,
    source
from incoming_rules
