-- The sources of each unit's kept fulfillment rows as they are now (for the units in $units, or
-- every unit when null): its kind, parent and province, and its item counts. Stored in kept_units
-- by a refresh; compared with kept_units to find the stale units (kept_stale_units.sql).
with
unit_now as (
    select code as unit_code, hash(code, kind, parent_code, province) as unit_digest
    from units
    where $units::varchar[] is null or list_contains($units::varchar[], code)
),

counts_now as (
    select
        unit_code,
        count(*) as count_rows,
        sum(n) as items,
        bit_xor(hash(channel, item_kind, published, item_date, n)) as count_digest,
        max(item_date) as last_item
    from item_counts
    where
        unit_in_scope(unit_code, $units)
    group by unit_code
),

final as (
    select
        coalesce(u.unit_code, c.unit_code) as unit_code,
        u.unit_digest,
        c.count_rows,
        c.items,
        c.count_digest,
        c.last_item
    from unit_now as u
    full outer join counts_now as c on u.unit_code = c.unit_code
)

select * from final
order by unit_code
