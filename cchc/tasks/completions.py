"""Completions recorded per occurrence: who, when, evidence; whose completion counts for whom.

Completions come from an updated table (cchc.tasks.rows.occurrence_for picks the occurrence) or
from the page's editor. A task a group of units leads ("UBND các xã, phường" of the city plan)
is the duty of each member: a unit's completion of it is recorded for that unit
(task_completions.unit_code: the member of the group in the user's scope -- the ward itself, or
its office when the group is the office's kind), and a completion of a task led by a named unit,
an upload, or the city's edit with no unit chosen is recorded for the task as a whole (unit_code
null). Read with a scope (`units`), an occurrence takes the newest record that is for the task
as a whole or for a unit of the scope (or under one); other units' records are invisible (no
date, evidence, note, who). With no scope (the city's view) only records for the task as a
whole count.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import duckdb

from cchc import db
from cchc.text import nfc

Record = tuple[date | None, str | None, str | None]  # (completed_on, evidence, note)


@dataclass(frozen=True)
class CompletionEdit:
    """A completion recorded (or, with completed_on None, cleared) for one occurrence."""

    plan_code: str
    stt: int
    occurrence_key: str
    completed_on: date | None
    evidence: str | None = None
    note: str | None = None


def _clean(value: object) -> str | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    text = nfc(str(value))
    return text or None


def cleaned_edits(edits: Iterable[CompletionEdit]) -> list[CompletionEdit]:
    """Edits with their text NFC and blanks (None, NaN, '') as None."""
    return [
        CompletionEdit(
            e.plan_code, int(e.stt), e.occurrence_key, e.completed_on, _clean(e.evidence), _clean(e.note)
        )
        for e in edits
    ]


@dataclass(frozen=True)
class _PlanState:
    """What a plan's stored completions say before the edits, as the user sees them."""

    keys: set[tuple[int, str]]  # (stt, occurrence_key) of the current occurrences
    latest: dict[tuple[int, str], tuple]  # the record the user sees, to tell an edit from no change
    led: dict[int, str] | None  # stt -> the unit the completion is recorded for (None: the whole task)


def _plan_state(cur: duckdb.DuckDBPyConnection, plan: str, scope: list[str] | None) -> _PlanState:
    keys = {(r[0], r[1]) for r in db.execute(cur, "tasks/task_current_occurrences", {"plan": plan})}
    latest = {
        (r[0], r[1]): tuple(r[2:])
        for r in db.execute(cur, "tasks/task_latest_completions", {"plan": plan, "units": scope})
    }
    led = None
    if scope is not None:
        led = {r[1]: r[2] for r in db.execute(cur, "tasks/task_led_by", {"plan": plan, "units": scope})}
    return _PlanState(keys, latest, led)


def _check(e: CompletionEdit, plan: str, state: _PlanState, today: date) -> None:
    """Raise ValueError (Vietnamese) for a task outside the scope, an unknown occurrence, a future day."""
    if state.led is not None and e.stt not in state.led:
        raise ValueError(f"Nhiệm vụ {e.stt} của kế hoạch {plan} không do đơn vị của bạn chủ trì.")
    if (e.stt, e.occurrence_key) not in state.keys:
        raise ValueError(f"Kế hoạch {plan} không có nhiệm vụ {e.stt} (kỳ {e.occurrence_key}).")
    if e.completed_on is not None and e.completed_on > today:
        raise ValueError(
            f"Nhiệm vụ {e.stt}: ngày hoàn thành {e.completed_on:%d/%m/%Y} ở sau hôm nay ({today:%d/%m/%Y})."
        )


def completion_rows(
    cur: duckdb.DuckDBPyConnection, edits: list[CompletionEdit], units: Sequence[str] | None, today: date
) -> list[dict]:
    """The completion records the edits change (rows of the task_completions insert); raises
    ValueError on the first edit that may not be recorded."""
    rows: list[dict] = []
    scope = None if units is None else list(units)
    for plan in sorted({e.plan_code for e in edits}):
        state = _plan_state(cur, plan, scope)
        for e in (e for e in edits if e.plan_code == plan):
            _check(e, plan, state, today)
            record: Record = (e.completed_on, e.evidence, e.note)
            before = state.latest.get((e.stt, e.occurrence_key))
            if before == record or (before is None and record == (None, None, None)):
                continue
            unit_code = None if state.led is None else state.led[e.stt]
            rows.append(
                {"plan_code": plan, "stt": e.stt, "occurrence_key": e.occurrence_key, "unit_code": unit_code}
                | dict(zip(("completed_on", "evidence", "note"), record, strict=True))
            )
    return rows
