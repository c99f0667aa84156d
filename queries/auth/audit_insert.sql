insert into audit_log values (current_timestamp::timestamp, $username, $action, $detail)
