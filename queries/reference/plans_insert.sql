-- Plans from the registered table incoming_plans (text columns, as read from data/plans.csv).
insert into plans
select
    plan_code,
    number,
    title,
    issuer_code,
    issued_on::date as issued_on,
    period_start::date as period_start,
    period_end::date as period_end,
    parent_plan_code,
    source
from incoming_plans
