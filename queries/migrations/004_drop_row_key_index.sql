-- publications.row_key (an md5 of the row's identifying columns) is gone: known rows are found
-- by comparing those columns (queries/imports/import_insert.sql). Its ART index cost a third of every
-- import's commit, and the column itself a quarter of the rest. Databases made before lose both.
drop index if exists publications_row_key;
alter table publications drop column if exists row_key;
