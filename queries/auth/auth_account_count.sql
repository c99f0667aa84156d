-- Every account, disabled ones included: a database with any is a production database.
select count(*) from users
