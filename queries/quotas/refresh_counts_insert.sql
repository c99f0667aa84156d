-- Count new (non-duplicate) items per unit x channel x kind x published x day for the units in $units
-- ($bounds: $units on PostgreSQL, null on a file; cchc.unit_runs.bounds).
insert into item_counts
select unit_code, channel, item_kind, ever_published as published, item_date, count(*)::integer as n
from publications
where
    not is_duplicate
    and list_contains($units::varchar[], unit_code)
    -- on PostgreSQL the first and last codes as constants: it reads only their rows (cchc.unit_runs)
    and unit_in_bounds(unit_code, $bounds)
group by all
