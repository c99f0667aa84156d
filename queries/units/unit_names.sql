-- Every unit's code and name (to name the units of an import or check codes exist).
select
    code,
    name
from units
order by code
