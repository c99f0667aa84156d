"""Read a plan document (.docx, .pdf with a text layer, .txt) into a proposal: its head, its quota
rules with the sentence each came from, its task table, and the sentences that could not be read.

Pure: no Streamlit, no database. `read_plan(path)` returns the JSON object of `plan read`.
"""

from __future__ import annotations

from cchc.plandoc.extract import PlanReadError
from cchc.plandoc.reader import read_plan, read_text

__all__ = ["PlanReadError", "read_plan", "read_text"]
