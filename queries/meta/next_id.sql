-- The next id of a sequence of the DuckDB file ($sequence: 'batch_seq'); cchc.db.next_id.
select nextval($sequence)
