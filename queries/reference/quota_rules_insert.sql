-- Quota rules from the registered table incoming_rules (text columns: data/quota_rules.csv, or
-- the rules of a plan being added or amended, with the change that writes them). A rule already
-- in the database is never overwritten, nor one that an amendment or a retirement (not undone)
-- moved out of it (its snapshot is kept): data/quota_rules.csv only seeds a new database.
insert into quota_rules by name
select
    i.rule_id,
    i.plan_code,
    i.label,
    i.applies_kind,
    i.applies_unit,
    i.scope_province,
    i.scope_parent,
    i.channel,
    i.item_kind,
    i.basis,
    i.min_count::integer as min_count,
    i.period,
    i.effective_from::date as effective_from,
    i.effective_to::date as effective_to,
    i.source,
    i.replaces,
    i.change_id::bigint as change_id
from incoming_rules as i
where
    not exists (select 1 from quota_rules as q where q.rule_id = i.rule_id)
    and not exists (
        select 1
        from quota_rule_snapshots as s
        inner join plan_changes as c on s.change_id = c.change_id
        where s.rule_id = i.rule_id and c.undone_at is null
    )
