-- publications.row_key is gone (see 004). Re-runnable.
alter table publications drop column if exists row_key;
