-- Drop the derived counts of the units in $units before recounting them.
delete from item_counts
where
    list_contains($units::varchar[], unit_code)
    -- the first and last codes as constants: PostgreSQL reads only their rows (cchc.unit_runs)
    and unit_code between list_min($units::varchar[]) and list_max($units::varchar[])
