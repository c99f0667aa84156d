-- Users, roles and the audit trail (issue 6). Idempotent.

create table if not exists users (
    username varchar primary key,      -- lower-case login name
    display_name varchar not null,
    role varchar not null,             -- city | unit | viewer
    unit_code varchar,                 -- the unit a 'unit' (or scoped 'viewer') user belongs to
    password_hash varchar not null,    -- argon2id
    created_at timestamp not null,
    created_by varchar not null,
    disabled boolean not null default false
);

create table if not exists audit_log (
    logged_at timestamp not null,
    username varchar not null,
    action varchar not null,           -- sign_in, import, undo, edit_task, export, user_create, ...
    detail varchar
);
