-- Plans with their number, date and issuing unit, for the basis line of a reminder letter.
-- Parameters: $plans (varchar[] of plan codes).
with
final as (
    select
        p.plan_code,
        p.number,
        p.title,
        p.issued_on,
        u.name as issuer_name,
        u.kind as issuer_kind
    from plans as p
    left join units as u on p.issuer_code = u.code
    where list_contains($plans::varchar[], p.plan_code)
)

select * from final
order by plan_code
