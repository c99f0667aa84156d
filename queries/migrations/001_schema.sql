-- cchc-monitor schema. Re-runnable (databases made before migrations were recorded run it again once).
-- Columns are documented in README.md ("Data model").

create sequence if not exists batch_seq start 1;
create sequence if not exists item_seq start 1;

create table if not exists meta (
    key varchar primary key,
    value varchar
);

create table if not exists units (
    code varchar primary key,          -- official commune code ('00004') or our own ('HN-SNV')
    name varchar not null,             -- display name, NFC, without the 'UBND' prefix
    kind varchar not null,             -- cchc.vocab.UNIT_KINDS
    parent_code varchar,               -- ward of an office, city of a commune or department
    province varchar,                  -- 'Hà Nội', 'Hải Phòng', 'Hồ Chí Minh'
    aliases varchar,                   -- other spellings, '|'-separated
    lat double,
    lon double
);

create table if not exists plans (
    plan_code varchar primary key,     -- our short id: 'HN-75-2026'
    number varchar,                    -- as printed: '75/KH-UBND' (null when the seed leaves it blank)
    title varchar not null,
    issuer_code varchar not null,
    issued_on date,                    -- null when not printed
    period_start date not null,
    period_end date not null,
    parent_plan_code varchar,          -- the plan this one implements
    source varchar
);

create table if not exists quota_rules (
    rule_id varchar primary key,
    plan_code varchar not null,
    label varchar not null,            -- Vietnamese, as a clerk would say it
    applies_kind varchar,              -- a unit kind, or null when applies_unit is set
    applies_unit varchar,              -- a named unit
    scope_province varchar,            -- kind rules: only units of this province
    scope_parent varchar,              -- kind rules: only units under this parent (a ward's offices)
    channel varchar not null,          -- cchc.vocab.CHANNELS
    item_kind varchar not null,        -- 'news' counts news + in_depth; 'in_depth'; 'programme'
    basis varchar not null,            -- 'submitted' (all sent, by date sent) | 'published' (only published)
    min_count integer not null,
    period varchar not null,           -- week | month | quarter | year | window
    effective_from date not null,
    effective_to date not null,
    source varchar
);

create table if not exists import_batches (
    batch_id bigint primary key default nextval('batch_seq'),
    kind varchar not null,             -- 'publications' | 'tasks' | 'units' | 'demo'
    file_name varchar not null,
    sha256 varchar not null,
    imported_at timestamp not null,
    imported_by varchar not null,
    rows_total integer not null,
    rows_added integer not null,
    rows_known integer not null,
    rows_rejected integer not null,
    undone_at timestamp,
    undone_by varchar
);

create table if not exists publications (
    item_id bigint primary key default nextval('item_seq'),
    batch_id bigint not null,
    unit_code varchar not null,
    item_date date not null,           -- date sent (city page) or date it appeared (elsewhere)
    channel varchar not null,
    item_kind varchar not null,
    title varchar not null,
    url varchar,
    status varchar not null,           -- submitted | published | rejected
    title_key varchar not null,        -- folded title, for re-sent detection
    url_key varchar,                   -- normalised URL
    source_sheet varchar,
    source_row integer,
    is_duplicate boolean not null default false,  -- a later copy of an item already counted
    dup_of bigint,
    ever_published boolean not null default false -- this item, or a later copy of it, was published
);

-- Derived: one row per unit x channel x kind x published-flag x day, counting only new items.
-- Rebuilt for the touched units after every import (cchc.counts.refresh_counts).
create table if not exists item_counts (
    unit_code varchar not null,
    channel varchar not null,
    item_kind varchar not null,
    published boolean not null,
    item_date date not null,
    n integer not null
);

-- Plan task tables (Phụ lục nhiệm vụ), written by cchc.tasks. Every row carries the import batch
-- (kind 'tasks') that wrote it; a task's current version is its row from the newest batch that is
-- not undone, so undoing a batch brings back the version before it.
create table if not exists plan_tasks (
    plan_code varchar not null,
    stt integer not null,              -- the number printed in the STT/TT column: the task's identity
    batch_id bigint not null,
    task varchar not null,
    lead_text varchar not null,        -- 'Cơ quan chủ trì' as written
    coordinating_text varchar,         -- 'Cơ quan phối hợp' as written
    deadline_text varchar,             -- 'Thời gian thực hiện/hoàn thành' as written; null when blank
    product varchar,
    source_sheet varchar,
    source_row integer,
    deadline_kind varchar not null,    -- cchc.deadlines.KINDS
    recurrence varchar,                -- week | month | quarter | year, for recurring tasks
    start_date date,                   -- parsed window start, when the phrase gives one
    due_date date,                     -- parsed single last day; null when undetermined or recurring
    deadline_note varchar,             -- the parser's explanation, in Vietnamese
    primary key (plan_code, stt, batch_id)
);

-- Each task version's occurrences: one ('once') for a single deadline, with null dates when the
-- deadline cannot be determined; one per week/month/quarter for recurring and continuous tasks.
create table if not exists task_occurrences (
    plan_code varchar not null,
    stt integer not null,
    batch_id bigint not null,
    occurrence_key varchar not null,   -- 'once', or the ISO first day of a recurring occurrence
    occ_start date,
    occ_due date,
    primary key (plan_code, stt, batch_id, occurrence_key)
);

-- Lead and coordinating units of each task version, as resolved from the cell's text.
create table if not exists task_units (
    plan_code varchar not null,
    stt integer not null,
    batch_id bigint not null,
    role varchar not null,             -- lead | coordinating
    seq integer not null,              -- order in the cell
    text varchar not null,             -- the fragment as written
    label varchar not null,            -- what people read: unit name, group, or the text
    resolution varchar not null,       -- unit | kind | generic | unknown
    unit_code varchar,                 -- resolution 'unit': this unit
    unit_kind varchar,                 -- resolution 'kind': every unit of this kind ...
    scope_parent varchar,              -- ... whose parent is this unit (the plan's issuer)
    primary key (plan_code, stt, batch_id, role, seq)
);

-- Completions, per task occurrence and unit; the newest record of an occurrence (in a batch not
-- undone) that a scope may see wins (cchc.tasks). A record with a null completed_on clears an
-- earlier completion.
create sequence if not exists completion_seq start 1;
create table if not exists task_completions (
    completion_id bigint primary key default nextval('completion_seq'),
    plan_code varchar not null,
    stt integer not null,
    occurrence_key varchar not null,
    completed_on date,
    evidence varchar,                  -- link to, or name of, the product
    note varchar,
    batch_id bigint not null,          -- the upload or page edit that recorded it
    recorded_at timestamp not null,
    recorded_by varchar not null,
    unit_code varchar                  -- null: for the task as a whole; else recorded by/for this
                                       -- unit, of a task a group leads ('UBND các xã, phường')
);
