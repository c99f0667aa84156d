-- When an account was disabled (issue 11): `python -m cchc user disable`. Idempotent.
alter table users add column if not exists disabled_at timestamp;
