-- Scalar macros for a read or write bounded to some units (re-applied by cchc.db.migrate whenever
-- this file changes, as R__task_macros.sql). DuckDB expands a macro where it is used, so with
-- the list a constant parameter the test folds as if written out: one unit an equality, and the
-- list's first and last codes two comparisons with constants, which DuckDB passes on to
-- PostgreSQL in server mode (it never passes on list_contains), where an index of the table
-- reads only those units' rows. On a file the bounds cost a comparison a row.
-- A macro used by another sorts before it (a restore makes them in name order).

-- `code` between the first and last codes of `bounds` (null: no bounds); cchc.unit_runs hands a
-- run of nearby units, so the range holds few others.
create or replace macro unit_in_bounds(code, bounds) as
bounds::varchar[] is null
or code between list_min(bounds::varchar[]) and list_max(bounds::varchar[]);

-- `code` one of `units` (null: every unit), tested as an equality for one unit, and bounded.
create or replace macro unit_in_scope(code, units) as
units::varchar[] is null
or (
    case
        when len(units::varchar[]) = 1 then code = (units::varchar[])[1]
        else list_contains(units::varchar[], code)
    end
    and unit_in_bounds(code, units)
);
