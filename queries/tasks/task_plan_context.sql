-- What parsing a plan's deadlines needs: its dates, its parent's date, its issuer, and when its
-- quotas start. Parameters: $plan (plan_code or null for all).
select
    p.plan_code,
    p.number,
    p.title,
    p.issued_on,
    p.period_start,
    p.period_end,
    parent.issued_on as parent_issued_on,
    i.code as issuer_code,
    i.name as issuer_name,
    i.kind as issuer_kind,
    i.parent_code as issuer_parent,
    i.province as issuer_province,
    (select min(r.effective_from) from quota_rules as r where r.plan_code = p.plan_code) as quotas_from
from plans as p
left join plans as parent on p.parent_plan_code = parent.plan_code
left join units as i on p.issuer_code = i.code
where $plan::varchar is null or p.plan_code = $plan::varchar
order by p.plan_code
