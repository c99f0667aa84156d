select u.username, u.display_name, u.role, u.unit_code, n.name as unit_name, u.created_at, u.created_by, u.disabled
from users as u
left join units as n on n.code = u.unit_code
order by u.role, u.username
