-- What the unit matcher learns from: code, name and other spellings ('|'-separated, '' when none).
select
    code,
    name,
    coalesce(aliases, '') as aliases
from units
order by code
