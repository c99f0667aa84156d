-- Drop the kept rows ($table: kept_fulfillment) or their days (kept_days) of the units in $units
-- (every unit when null) before recomputing them ($bounds: $units on PostgreSQL, null on a file;
-- cchc.unit_runs.bounds).
-- @identifier $table
delete from $table
where
    $units::varchar[] is null
    or (
        list_contains($units::varchar[], unit_code)
        -- on PostgreSQL the first and last codes as constants: it reads only their rows (cchc.unit_runs)
        and unit_in_bounds(unit_code, $bounds)
    )
