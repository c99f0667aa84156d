-- A plan retired from a day (null: not retired, as before).
update plans
set retired_on = $retired_on
where plan_code = $plan
