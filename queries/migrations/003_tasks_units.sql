-- Per-unit task completions: databases created before task_completions had unit_code. Idempotent.
alter table task_completions add column if not exists unit_code varchar;
