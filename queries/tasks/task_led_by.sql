-- Current tasks of one plan led by the given units (who may record their completions), and the
-- unit a completion is recorded for: null (the task as a whole) for a task led by a named unit
-- or by a group whose parent is in the scope (a ward's own 'các phòng, ban'); else, for a task a
-- group leads ('UBND các xã, phường' of the city), the scope's own member of that group (the
-- topmost one: the ward rather than one of its offices).
-- Parameters: $plan (plan_code or null); $units (varchar[]). Macros: migrations/R__task_macros.sql.
with
lead_units as (
    select *
    from task_lead_members($units)
),

scoped_tasks as (
    select *
    from task_scoped_tasks($plan, $units)
),

members as (
    select
        lu.plan_code,
        lu.stt,
        lu.unit_code,
        row_number() over (
            partition by lu.plan_code, lu.stt
            order by list_contains($units::varchar[], lu.parent_code), lu.unit_code
        ) as member_rank
    from lead_units as lu
    inner join scoped_tasks as t
        on lu.plan_code = t.plan_code and lu.stt = t.stt and lu.batch_id = t.batch_id
    where
        lu.group_parent is not null
        and not list_contains($units::varchar[], lu.group_parent)
        and (
            list_contains($units::varchar[], lu.unit_code)
            or list_contains($units::varchar[], lu.parent_code)
        )
)

select
    t.plan_code,
    t.stt,
    m.unit_code as completion_unit
from scoped_tasks as t
left join members as m
    on t.plan_code = m.plan_code and t.stt = m.stt and m.member_rank = 1
order by t.plan_code, t.stt
