-- The provinces and centrally-run cities (units of kind 'city'), for the province picker.
select
    code,
    name,
    province
from units
where kind = 'city'
order by code
