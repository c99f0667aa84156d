-- Current task versions and the newest completion record of each occurrence, per unit (a null
-- unit_code: recorded for the task as a whole; task_visible_ctes.sql picks what a scope sees).
-- Parameters: $plan (a plan_code, or null for every plan).
-- A version or record counts only while its import batch is not undone, so undoing a batch
-- brings back what was there before it.
with
live_batches as (
    select batch_id
    from import_batches
    where kind = 'tasks' and undone_at is null
),

task_versions as (
    select
        t.*,
        row_number() over (partition by t.plan_code, t.stt order by t.batch_id desc) as version_rank
    from plan_tasks as t
    inner join live_batches as b on t.batch_id = b.batch_id
    where $plan::varchar is null or t.plan_code = $plan::varchar
),

current_tasks as (
    select * exclude (version_rank)
    from task_versions
    where version_rank = 1
),

completion_records as (
    select
        c.*,
        row_number() over (
            partition by c.plan_code, c.stt, c.occurrence_key, c.unit_code
            order by c.completion_id desc
        ) as record_rank
    from task_completions as c
    inner join live_batches as b on c.batch_id = b.batch_id
    where $plan::varchar is null or c.plan_code = $plan::varchar
),

latest_records as (
    select * exclude (record_rank)
    from completion_records
    where record_rank = 1
)
