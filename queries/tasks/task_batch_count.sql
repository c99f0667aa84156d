-- Rows a task batch wrote (task versions and completion records), re-counted after COMMIT.
select
    (select count(*) from plan_tasks where batch_id = $batch_id)
    + (select count(*) from task_completions where batch_id = $batch_id)
