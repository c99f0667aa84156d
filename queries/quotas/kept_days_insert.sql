-- The days counted by the kept rows computed by kept_new.sql, one row per day: what a read as of a
-- day subtracts on PostgreSQL when the day is before some of them (server/kept_counts.sql).
insert into kept_days (unit_code, rule_id, period_start, day, n)
select unit_code, rule_id, period_start, unnest(days), unnest(day_counts)
from kept_new
where days is not null
