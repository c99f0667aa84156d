-- Drop the source stamps of the units in $units (every unit when null) before storing new ones.
delete from kept_units
where $units::varchar[] is null or list_contains($units::varchar[], unit_code)
