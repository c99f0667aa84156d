-- For each of the given import batches that still has rows: whether every row's unit is
-- within $units (a scoped user may see and undo only such batches).
select
    batch_id,
    bool_and(list_contains($units::varchar[], unit_code)) as within
from publications
where list_contains($batch_ids::bigint[], batch_id)
group by batch_id
order by batch_id
