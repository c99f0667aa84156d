-- Plans with a short label: the printed number, else the issuer and year.
with
final as (
    select
        p.plan_code,
        coalesce(p.number, concat('KH ', u.name, ' ', year(p.period_start))) as plan_label,
        p.title
    from plans as p
    left join units as u on p.issuer_code = u.code
)

select * from final
order by plan_code
