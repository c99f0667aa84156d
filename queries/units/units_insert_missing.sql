-- Add the units of the registered table incoming_units whose code is not in the database yet;
-- units already there (renamed or entered by users) are left as they are.
insert or ignore into units
select
    code,
    name,
    kind,
    parent_code,
    province,
    aliases,
    try_cast(lat as double) as lat,
    try_cast(lon as double) as lon
from incoming_units
