-- A consistent copy of the whole database (schema + Parquet) into the folder $path.
-- DuckDB parses no parameter in EXPORT DATABASE: cchc.db quotes the folder in as a literal.
-- @inline $path
export database $path (format parquet)
