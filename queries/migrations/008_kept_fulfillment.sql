-- Kept fulfillment (cchc.quotas.kept): every unit x rule x period of each rule's whole window with
-- the items counted toward it (all of them, whatever the as-of day), so pages read a small table
-- instead of recomputing fulfillment.sql. Derived, rebuilt per touched unit; never edited by hand.
create table if not exists kept_fulfillment (
    unit_code varchar not null,
    rule_id varchar not null,
    period_start date not null,
    period_end date not null,
    actual integer not null
);

-- A unit's generation: bumped whenever its kept rows are recomputed (an import, an undo, a rule
-- change touching it), so caches of a scope key on its units' newest generation.
create sequence if not exists kept_generation start 1;

-- The sources each unit's kept rows were computed from (compared on read and on every refresh:
-- a unit whose items, kind, parent or province changed without a refresh is found and recomputed).
create table if not exists kept_units (
    unit_code varchar not null,
    unit_digest ubigint,               -- hash of code, kind, parent_code, province (null: not in units)
    count_rows bigint,                 -- its item_counts rows, items and their digest (null: none)
    items bigint,
    count_digest ubigint,
    last_item date,                    -- newest item date: later than the as-of day, counts are clipped
    generation bigint not null         -- nextval('kept_generation') when last recomputed
);

-- The rules the kept rows were computed from (a changed, added or removed rule is found by its digest).
create table if not exists kept_rules (
    rule_id varchar not null,
    digest ubigint not null
);
