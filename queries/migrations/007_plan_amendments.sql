-- Plans and quota rules owned by their users (issue 12): every change to them (a plan added, its
-- rules amended from a date, the plan retired) is one record, with who and when, that can be
-- undone. Idempotent.

-- Rules with history: an amendment ends the rule it replaces the day before the new one starts
-- (effective_to), so past periods keep the rule they had and the fulfillment query, which reads
-- each rule's own window, needs no change.
-- replaces: the rule this one amends; change_id: the change that wrote it (null: seeded).
-- (No comment after a statement's semicolon: the statement splitter would not split there.)
alter table quota_rules add column if not exists replaces varchar;
alter table quota_rules add column if not exists change_id bigint;

-- retired_on: no periods from this day on.
alter table plans add column if not exists retired_on date;

create sequence if not exists plan_change_seq start 1;
create table if not exists plan_changes (
    change_id bigint primary key default nextval('plan_change_seq'),
    plan_code varchar not null,
    kind varchar not null,             -- add | amend | retire
    effective_on date,                 -- amend, retire: from this day on
    made_at timestamp not null,
    made_by varchar not null,
    note varchar,                      -- what changed, in Vietnamese
    batch_id bigint,                   -- add: the task table's import batch
    retired_before date,               -- retire: the plan's retired_on before the change
    undone_at timestamp,
    undone_by varchar
);

-- Each rule as it was before a change altered or removed it: what undo puts back.
create table if not exists quota_rule_snapshots (
    change_id bigint not null,
    rule_id varchar not null,
    plan_code varchar not null,
    label varchar not null,
    applies_kind varchar,
    applies_unit varchar,
    scope_province varchar,
    scope_parent varchar,
    channel varchar not null,
    item_kind varchar not null,
    basis varchar not null,
    min_count integer not null,
    period varchar not null,
    effective_from date not null,
    effective_to date not null,
    source varchar,
    replaces varchar,
    rule_change_id bigint,             -- the snapshot row's own change_id
    primary key (change_id, rule_id)
);
