-- DuckDB over PostgreSQL, every unit ($units null; cchc.server.query_text puts this file in
-- quotas/kept_counts.sql's place): its rows from PostgreSQL's own main.kept_counts
-- (server/kept_counts_function.sql), which reads the kept rows and their days after $as_of
-- by period start and sends the counts only. A scope's reads go through server/kept_counts.sql.
-- The call's text holds the three dates, each written by strftime from a date parameter (no
-- text of anyone's enters it): postgres_query takes a query, not parameters.
select unit_code, rule_id, period_start, period_end, actual
from postgres_query(
    current_database(),
    'select * from main.kept_counts('''
    || strftime($date_from::date, '%Y-%m-%d')
    || ''', '''
    || strftime($date_to::date, '%Y-%m-%d')
    || ''', '''
    || strftime($as_of::date, '%Y-%m-%d')
    || ''')'
)
