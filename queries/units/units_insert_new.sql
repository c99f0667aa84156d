-- Add the units of the registered table incoming_units, every one new: a code already in the
-- database is an error that rolls the whole transaction back (units a plan names, confirmed
-- with the plan: all or nothing), never a silent replace or skip.
insert into units
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
