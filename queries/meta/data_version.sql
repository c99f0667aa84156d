-- Changes whenever the data a page shows can change: a key for st.cache_data.
select concat_ws(
    ':',
    (select coalesce(max(batch_id), 0) from import_batches),
    (select count(*) from import_batches where undone_at is not null),
    (select count(*) from units),
    (select count(*) from quota_rules),
    (select coalesce(max(item_id), 0) from publications),
    (select coalesce(max(value), '0') from meta where key = 'rules_version')
)
