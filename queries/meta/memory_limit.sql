-- How much memory DuckDB may take (its cache of the file's blocks, its hash tables) before it
-- evicts and spills to disk, e.g. '256MB'. The command line's import sets it: a million rows
-- into a 5M-item database then stay within a few hundred MB. DuckDB parses no parameter in
-- SET: cchc.db quotes the value in as a literal.
-- @inline $limit
set memory_limit = $limit
