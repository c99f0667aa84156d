-- Add new units and rename existing ones (same code) from the registered table incoming_units
-- (every column text, as read from a units CSV).
insert or replace into units
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
