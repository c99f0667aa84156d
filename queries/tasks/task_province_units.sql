-- Units a plan's lead/coordinator cells may name: those of the issuer's province.
select code, name, kind, parent_code, aliases
from units
where province is not distinct from $province::varchar
order by code
