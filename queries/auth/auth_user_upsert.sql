insert or replace into users (username, display_name, role, unit_code, password_hash, created_at, created_by, disabled)
values ($username, $display_name, $role, $unit_code, $password_hash, (current_timestamp at time zone 'UTC'), $created_by, $disabled)
