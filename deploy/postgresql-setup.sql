-- PostgreSQL setup for cchc-monitor (server mode). Run once, as the postgres superuser:
--   sudo -u postgres psql -v password="'<mật khẩu>'" -f deploy/postgresql-setup.sql
-- The app creates its tables itself (schema `main`, migrations recorded in main.schema_migrations)
-- the first time a process or `python -m cchc init --db postgresql://…` connects.
create role cchc login password :password;
create database cchc owner cchc encoding 'UTF8' template template0;
\connect cchc
create schema if not exists main authorization cchc;
