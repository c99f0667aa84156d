-- Drop the derived counts of the units in $units before recounting them.
delete from item_counts
where list_contains($units::varchar[], unit_code)
