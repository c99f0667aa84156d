-- What `python -m cchc init` reports: units, quota rules and items in the database.
select
    (select count(*) from units) as units,
    (select count(*) from quota_rules) as quota_rules,
    (select count(*) from publications) as publications
