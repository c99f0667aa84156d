-- The kept rows computed by kept_new.sql, stored with the days they counted (the lists a read on
-- a file sums up to its as-of day: kept_counts.sql).
insert into kept_fulfillment (unit_code, rule_id, period_start, period_end, actual, days, day_counts)
select unit_code, rule_id, period_start, period_end, actual, days, day_counts
from kept_new
