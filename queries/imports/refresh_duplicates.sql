-- Mark re-sent copies for the units in $units: an item is a duplicate when an earlier item of the
-- same unit and channel has the same URL or the same folded title. The first copy counts, in the
-- period where it first appeared; it counts as published when any copy was published.
--
-- Only items that share a URL or a folded title with another item (`multi`) need the windows:
-- every other item is its own first copy, published as itself. An item's two groups (same URL,
-- same title) are whole inside `multi` whenever they hold more than the item, so the windows over
-- `multi` see everything they need; with few copies this is a small fraction of the units' items.
-- $bounds: $units on PostgreSQL, null on a file (cchc.unit_runs.bounds).
update publications as p
set
    is_duplicate = d.dup_of is not null,
    dup_of = d.dup_of,
    ever_published = d.ever_published
from (
    with scoped as (
        select item_id, unit_code, channel, url_key, title_key, item_date, status, is_duplicate, ever_published
        from publications
        where
            list_contains($units::varchar[], unit_code)
            -- on PostgreSQL the first and last codes as constants: it reads only their rows (cchc.unit_runs)
            and unit_in_bounds(unit_code, $bounds)
    ),

    url_groups as (
        select unit_code, channel, url_key
        from scoped
        where url_key is not null
        group by all
        having count(*) > 1
    ),

    title_groups as (
        select unit_code, channel, title_key
        from scoped
        group by all
        having count(*) > 1
    ),

    multi as (
        select s.*
        from scoped as s
        semi join url_groups as g using (unit_code, channel, url_key)
        union
        select s.*
        from scoped as s
        semi join title_groups as g using (unit_code, channel, title_key)
    ),

    ranked as (
        select
            item_id,
            status,
            case
                when url_key is null then null
                else first_value(item_id) over (
                    partition by unit_code, channel, url_key order by item_date, item_id
                )
            end as first_by_url,
            first_value(item_id) over (
                partition by unit_code, channel, title_key order by item_date, item_id
            ) as first_by_title
        from multi
    ),

    canon as (
        select
            item_id,
            status,
            case
                when first_by_url is not null and first_by_url <> item_id then first_by_url
                when first_by_title <> item_id then first_by_title
            end as dup_of
        from ranked
    ),

    published_groups as (
        select coalesce(dup_of, item_id) as canonical_id, bool_or(status = 'published') as any_published
        from canon
        group by all
    )

    select c.item_id, c.dup_of, coalesce(g.any_published, false) as ever_published
    from canon as c
    left join published_groups as g on c.item_id = g.canonical_id
    union all
    -- single items whose marks are stale (a copy of them was undone, or they were one)
    select s.item_id, null as dup_of, s.status = 'published' as ever_published
    from scoped as s
    anti join multi as m using (item_id)
    where s.is_duplicate or s.ever_published <> (s.status = 'published')
) as d
where
    p.item_id = d.item_id
    -- the same bounds on the rows updated (PostgreSQL's scan of them, as above)
    -- (null on a file: a range test on every row costs it more than it saves)
    and unit_in_bounds(p.unit_code, $bounds)
    and (
        p.is_duplicate <> (d.dup_of is not null)
        or p.dup_of is distinct from d.dup_of
        or p.ever_published <> d.ever_published
    )
