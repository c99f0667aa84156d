-- The units the demo logs are written for: every unit of a province but the city itself.
select
    code,
    name,
    kind,
    parent_code
from units
where province = $province and kind <> 'city'
order by code
