-- Current tasks, limited to those led by given units. Parameters: $plan (plan_code or null);
-- $units (varchar[] or null: only tasks led by one of these units, by one of their offices, or by
-- a group of units that includes one; an empty list matches nothing).
-- @include tasks/task_current_ctes.sql
,

-- A group lead ('UBND các xã, phường') stands for every unit of that kind under the issuer.
lead_units as (
    select distinct
        tu.plan_code,
        tu.stt,
        tu.batch_id,
        u.code as unit_code,
        u.parent_code,
        tu.scope_parent as group_parent  -- a group lead: the unit its members are under
    from task_units as tu
    inner join units as u
        on tu.unit_code = u.code
        or (tu.unit_code is null and tu.unit_kind = u.kind and u.parent_code = tu.scope_parent)
    where tu.role = 'lead' and $units::varchar[] is not null
),

scoped_tasks as (
    select t.*
    from current_tasks as t
    where
        $units::varchar[] is null
        or exists (
            select 1
            from lead_units as lu
            where
                lu.plan_code = t.plan_code
                and lu.stt = t.stt
                and lu.batch_id = t.batch_id
                and (
                    list_contains($units::varchar[], lu.unit_code)
                    or list_contains($units::varchar[], lu.parent_code)
                )
        )
)
