-- The data version of the units in $units (null: every unit; ui.cached's key for a scope): it changes whenever what
-- the pages show for them can change, and not when another unit imports. Their newest kept
-- generation (an import, undo or rule change touching one of them bumps it), the reference data
-- (units, plans, rules: every column), and the writes that are not publication logs (task
-- tables, completions, units files: their batches).
with
final as (
    select
        concat_ws(
            ':',
            (
                select coalesce(max(generation), 0)
                from kept_units
                where $units::varchar[] is null or list_contains($units::varchar[], unit_code)
            ),
            (
                select coalesce(bit_xor(hash(code, name, kind, parent_code, province, aliases, lat, lon)), 0)
                from units
            ),
            (
                select
                    coalesce(
                        bit_xor(
                            hash(
                                plan_code, number, title, issuer_code, issued_on, period_start,
                                period_end, parent_plan_code, source
                            )
                        ),
                        0
                    )
                from plans
            ),
            (
                select
                    coalesce(
                        bit_xor(
                            hash(
                                rule_id, plan_code, label, applies_kind, applies_unit, scope_province,
                                scope_parent, channel, item_kind, basis, min_count, period,
                                effective_from, effective_to, source
                            )
                        ),
                        0
                    )
                from quota_rules
            ),
            (select coalesce(max(batch_id), 0) from import_batches where kind <> 'publications'),
            (select count(*) from import_batches where kind <> 'publications' and undone_at is not null),
            (select coalesce(max(completion_id), 0) from task_completions),
            (select count(*) from task_completions)
        ) as version
)

select * from final
