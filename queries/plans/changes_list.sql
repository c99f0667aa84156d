-- The history of plans' changes, newest first. $plan: one plan (null: every plan of the list).
select
    c.change_id,
    c.plan_code,
    c.kind,
    c.effective_on,
    c.made_at,
    c.made_by,
    c.note,
    c.batch_id,
    c.retired_before,
    c.undone_at,
    c.undone_by
from plan_changes as c
where $plan::varchar is null or c.plan_code = $plan::varchar
order by c.change_id desc
