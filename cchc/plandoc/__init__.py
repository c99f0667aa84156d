"""Read a plan document (.docx, .pdf with a text layer, .txt) into a proposal: its head, its quota
rules with the sentence each came from, its task table, and the sentences that could not be read.

Pure: no Streamlit, no database. `read_plan(path)` returns the JSON object of `plan read`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cchc.plandoc.extract import PlanReadError
    from cchc.plandoc.reader import read_plan, read_text

__all__ = [
    "PlanReadError",
    "read_plan",
    "read_text",
]
# Imported when first asked for: `python -m cchc --help` registers the commands of this package
# without loading the modules they use.
_HOME = {
    "PlanReadError": "cchc.plandoc.extract",
    "read_plan": "cchc.plandoc.reader",
    "read_text": "cchc.plandoc.reader",
}


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(_HOME[name]), name)
