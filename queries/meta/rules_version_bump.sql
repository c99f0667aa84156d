-- Plans or quota rules changed (cchc.plans.notify_rules_changed): a new data version, so every
-- cached answer that read them is recomputed. A change that leaves the number of rules as it
-- was (a retirement) would otherwise keep the old key.
insert into meta values ('rules_version', '1')
on conflict (key) do update set value = (meta.value::bigint + 1)::varchar
