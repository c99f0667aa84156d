insert into meta values ($key, $value) on conflict (key) do update set value = $value
