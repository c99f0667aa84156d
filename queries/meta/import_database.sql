-- Build the (empty) database from a folder written by meta/export_database.sql.
-- DuckDB parses no parameter in IMPORT DATABASE: cchc.db quotes the folder in as a literal.
-- @inline $path
import database $path
