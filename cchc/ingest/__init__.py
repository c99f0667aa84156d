"""Every upload → validated rows: safety checks (safety), sheets (workbook), the one header
finder (headers: the header words of logs and task tables), cell values (values), problems
(report); publication logs (publications), plan task tables (tasks), unit names (units).

Reading is pure (no database, no Streamlit); load.py and importer.py write what was read.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cchc.ingest.publications import ROWS_SCHEMA, ParsedLog, read_publication_log
    from cchc.ingest.report import FileRejected, Problem
    from cchc.ingest.units import UnitMatcher

__all__ = ["ROWS_SCHEMA", "FileRejected", "ParsedLog", "Problem", "UnitMatcher", "read_publication_log"]
# Imported when first asked for: the importing process (and `python -m cchc --help`) loads only
# the modules it uses, not the Excel reader's.
_HOME = {
    "ROWS_SCHEMA": "publications",
    "ParsedLog": "publications",
    "read_publication_log": "publications",
    "FileRejected": "report",
    "Problem": "report",
    "UnitMatcher": "units",
}


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"cchc.ingest.{_HOME[name]}"), name)
