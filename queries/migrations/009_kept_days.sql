-- Kept rows with the days their items were dated (fulfillment_days.sql), so a read as of any day
-- sums the counts up to it from the kept row alone, instead of subtracting the items dated after
-- it, read again from item_counts. Idempotent.
alter table kept_fulfillment add column if not exists days date[];
alter table kept_fulfillment add column if not exists day_counts integer[];

-- Rows kept before have no days: forget them and their stamps, so the next read finds every unit
-- stale and recomputes it (about a second at 5M items).
delete from kept_fulfillment;
delete from kept_units;
delete from meta where key = 'kept_sources';
