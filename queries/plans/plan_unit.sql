-- One unit as a plan's issuer or a rule's unit needs it: code, name, kind, parent, province.
select code, name, kind, parent_code, province, aliases
from units
where code = $code
