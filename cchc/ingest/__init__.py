"""Reading uploaded publication logs: safety checks, sheets, headers, values, problems.

Pure functions only (no database, no Streamlit); the DB loader consumes `ParsedLog`.
"""

from cchc.ingest.publications import ROWS_SCHEMA, ParsedLog, read_publication_log
from cchc.ingest.report import FileRejected, Problem
from cchc.ingest.units import UnitMatcher

__all__ = ["ROWS_SCHEMA", "FileRejected", "ParsedLog", "Problem", "UnitMatcher", "read_publication_log"]
