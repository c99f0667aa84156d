select count(*) from users where not disabled
