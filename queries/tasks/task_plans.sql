-- Plans that have a task table, with their number of current tasks.
-- Parameters: $plan (a plan_code, or null for every plan). Macros: migrations/R__task_macros.sql.
select
    p.plan_code,
    p.number,
    p.title,
    p.issuer_code,
    u.name as issuer_name,
    p.period_start,
    p.period_end,
    count(*) as tasks
from task_current_tasks($plan) as t
inner join plans as p on t.plan_code = p.plan_code
left join units as u on p.issuer_code = u.code
group by all
order by p.period_start desc, p.plan_code
