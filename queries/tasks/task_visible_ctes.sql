-- The completion record a scope sees for each occurrence (follows task_current_ctes.sql).
-- Parameters: $units (varchar[] or null). A record for the task as a whole (null unit_code)
-- counts for everyone; a unit's own record (of a task a group of units leads) only within a
-- scope holding that unit or its parent; with no scope (null: the city's view) only records for
-- the task as a whole count. The newest visible record wins.
,

visible_records as (
    select
        r.*,
        row_number() over (
            partition by r.plan_code, r.stt, r.occurrence_key order by r.completion_id desc
        ) as visible_rank
    from latest_records as r
    left join units as u on r.unit_code = u.code
    where
        r.unit_code is null
        or list_contains($units::varchar[], r.unit_code)
        or list_contains($units::varchar[], u.parent_code)
),

scope_records as (
    select * exclude (visible_rank)
    from visible_records
    where visible_rank = 1
)
