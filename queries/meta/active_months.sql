-- The months worth picking: those a plan covers, and those with publications recorded (of the
-- units of $units, varchar[] or null for every unit). First days of the months, oldest first.
with plan_months as (
    select
        unnest(
            generate_series(
                date_trunc('month', period_start)::timestamp,
                period_end::timestamp,
                interval 1 month
            )
        )::date as month
    from plans
),

item_months as (
    select distinct date_trunc('month', item_date)::date as month
    from item_counts
    where $units is null or list_contains($units, unit_code)
),

final as (
    select month from plan_months
    union
    select month from item_months
)

select month
from final
order by month
