-- PostgreSQL (psycopg, cchc.server): the next id of a sequence ($sequence: 'main.batch_seq').
select nextval($sequence)
