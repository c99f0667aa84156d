-- publications.row_key (an md5 of the row's identifying columns) is gone: known rows are found
-- by comparing those columns (queries/imports/import_insert.sql). Its ART index cost a third of every
-- import's commit, and the column itself a quarter of the rest. Databases made before lose both:
-- the index here, the column in 005 (DuckDB refuses to drop a column in the transaction that
-- dropped its index).
drop index if exists publications_row_key;
