-- The offices (phòng, ban, đơn vị) of one ward or commune.
select code, name
from units
where parent_code = $unit and kind = 'ward_office'
order by name
