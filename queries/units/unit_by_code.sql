-- The unit with this exact code, if any (a CLI argument may be a code or a name).
select code
from units
where code = $code
