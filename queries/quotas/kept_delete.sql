-- Drop the kept fulfillment rows and source stamps of the units in $units (every unit when null)
-- before recomputing them.
delete from kept_fulfillment
where
    $units::varchar[] is null
    or (
        list_contains($units::varchar[], unit_code)
        -- the first and last codes as constants: PostgreSQL reads only their rows (cchc.unit_runs)
        and unit_code between list_min($units::varchar[]) and list_max($units::varchar[])
    )
