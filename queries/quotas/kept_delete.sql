-- Drop the kept fulfillment rows and source stamps of the units in $units (every unit when null)
-- before recomputing them.
delete from kept_fulfillment
where $units::varchar[] is null or list_contains($units::varchar[], unit_code)
