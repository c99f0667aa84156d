-- The units whose province column is that of one province's unit (no walk down the tree: a
-- quick answer for the matcher's preference; scope goes by the tree, auth/auth_scope_units).
select code
from units
where province = (select province from units where code = $province)
order by code
