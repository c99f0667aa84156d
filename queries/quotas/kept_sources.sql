-- A cheap fingerprint of everything kept_fulfillment is computed from (rules, units, item counts,
-- batches), read before every kept read, beside the one stored at the last refresh (meta $key):
-- equal, the kept rows are current; different, cchc.quotas.kept finds the stale units and
-- recomputes them.
with
rules as (
    select
        coalesce(
            bit_xor(
                hash(
                    rule_id, applies_kind, applies_unit, scope_province, scope_parent, channel,
                    item_kind, basis, period, effective_from, effective_to
                )
            ),
            0
        ) as digest
    from quota_rules
),

final as (
    select
        concat_ws(
            ':',
            (select digest from rules),
            (select coalesce(bit_xor(hash(code, kind, parent_code, province)), 0) from units),
            (select count(*) from item_counts),
            (select count(*) from publications),
            (select coalesce(max(item_id), 0) from publications),
            (select coalesce(max(batch_id), 0) from import_batches),
            (select count(*) from import_batches where undone_at is not null)
        ) as sources,
        (select value from meta where key = $key) as stored
)

select * from final
