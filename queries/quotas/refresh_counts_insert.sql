-- Count new (non-duplicate) items per unit x channel x kind x published x day for the units in $units.
insert into item_counts
select unit_code, channel, item_kind, ever_published as published, item_date, count(*)::integer as n
from publications
where
    not is_duplicate
    and list_contains($units::varchar[], unit_code)
    -- the first and last codes as constants: PostgreSQL reads only their rows (cchc.unit_runs)
    and unit_code between list_min($units::varchar[]) and list_max($units::varchar[])
group by all
