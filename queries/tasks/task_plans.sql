-- Plans that have a task table, with their number of current tasks.
-- @include tasks/task_current_ctes.sql
select
    p.plan_code,
    p.number,
    p.title,
    p.issuer_code,
    u.name as issuer_name,
    p.period_start,
    p.period_end,
    count(*) as tasks
from current_tasks as t
inner join plans as p on t.plan_code = p.plan_code
left join units as u on p.issuer_code = u.code
group by all
order by p.period_start desc, p.plan_code
