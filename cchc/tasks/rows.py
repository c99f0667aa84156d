"""A task table's rows made ready to store: parsed deadline, occurrences, units, Arrow tables.

A completion date in a row goes to the occurrence whose window holds that day, else to the
latest one begun before it (occurrence_for); a row's units are its lead and coordinator cells
resolved against the plan's issuer (cchc.tasks.assignees).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pyarrow as pa

from cchc.ingest.report import Problem
from cchc.ingest.tasks import TaskRow
from cchc.tasks.assignees import Assignee, UnitResolver
from cchc.tasks.deadlines import Deadline
from cchc.tasks.plans import PlanContext


@dataclass
class Prepared:
    row: TaskRow
    deadline: Deadline
    occurrences: list[tuple[str, date | None, date | None]]
    units: list[tuple[str, Assignee]]  # (role, assignee)

    @property
    def source(self) -> tuple[str | None, ...]:
        r = self.row
        return (r.task, r.lead, r.coordinating, r.deadline_text, r.product)


def prepare(
    row: TaskRow, ctx: PlanContext, resolver: UnitResolver, file: str, problems: list[Problem]
) -> Prepared:
    d = ctx.parse(row.deadline_text)
    if d.kind == "unknown" or (d.kind == "relative" and d.due is None):
        problems.append(
            Problem(
                file,
                row.sheet,
                row.row,
                "Thời gian thực hiện",
                f"{d.note}; trạng thái: Chưa xác định hạn.",
                "warning",
            )
        )
    units = [("lead", a) for a in resolver.resolve(row.lead)]
    units += [("coordinating", a) for a in resolver.resolve(row.coordinating)]
    for role, a in units:
        if role == "lead" and a.resolution == "unknown":
            problems.append(
                Problem(
                    file,
                    row.sheet,
                    row.row,
                    "Cơ quan chủ trì",
                    f"«{a.text}» không có trong danh mục đơn vị: nhiệm vụ vẫn được nạp nhưng không lọc theo đơn vị này được.",
                    "warning",
                )
            )
    return Prepared(row, d, ctx.occurrences(d), units)


def occurrence_for(p: Prepared, done: date) -> str | None:
    """The occurrence a completion date belongs to (the rule is in this module's docstring)."""
    occ = p.occurrences
    if len(occ) == 1 and occ[0][0] == "once":
        return "once"
    holding = [k for k, s, e in occ if s is not None and e is not None and s <= done <= e]
    if holding:
        return holding[0]
    begun = [k for k, s, _ in occ if s is not None and s <= done]
    return begun[-1] if begun else None


TASK_SCHEMA = pa.schema(
    [
        ("plan_code", pa.string()),
        ("stt", pa.int32()),
        ("batch_id", pa.int64()),
        ("task", pa.string()),
        ("lead_text", pa.string()),
        ("coordinating_text", pa.string()),
        ("deadline_text", pa.string()),
        ("product", pa.string()),
        ("source_sheet", pa.string()),
        ("source_row", pa.int32()),
        ("deadline_kind", pa.string()),
        ("recurrence", pa.string()),
        ("start_date", pa.date32()),
        ("due_date", pa.date32()),
        ("deadline_note", pa.string()),
    ]
)
OCC_SCHEMA = pa.schema(
    [
        ("plan_code", pa.string()),
        ("stt", pa.int32()),
        ("batch_id", pa.int64()),
        ("occurrence_key", pa.string()),
        ("occ_start", pa.date32()),
        ("occ_due", pa.date32()),
    ]
)
UNIT_SCHEMA = pa.schema(
    [
        ("plan_code", pa.string()),
        ("stt", pa.int32()),
        ("batch_id", pa.int64()),
        ("role", pa.string()),
        ("seq", pa.int32()),
        ("text", pa.string()),
        ("label", pa.string()),
        ("resolution", pa.string()),
        ("unit_code", pa.string()),
        ("unit_kind", pa.string()),
        ("scope_parent", pa.string()),
    ]
)
DONE_SCHEMA = pa.schema(
    [
        ("plan_code", pa.string()),
        ("stt", pa.int32()),
        ("occurrence_key", pa.string()),
        ("unit_code", pa.string()),  # null: for the task as a whole
        ("completed_on", pa.date32()),
        ("evidence", pa.string()),
        ("note", pa.string()),
    ]
)


def parsed_fields(d: Deadline) -> dict:
    return {
        "deadline_kind": d.kind,
        "recurrence": d.recurrence,
        "start_date": d.start,
        "due_date": d.due,
        "deadline_note": d.note,
    }


def version_tables(plan_code: str, batch_id: int, versions: list[Prepared]) -> dict[str, pa.Table]:
    tasks, occ, units = [], [], []
    for p in versions:
        r = p.row
        key = {"plan_code": plan_code, "stt": r.stt, "batch_id": batch_id}
        tasks.append(
            key
            | {
                "task": r.task,
                "lead_text": r.lead,
                "coordinating_text": r.coordinating,
                "deadline_text": r.deadline_text,
                "product": r.product,
                "source_sheet": r.sheet,
                "source_row": r.row,
            }
            | parsed_fields(p.deadline)
        )
        occ += [key | {"occurrence_key": k, "occ_start": s, "occ_due": e} for k, s, e in p.occurrences]
        for seq, (role, a) in enumerate(p.units, start=1):
            units.append(
                key
                | {
                    "role": role,
                    "seq": seq,
                    "text": a.text,
                    "label": a.label,
                    "resolution": a.resolution,
                    "unit_code": a.unit_code,
                    "unit_kind": a.unit_kind,
                    "scope_parent": a.scope_parent,
                }
            )
    return {
        "incoming_tasks": pa.Table.from_pylist(tasks, schema=TASK_SCHEMA),
        "incoming_occurrences": pa.Table.from_pylist(occ, schema=OCC_SCHEMA),
        "incoming_units": pa.Table.from_pylist(units, schema=UNIT_SCHEMA),
    }


PARSED_SCHEMA = pa.schema(
    [("plan_code", pa.string()), ("stt", pa.int32()), ("batch_id", pa.int64())]
    + [
        f
        for f in TASK_SCHEMA
        if f.name in ("deadline_kind", "recurrence", "start_date", "due_date", "deadline_note")
    ]
)
