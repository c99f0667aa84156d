-- Units, optionally only some kinds and some codes, for pickers.
select code, name, kind, parent_code, province, lat, lon
from units
where
    ($kinds::varchar[] is null or list_contains($kinds::varchar[], kind))
    and ($units::varchar[] is null or list_contains($units::varchar[], code))
order by kind, name
