-- Store the sources of the units in $units (every unit when null) the kept rows were just computed from.
insert into kept_units
select
    unit_code,
    unit_digest,
    count_rows,
    items,
    count_digest,
    last_item
from (
-- @include quotas/kept_unit_sources.sql
)
