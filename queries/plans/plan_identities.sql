-- Every plan's identity: to make a new plan's code, find its parent by number and date, and
-- recognise a plan already registered (same issuer, number and date, or same issuer and title).
select plan_code, number, issuer_code, issued_on, title, period_start, period_end
from plans
order by plan_code
