"""Given → expected cases for queries/tasks/*.sql (and so the macros of R__task_macros.sql).

One plan with three tasks as of 20/11/2026: task 1 has a newer version (batch 2) and is done on
time; task 2, led by the group 'UBND các xã, phường', recurs monthly and has a version in an
undone batch (3) that must not count, and a completion the ward recorded for itself; task 3 has
no determinable deadline.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from cchc import db
from tests.sql.sqlcase import SqlCase
from tests.sql.staged import NOW, UNITS, D, StagedCase, batch, run, table_rows

PLAN = "HN-75-2026"
AS_OF = D(2026, 11, 20)
WARD_SCOPE = ["00136", "00136-KP1", "00136-VH"]


def task(stt: int, batch_id: int, name: str, lead: str, kind: str = "once", **extra: Any) -> dict[str, Any]:
    row = {
        "plan_code": PLAN,
        "stt": stt,
        "batch_id": batch_id,
        "task": name,
        "lead_text": lead,
        "coordinating_text": None,
        "deadline_text": f"hạn {stt}",
        "product": None,
        "source_sheet": "Phụ lục",
        "source_row": stt + 5,
        "deadline_kind": kind,
        "recurrence": None,
        "start_date": None,
        "due_date": None,
        "deadline_note": None,
    }
    return row | extra


def occ(stt: int, batch_id: int, key: str, start, due) -> dict[str, Any]:
    return {
        "plan_code": PLAN,
        "stt": stt,
        "batch_id": batch_id,
        "occurrence_key": key,
        "occ_start": start,
        "occ_due": due,
    }


def lead(stt: int, batch_id: int, text: str, resolution: str, unit=None, kind=None, parent=None) -> dict:
    return {
        "plan_code": PLAN,
        "stt": stt,
        "batch_id": batch_id,
        "role": "lead",
        "seq": 1,
        "text": text,
        "label": text,
        "resolution": resolution,
        "unit_code": unit,
        "unit_kind": kind,
        "scope_parent": parent,
    }


def done(cid: int, stt: int, key: str, day, batch_id: int, unit=None, evidence=None) -> dict[str, Any]:
    return {
        "completion_id": cid,
        "plan_code": PLAN,
        "stt": stt,
        "occurrence_key": key,
        "completed_on": day,
        "evidence": evidence,
        "note": None,
        "batch_id": batch_id,
        "recorded_at": NOW,
        "recorded_by": "an",
        "unit_code": unit,
    }


GROUP = "UBND các xã, phường"
GIVEN = {
    "units": UNITS,
    "plans": [
        {
            "plan_code": PLAN,
            "number": "75/KH-UBND",
            "title": "Kế hoạch CCHC 2026",
            "issuer_code": "HN",
            "issued_on": D(2026, 2, 27),
            "period_start": D(2026, 3, 1),
            "period_end": D(2026, 12, 31),
        }
    ],
    "import_batches": [batch(1, "tasks"), batch(2, "tasks"), batch(3, "tasks", undone_at=NOW)],
    "plan_tasks": [
        task(1, 1, "Nhiệm vụ một (cũ)", "Sở Tư pháp", due_date=D(2026, 6, 30)),
        task(1, 2, "Nhiệm vụ một", "Sở Tư pháp", due_date=D(2026, 11, 25)),
        task(2, 1, "Nhiệm vụ hai", GROUP, "recurring", recurrence="month"),
        task(2, 3, "Nhiệm vụ hai (lô đã hủy)", GROUP),
        task(3, 1, "Nhiệm vụ ba", "Phường Phúc Lợi", "unknown"),
    ],
    "task_occurrences": [
        occ(1, 1, "once", None, D(2026, 6, 30)),
        occ(1, 2, "once", None, D(2026, 11, 25)),
        occ(2, 1, "2026-10-01", D(2026, 10, 1), D(2026, 10, 31)),
        occ(2, 1, "2026-11-01", D(2026, 11, 1), D(2026, 11, 30)),
        occ(2, 3, "once", None, D(2026, 12, 31)),
        occ(3, 1, "once", None, None),
    ],
    "task_units": [
        lead(1, 1, "Sở Tư pháp", "unit", "HN-STP"),
        lead(1, 2, "Sở Tư pháp", "unit", "HN-STP"),
        lead(2, 1, GROUP, "kind", kind="commune", parent="HN"),
        lead(2, 3, GROUP, "kind", kind="commune", parent="HN"),
        lead(3, 1, "Phường Phúc Lợi", "unit", "00136"),
    ],
    "task_completions": [
        done(1, 1, "once", D(2026, 11, 10), 2, evidence="https://a.vn/kq"),
        done(2, 2, "2026-10-01", D(2026, 10, 15), 1, unit="00136"),
        done(3, 2, "2026-10-01", D(2026, 10, 20), 3),  # undone batch
    ],
}

SCHEMAS = {
    "incoming_parsed": pa.schema(
        [
            ("plan_code", pa.string()),
            ("stt", pa.int32()),
            ("batch_id", pa.int64()),
            ("deadline_kind", pa.string()),
            ("recurrence", pa.string()),
            ("start_date", pa.date32()),
            ("due_date", pa.date32()),
            ("deadline_note", pa.string()),
        ]
    ),
    "incoming_completions": pa.schema(
        [
            ("plan_code", pa.string()),
            ("stt", pa.int32()),
            ("occurrence_key", pa.string()),
            ("unit_code", pa.string()),
            ("completed_on", pa.date32()),
            ("evidence", pa.string()),
            ("note", pa.string()),
        ]
    ),
}
PARSED = [
    {
        "plan_code": PLAN,
        "stt": 3,
        "batch_id": 1,
        "deadline_kind": "once",
        "recurrence": None,
        "start_date": None,
        "due_date": D(2026, 12, 31),
        "deadline_note": "Trước 31/12/2026",
    }
]


def _columns(name: str, params: dict[str, Any], columns: list[str], want: list[tuple]) -> Any:
    """A check reading chosen columns of a wide query's answer."""

    def check(con) -> None:
        cur = con.cursor()
        rows = db.execute(cur, name, params)
        index = [[d[0] for d in cur.description].index(c) for c in columns]
        got = [tuple(r[i] for i in index) for r in rows]
        assert got == want, f"{name}: got {got!r}"

    return check


STATUS = {"as_of": AS_OF, "plan": PLAN, "units": None}
OCC_SCOPED = {"as_of": AS_OF, "plan": None, "units": WARD_SCOPE}


def _occurrences_deleted(con) -> None:
    assert table_rows(con, "task_occurrences", "stt, batch_id, occurrence_key", "1, 2, 3") == [
        (1, 1, "once"),
        (1, 2, "once"),
        (2, 1, "2026-10-01"),
        (2, 1, "2026-11-01"),
        (2, 3, "once"),
    ]


def _parsed(con) -> None:
    rows = table_rows(con, "plan_tasks", "stt, batch_id, deadline_kind, due_date, deadline_note", "1, 2")
    assert rows[-1] == (3, 1, "once", D(2026, 12, 31), "Trước 31/12/2026")
    assert rows[0] == (1, 1, "once", D(2026, 6, 30), None)


def _completions_added(con) -> None:
    rows = table_rows(
        con, "task_completions", "stt, occurrence_key, completed_on, batch_id, recorded_by, unit_code"
    )
    assert rows == [(3, "once", D(2026, 11, 2), 7, "bình", "00136")]


def _occurrences_added(con) -> None:
    assert table_rows(con, "task_occurrences", "stt, batch_id, occurrence_key, occ_due") == [
        (4, 7, "once", D(2026, 12, 1))
    ]


def _units_added(con) -> None:
    assert table_rows(con, "task_units", "stt, batch_id, role, label, resolution, unit_code") == [
        (4, 7, "lead", "Sở Tư pháp", "unit", "HN-STP")
    ]


def _versions_added(con) -> None:
    assert table_rows(con, "plan_tasks", "stt, batch_id, task, due_date, source_row") == [
        (4, 7, "Nhiệm vụ bốn", D(2026, 12, 1), 9)
    ]


CASES: dict[str, SqlCase] = {
    "tasks/task_all_versions": SqlCase(
        given=GIVEN,
        expected=[
            (PLAN, 1, 1, "hạn 1"),
            (PLAN, 1, 2, "hạn 1"),
            (PLAN, 2, 1, "hạn 2"),
            (PLAN, 2, 3, "hạn 2"),
            (PLAN, 3, 1, "hạn 3"),
        ],
    ),
    "tasks/task_batch_count": SqlCase(given=GIVEN, params={"batch_id": 2}, expected=[(2,)]),
    "tasks/task_current": SqlCase(
        given=GIVEN,
        params={"plan": PLAN},
        expected=[
            (1, "Nhiệm vụ một", "Sở Tư pháp", None, "hạn 1", None),
            (2, "Nhiệm vụ hai", GROUP, None, "hạn 2", None),
            (3, "Nhiệm vụ ba", "Phường Phúc Lợi", None, "hạn 3", None),
        ],
    ),
    "tasks/task_current_occurrences": SqlCase(
        given=GIVEN,
        params={"plan": PLAN},
        expected=[
            (1, "once", None, D(2026, 11, 25)),
            (2, "2026-10-01", D(2026, 10, 1), D(2026, 10, 31)),
            (2, "2026-11-01", D(2026, 11, 1), D(2026, 11, 30)),
            (3, "once", None, None),
        ],
    ),
    "tasks/task_delete_occurrences": StagedCase(
        given=GIVEN,
        staged={"incoming_parsed": [PARSED[0] | {"stt": 3}]},
        schemas=SCHEMAS,
        check=_occurrences_deleted,
    ),
    "tasks/task_insert_completions": StagedCase(
        staged={
            "incoming_completions": [
                {
                    "plan_code": PLAN,
                    "stt": 3,
                    "occurrence_key": "once",
                    "unit_code": "00136",
                    "completed_on": D(2026, 11, 2),
                    "evidence": None,
                    "note": None,
                }
            ]
        },
        schemas=SCHEMAS,
        params={"batch_id": 7, "who": "bình"},
        check=_completions_added,
    ),
    "tasks/task_insert_occurrences": StagedCase(
        staged={"incoming_occurrences": [occ(4, 7, "once", None, D(2026, 12, 1))]},
        check=_occurrences_added,
    ),
    "tasks/task_insert_units": StagedCase(
        staged={"incoming_units": [lead(4, 7, "Sở Tư pháp", "unit", "HN-STP")]},
        check=_units_added,
    ),
    "tasks/task_insert_versions": StagedCase(
        staged={"incoming_tasks": [task(4, 7, "Nhiệm vụ bốn", "Sở Tư pháp", due_date=D(2026, 12, 1))]},
        check=_versions_added,
    ),
    "tasks/task_latest_completions": SqlCase(
        given=GIVEN,
        params={"plan": PLAN, "units": WARD_SCOPE},
        expected=[
            (1, "once", D(2026, 11, 10), "https://a.vn/kq", None),
            (2, "2026-10-01", D(2026, 10, 15), None, None),
        ],
    ),
    "tasks/task_lead_units": SqlCase(
        given=GIVEN,
        params={"plan": PLAN},
        expected=[("00136", "Phường Phúc Lợi", "commune"), ("HN-STP", "Sở Tư pháp", "department")],
    ),
    "tasks/task_led_by": SqlCase(
        given=GIVEN,
        params={"plan": PLAN, "units": WARD_SCOPE},
        expected=[(PLAN, 2, "00136"), (PLAN, 3, None)],
    ),
    "tasks/task_occurrence_status": SqlCase(
        given=GIVEN,
        params=OCC_SCOPED,
        check=_columns(
            "tasks/task_occurrence_status",
            OCC_SCOPED,
            ["plan", "stt", "occurrence_key", "status"],
            [
                (PLAN, 2, "2026-10-01", "Hoàn thành đúng hạn"),  # the ward's own record counts for it
                (PLAN, 2, "2026-11-01", "Đang thực hiện"),
                (PLAN, 3, "once", "Chưa xác định hạn"),
            ],
        ),
    ),
    "tasks/task_plan_context": SqlCase(
        given=GIVEN,
        params={"plan": PLAN},
        expected=[
            (
                PLAN,
                "75/KH-UBND",
                "Kế hoạch CCHC 2026",
                D(2026, 2, 27),
                D(2026, 3, 1),
                D(2026, 12, 31),
                None,
                "HN",
                "Hà Nội",
                "city",
                None,
                "Hà Nội",
                None,
            )
        ],
    ),
    "tasks/task_plans": SqlCase(
        given=GIVEN,
        params={"plan": None},
        expected=[
            (PLAN, "75/KH-UBND", "Kế hoạch CCHC 2026", "HN", "Hà Nội", D(2026, 3, 1), D(2026, 12, 31), 3)
        ],
    ),
    "tasks/task_province_units": SqlCase(
        given={"units": UNITS},
        params={"province": "Hải Phòng"},
        expected=[("HP", "Hải Phòng", "city", None, None)],
    ),
    "tasks/task_status": SqlCase(
        given=GIVEN,
        params=STATUS,
        check=_columns(
            "tasks/task_status",
            STATUS,
            [
                "stt",
                "task",
                "due_date",
                "status",
                "occurrences_total",
                "occurrences_overdue",
                "occurrences_done",
            ],
            [
                (1, "Nhiệm vụ một", D(2026, 11, 25), "Hoàn thành đúng hạn", 1, 0, 1),
                # the city's view: the ward's own record of October does not count for the group task
                (2, "Nhiệm vụ hai", D(2026, 11, 30), "Đang thực hiện", 2, 1, 0),
                (3, "Nhiệm vụ ba", None, "Chưa xác định hạn", 1, 0, 0),
            ],
        ),
    ),
    "tasks/task_update_parsed": StagedCase(
        given=GIVEN, staged={"incoming_parsed": PARSED}, schemas=SCHEMAS, check=_parsed
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_query(name: str, tmp_path: Path) -> None:
    run(name, CASES[name], tmp_path)
