-- A unit and everything under it (a ward's offices and khu phố), any depth.
with recursive tree(code) as (
    select code from units where code = $unit
    union
    select u.code from units as u inner join tree as t on u.parent_code = t.code
)
select code from tree order by code
