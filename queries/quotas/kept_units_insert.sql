-- Store the sources of the units in $units (every unit when null) the kept rows were just computed
-- from, with a new $generation (what caches of a scope key on; from the kept_generation sequence,
-- taken by cchc.db.next_id: DuckDB sees no sequence of a PostgreSQL database).
insert into kept_units
select
    unit_code,
    unit_digest,
    count_rows,
    items,
    count_digest,
    last_item,
    $generation::bigint as generation
from (
-- @include quotas/kept_unit_sources.sql
)
