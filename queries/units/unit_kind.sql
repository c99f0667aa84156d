-- The kind of one unit (no row when the code is unknown).
select kind from units where code = $code
