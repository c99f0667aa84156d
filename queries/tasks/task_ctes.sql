-- Every occurrence of every current task with its status as of $as_of.
-- Parameters: $as_of (date); $plan (plan_code or null); $units (varchar[] or null: only tasks
-- led by one of these units, by one of their offices, or by a group of units that includes one).
-- Included by task_status.sql (one row per task) and task_occurrence_status.sql.
-- @include tasks/task_scoped_ctes.sql
-- @include tasks/task_visible_ctes.sql
,

lead_labels as (
    select
        plan_code,
        stt,
        batch_id,
        string_agg(label, '; ' order by seq) as lead_units
    from task_units
    where role = 'lead'
    group by plan_code, stt, batch_id
),

-- Status rules (cchc.tasks documents them):
-- a completion counts from its date on; on time when on or before the occurrence's due day
-- (always, when no due day can be determined); otherwise an occurrence without a due day is
-- 'Chưa xác định hạn', one past its due day 'Quá hạn', a running month of a continuous task
-- 'Thường xuyên', one due within 7 days 'Sắp đến hạn', anything else 'Đang thực hiện'.
occurrence_status as (
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
            when r.completed_on <= $as_of::date and (o.occ_due is null or r.completed_on <= o.occ_due)
                then 'Hoàn thành đúng hạn'
            when r.completed_on <= $as_of::date then 'Hoàn thành quá hạn'
            when o.occ_due is null then 'Chưa xác định hạn'
            when o.occ_due < $as_of::date then 'Quá hạn'
            when t.deadline_kind = 'continuous' then 'Thường xuyên'
            when o.occ_due <= $as_of::date + 7 then 'Sắp đến hạn'
            else 'Đang thực hiện'
        end as status
    from scoped_tasks as t
    inner join task_occurrences as o
        on t.plan_code = o.plan_code and t.stt = o.stt and t.batch_id = o.batch_id
    left join lead_labels as ll
        on t.plan_code = ll.plan_code and t.stt = ll.stt and t.batch_id = ll.batch_id
    left join scope_records as r
        on t.plan_code = r.plan_code and t.stt = r.stt and o.occurrence_key = r.occurrence_key
)
