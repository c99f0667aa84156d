insert into audit_log values ((current_timestamp at time zone 'UTC'), $username, $action, $detail)
