select username, display_name, role, unit_code, password_hash, disabled
from users
where username = $username
