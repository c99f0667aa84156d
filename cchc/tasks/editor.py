"""The Nhiệm vụ page's completion editor: occurrences as editable rows, changed rows as edits."""

from __future__ import annotations

from datetime import date

import pandas as pd

from cchc.tasks.completions import CompletionEdit
from cchc.tasks.plans import as_date


def period_label(start: date | None, due: date | None, key: str) -> str:
    """'30/04/2026' for a single deadline, '01/04/2026–30/04/2026' for an occurrence, '—' for none."""
    if due is None:
        return "—"
    if key == "once" or start is None:
        return f"{due:%d/%m/%Y}"
    return f"{start:%d/%m/%Y}–{due:%d/%m/%Y}"


def _text(value: object) -> str | None:
    """An editor cell as text or None (a cleared cell comes back as None, NaN or '')."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return str(value).strip() or None


EDITOR_COLUMNS = [
    "plan",
    "stt",
    "occurrence_key",
    "task",
    "period",
    "status",
    "completed_on",
    "evidence",
    "note",
]


def editor_rows(occ: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """Occurrences one may complete as of a day: single tasks, and recurring ones already begun."""
    rows = occ[(occ["occurrence_key"] == "once") | (occ["occ_start"] <= as_of)].copy()
    rows["period"] = [
        period_label(s, d, k)
        for s, d, k in zip(rows["occ_start"], rows["occ_due"], rows["occurrence_key"], strict=True)
    ]
    rows["recorded"] = [
        f"{b} {pd.Timestamp(t):%d/%m/%Y %H:%M}" if _text(b) else ""
        for b, t in zip(rows["recorded_by"], rows["recorded_at"], strict=True)
    ]
    for col in ("evidence", "note"):  # '' rather than None: the editor would print "None"
        rows[col] = pd.Series([_text(v) or "" for v in rows[col]], index=rows.index, dtype=object)
    return rows[[*EDITOR_COLUMNS, "recorded"]].reset_index(drop=True)


def completion_edits(original: pd.DataFrame, edited: pd.DataFrame) -> list[CompletionEdit]:
    """The rows whose date, evidence or note the user changed in the editor."""
    edits = []
    for o, e in zip(original.itertuples(index=False), edited.itertuples(index=False), strict=True):
        new = (as_date(e.completed_on), _text(e.evidence), _text(e.note))
        if new != (as_date(o.completed_on), _text(o.evidence), _text(o.note)):
            edits.append(CompletionEdit(o.plan, int(o.stt), o.occurrence_key, *new))
    return edits
