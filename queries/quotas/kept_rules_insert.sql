-- Store the digest of every rule the kept rows are now computed from (as kept_stale_units.sql).
insert into kept_rules
select
    rule_id,
    hash(
        rule_id, applies_kind, applies_unit, scope_province, scope_parent, channel, item_kind, basis,
        period, effective_from, effective_to
    ) as digest
from quota_rules
