-- One row per task: its current occurrence as of $as_of (the next one due on or after that day,
-- else the last one), with counts over all its occurrences. Parameters: $as_of (date); $plan
-- (plan_code or null); $units (varchar[] or null: only tasks led by one of these units, by one
-- of their offices, or by a group of units that includes one). Macros: migrations/R__task_macros.sql.
with
occurrence_status as (
    select *
    from task_status_rows($plan, $units, $as_of)
),

ranked as (
    select
        *,
        row_number() over (
            partition by plan_code, stt
            order by
                case when occ_due is null then 0 when occ_due >= $as_of::date then 1 else 2 end,
                case when occ_due >= $as_of::date then occ_due end asc,
                occ_due desc
        ) as occurrence_rank,
        count(*) over (partition by plan_code, stt) as occurrences_total,
        count(*) filter (where status = 'Quá hạn') over (partition by plan_code, stt)
            as occurrences_overdue,
        count(*) filter (where status like 'Hoàn thành%') over (partition by plan_code, stt)
            as occurrences_done
    from occurrence_status
),

final as (
    select
        r.plan_code as plan,
        r.stt,
        r.task,
        r.lead_units,
        r.deadline_text,
        r.occ_due as due_date,
        r.status,
        p.number as plan_number,
        p.title as plan_title,
        p.issuer_code,
        r.lead_text,
        r.coordinating_text,
        r.product,
        r.deadline_kind,
        r.recurrence,
        r.deadline_note,
        r.occurrence_key,
        r.occ_start,
        r.completed_on,
        r.evidence,
        r.note,
        r.recorded_by,
        r.recorded_at,
        r.occurrences_total,
        r.occurrences_overdue,
        r.occurrences_done
    from ranked as r
    left join plans as p on r.plan_code = p.plan_code
    where r.occurrence_rank = 1
)

select *
from final
order by plan, stt
