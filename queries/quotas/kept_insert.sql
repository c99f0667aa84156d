-- The kept rows computed by kept_new.sql, stored.
insert into kept_fulfillment (unit_code, rule_id, period_start, period_end, actual)
select unit_code, rule_id, period_start, period_end, actual
from kept_new
