update users
set disabled = true, disabled_at = coalesce(disabled_at, current_timestamp::timestamp)
where username = $username
