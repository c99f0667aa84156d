-- Mark re-sent copies for the units in $units: an item is a duplicate when an earlier item of the
-- same unit and channel has the same URL or the same folded title. The first copy counts, in the
-- period where it first appeared; it counts as published when any copy was published.
update publications as p
set
    is_duplicate = d.dup_of is not null,
    dup_of = d.dup_of,
    ever_published = d.ever_published
from (
    with ranked as (
        select
            item_id,
            unit_code,
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
        from publications
        where list_contains($units::varchar[], unit_code)
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
) as d
where
    p.item_id = d.item_id
    and (
        p.is_duplicate <> (d.dup_of is not null)
        or p.dup_of is distinct from d.dup_of
        or p.ever_published <> d.ever_published
    )
