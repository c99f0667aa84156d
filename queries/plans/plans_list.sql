-- The plans a scope sees, with their issuer, parent, rule and task counts and a status as of
-- $as_of. $units: the scope (null: every plan); a scope sees the plans its units issued and
-- those with a quota for one of its units.
with
scoped as (
    select code, kind, parent_code, province
    from units
    where $units::varchar[] is not null and list_contains($units::varchar[], code)
),

visible as (
    select p.*
    from plans as p
    where
        $units::varchar[] is null
        or list_contains($units::varchar[], p.issuer_code)
        or exists (
            select 1
            from quota_rules as r
            inner join scoped as u
                on
                    u.code = r.applies_unit
                    or (
                        r.applies_unit is null
                        and u.kind = r.applies_kind
                        and (r.scope_province is null or u.province = r.scope_province)
                        and (r.scope_parent is null or u.parent_code = r.scope_parent)
                    )
            where r.plan_code = p.plan_code
        )
),

-- Rules in force: those no amendment replaced.
rule_counts as (
    select r.plan_code, count(*) as rules
    from quota_rules as r
    where not exists (select 1 from quota_rules as n where n.replaces = r.rule_id)
    group by r.plan_code
),

task_counts as (
    select t.plan_code, count(distinct t.stt) as tasks
    from plan_tasks as t
    inner join import_batches as b on t.batch_id = b.batch_id
    where b.undone_at is null
    group by t.plan_code
),

final as (
    select
        p.plan_code,
        p.number,
        p.issuer_code,
        i.name as issuer,
        p.issued_on,
        p.period_start,
        p.period_end,
        p.parent_plan_code,
        coalesce(rc.rules, 0)::integer as rules,
        coalesce(tc.tasks, 0)::integer as tasks,
        case
            when p.retired_on is not null and p.retired_on <= $as_of::date then 'Đã dừng'
            when p.period_end < $as_of::date then 'Đã kết thúc'
            when p.period_start > $as_of::date then 'Chưa bắt đầu'
            else 'Đang theo dõi'
        end as status,
        i.province,
        p.retired_on,
        parent.number as parent_number,
        p.title
    from visible as p
    left join units as i on p.issuer_code = i.code
    left join plans as parent on p.parent_plan_code = parent.plan_code
    left join rule_counts as rc on p.plan_code = rc.plan_code
    left join task_counts as tc on p.plan_code = tc.plan_code
)

select *
from final
order by period_start desc, issuer_code, plan_code
