-- Import batches a person made: not the demo logs, not the task tables `init` loads.
select count(*) from import_batches where imported_by not in ('demo', 'init')
