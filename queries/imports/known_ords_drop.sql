-- Drop the rows imports/known_ords found, once imports/import_insert has left them out.
drop table if exists temp.known_ords
