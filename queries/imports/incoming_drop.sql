-- Drop the slice imports/incoming_copy made, once imports/import_insert has written it.
drop table if exists temp.incoming_rows
