-- Every rule of a plan with its history: what it replaced, what replaced it, and whether it is
-- the rule in force now (no later rule replaces it).
select
    r.rule_id,
    r.label,
    r.applies_kind,
    r.applies_unit,
    u.name as unit_name,
    r.scope_province,
    r.scope_parent,
    r.channel,
    r.item_kind,
    r.basis,
    r.min_count,
    r.period,
    r.effective_from,
    r.effective_to,
    r.source,
    r.replaces,
    r.change_id,
    (select min(n.rule_id) from quota_rules as n where n.replaces = r.rule_id) as replaced_by
from quota_rules as r
left join units as u on r.applies_unit = u.code
where r.plan_code = $plan
order by coalesce(r.replaces, r.rule_id), r.effective_from, r.rule_id
