-- DuckDB (cchc.server): where unqualified names resolve (each cursor starts without it).
-- @inline $path
set search_path = $path
