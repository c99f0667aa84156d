"""Every upload → validated rows: safety checks (safety), sheets (workbook), the one header
finder (headers: the header words of logs and task tables), cell values (values), problems
(report); publication logs (publications), plan task tables (tasks), unit names (units).

Reading is pure (no database, no Streamlit); load.py and importer.py write what was read.
"""

from cchc.ingest.publications import ROWS_SCHEMA, ParsedLog, read_publication_log
from cchc.ingest.report import FileRejected, Problem
from cchc.ingest.units import UnitMatcher

__all__ = ["ROWS_SCHEMA", "FileRejected", "ParsedLog", "Problem", "UnitMatcher", "read_publication_log"]
