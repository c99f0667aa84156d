-- Plans from the registered table incoming_plans (text columns: data/plans.csv, or a plan being
-- added). A plan already in the database is never overwritten: the database is the source of
-- truth once people edit it (issue 12), so data/plans.csv only seeds what is missing.
insert into plans by name
select
    i.plan_code,
    i.number,
    i.title,
    i.issuer_code,
    i.issued_on::date as issued_on,
    i.period_start::date as period_start,
    i.period_end::date as period_end,
    i.parent_plan_code,
    i.source
from incoming_plans as i
where not exists (select 1 from plans as p where p.plan_code = i.plan_code)
