-- Table macros shared by the task queries (queries/tasks/*.sql). Re-applied by cchc.db.migrate
-- whenever this file changes (CREATE OR REPLACE): edit it in place, no new numbered migration.
-- Parameters are named so that no column shadows them: plan_filter (a plan_code, or null for
-- every plan), unit_scope (varchar[] or null), status_date (the as-of date of statuses).
-- A task version or completion record counts only while its import batch is not undone, so
-- undoing a batch brings back what was there before it.
-- EXPORT DATABASE writes macros in name order and IMPORT DATABASE (a restore) refuses a macro
-- that uses one not yet made: a macro's name must sort after the names of those it uses.

-- The 'tasks' import batches not undone: the only ones whose rows count.
create or replace macro task_batches_live() as table
select batch_id
from import_batches
where kind = 'tasks' and undone_at is null;

-- The current version of each task: its row from the newest live 'tasks' batch.
create or replace macro task_current_tasks(plan_filter) as table
with
task_versions as (
    select
        t.*,
        row_number() over (partition by t.plan_code, t.stt order by t.batch_id desc) as version_rank
    from plan_tasks as t
    inner join task_batches_live() as b on t.batch_id = b.batch_id
    where plan_filter::varchar is null or t.plan_code = plan_filter::varchar
)

select * exclude (version_rank)
from task_versions
where version_rank = 1;

-- The newest completion record of each occurrence, per unit (a null unit_code: recorded for the
-- task as a whole; task_scope_records picks what a scope sees).
create or replace macro task_latest_records(plan_filter) as table
with
completion_records as (
    select
        c.*,
        row_number() over (
            partition by c.plan_code, c.stt, c.occurrence_key, c.unit_code
            order by c.completion_id desc
        ) as record_rank
    from task_completions as c
    inner join task_batches_live() as b on c.batch_id = b.batch_id
    where plan_filter::varchar is null or c.plan_code = plan_filter::varchar
)

select * exclude (record_rank)
from completion_records
where record_rank = 1;

-- The units leading each task version (empty when unit_scope is null: nothing to limit). A group
-- lead ('UBND các xã, phường') stands for every unit of that kind under the issuer.
create or replace macro task_lead_members(unit_scope) as table
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
where tu.role = 'lead' and unit_scope::varchar[] is not null;

-- Current tasks led by one of unit_scope's units, by one of their offices, or by a group of units
-- that includes one (all of them when unit_scope is null; an empty list matches nothing).
create or replace macro task_scoped_tasks(plan_filter, unit_scope) as table
select t.*
from task_current_tasks(plan_filter) as t
where
    unit_scope::varchar[] is null
    or exists (
        select 1
        from task_lead_members(unit_scope) as lu
        where
            lu.plan_code = t.plan_code
            and lu.stt = t.stt
            and lu.batch_id = t.batch_id
            and (
                list_contains(unit_scope::varchar[], lu.unit_code)
                or list_contains(unit_scope::varchar[], lu.parent_code)
            )
    );

-- The completion record a scope sees for each occurrence. A record for the task as a whole (null
-- unit_code) counts for everyone; a unit's own record (of a task a group of units leads) only
-- within a scope holding that unit or its parent; with no scope (null: the city's view) only
-- records for the task as a whole count. The newest visible record wins.
create or replace macro task_scope_records(plan_filter, unit_scope) as table
with
visible_records as (
    select
        r.*,
        row_number() over (
            partition by r.plan_code, r.stt, r.occurrence_key order by r.completion_id desc
        ) as visible_rank
    from task_latest_records(plan_filter) as r
    left join units as u on r.unit_code = u.code
    where
        r.unit_code is null
        or list_contains(unit_scope::varchar[], r.unit_code)
        or list_contains(unit_scope::varchar[], u.parent_code)
)

select * exclude (visible_rank)
from visible_records
where visible_rank = 1;

-- Every occurrence of every current task in scope with its status as of status_date.
-- Status rules (cchc.tasks documents them): a completion counts from its date on; on time when
-- on or before the occurrence's due day (always, when no due day can be determined); otherwise
-- an occurrence without a due day is 'Chưa xác định hạn', one past its due day 'Quá hạn', a
-- running month of a continuous task 'Thường xuyên', one due within 7 days 'Sắp đến hạn',
-- anything else 'Đang thực hiện'.
create or replace macro task_status_rows(plan_filter, unit_scope, status_date) as table
with
lead_labels as (
    select
        plan_code,
        stt,
        batch_id,
        string_agg(label, '; ' order by seq) as lead_units
    from task_units
    where role = 'lead'
    group by plan_code, stt, batch_id
)

select
    t.plan_code,
    t.stt,
    t.task,
    coalesce(ll.lead_units, t.lead_text) as lead_units,
    t.lead_text,
    t.coordinating_text,
    t.deadline_text,
    t.product,
    t.deadline_kind,
    t.recurrence,
    t.deadline_note,
    o.occurrence_key,
    o.occ_start,
    o.occ_due,
    r.completed_on,
    r.evidence,
    r.note,
    r.recorded_by,
    r.recorded_at,
    case
        when r.completed_on <= status_date::date and (o.occ_due is null or r.completed_on <= o.occ_due)
            then 'Hoàn thành đúng hạn'
        when r.completed_on <= status_date::date then 'Hoàn thành quá hạn'
        when o.occ_due is null then 'Chưa xác định hạn'
        when o.occ_due < status_date::date then 'Quá hạn'
        when t.deadline_kind = 'continuous' then 'Thường xuyên'
        when o.occ_due <= status_date::date + 7 then 'Sắp đến hạn'
        else 'Đang thực hiện'
    end as status
from task_scoped_tasks(plan_filter, unit_scope) as t
inner join task_occurrences as o
    on t.plan_code = o.plan_code and t.stt = o.stt and t.batch_id = o.batch_id
left join lead_labels as ll
    on t.plan_code = ll.plan_code and t.stt = ll.stt and t.batch_id = ll.batch_id
left join task_scope_records(plan_filter, unit_scope) as r
    on t.plan_code = r.plan_code and t.stt = r.stt and o.occurrence_key = r.occurrence_key;
