-- The province (the unit of kind 'city') a unit belongs to: itself, or its nearest such ancestor.
with recursive up(code, kind, parent_code, depth) as (
    select code, kind, parent_code, 0 from units where code = $unit
    union all
    select u.code, u.kind, u.parent_code, up.depth + 1
    from units as u inner join up on u.code = up.parent_code
    where up.kind <> 'city' and up.depth < 10
)
select code from up where kind = 'city' order by depth limit 1
