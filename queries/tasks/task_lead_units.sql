-- Units leading at least one current task (directly or through a group), and the wards whose
-- offices lead one: the choices of the unit filter. Parameters: $plan (plan_code or null).
-- Macros: migrations/R__task_macros.sql.
with
leads as (
    select distinct
        u.code,
        u.name,
        u.kind,
        u.parent_code
    from task_current_tasks($plan) as t
    inner join task_units as tu
        on t.plan_code = tu.plan_code and t.stt = tu.stt and t.batch_id = tu.batch_id
    inner join units as u
        on tu.unit_code = u.code
        or (tu.unit_code is null and tu.unit_kind = u.kind and u.parent_code = tu.scope_parent)
    where tu.role = 'lead'
),

final as (
    select code, name, kind
    from leads
    union
    select w.code, w.name, w.kind
    from leads as l
    inner join units as w on l.parent_code = w.code
    where l.kind in ('ward_office', 'neighbourhood')
)

select *
from final
order by name
