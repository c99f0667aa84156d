-- Drop the derived counts of the units in $units before recounting them
-- ($bounds: $units on PostgreSQL, null on a file; cchc.unit_runs.bounds).
delete from item_counts
where
    list_contains($units::varchar[], unit_code)
    -- on PostgreSQL the first and last codes as constants: it reads only their rows (cchc.unit_runs)
    and unit_in_bounds(unit_code, $bounds)
