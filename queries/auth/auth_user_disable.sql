update users
set disabled = true, disabled_at = coalesce(disabled_at, (current_timestamp at time zone 'UTC'))
where username = $username
