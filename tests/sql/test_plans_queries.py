"""Given → expected cases for queries/plans/*.sql (plans added, amended, retired, undone)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.sql.sqlcase import SqlCase
from tests.sql.staged import NOW, UNITS, D, batch, rows_of, run, table_rows


def plan(code: str, issuer: str = "00136", **extra: Any) -> dict[str, Any]:
    row = {
        "plan_code": code,
        "number": f"{code}/KH-UBND",
        "title": f"Kế hoạch {code}",
        "issuer_code": issuer,
        "issued_on": D(2027, 1, 15),
        "period_start": D(2027, 1, 1),
        "period_end": D(2027, 12, 31),
    }
    return row | extra


def rule(rule_id: str, plan_code: str = "P1", **extra: Any) -> dict[str, Any]:
    row = {
        "rule_id": rule_id,
        "plan_code": plan_code,
        "label": f"Định mức {rule_id}",
        "applies_unit": "00136",
        "channel": "own_portal",
        "item_kind": "news",
        "basis": "published",
        "min_count": 2,
        "period": "month",
        "effective_from": D(2027, 1, 1),
        "effective_to": D(2027, 12, 31),
    }
    return row | extra


def change(change_id: int, kind: str = "amend", plan_code: str = "P1", **extra: Any) -> dict[str, Any]:
    row = {
        "change_id": change_id,
        "plan_code": plan_code,
        "kind": kind,
        "made_at": NOW,
        "made_by": "an",
        "note": f"thay đổi {change_id}",
    }
    return row | extra


def snapshot(change_id: int, base: dict[str, Any]) -> dict[str, Any]:
    row = {k: v for k, v in base.items() if k != "change_id"}
    return row | {"change_id": change_id, "rule_change_id": base.get("change_id")}


# An amended plan: R1 (2/month) ended 30/06 and replaced by R1~2 (3/month from 01/07) by change 2.
R1 = rule("R1", effective_to=D(2027, 6, 30), change_id=1)
R1_NEW = rule("R1~2", min_count=3, effective_from=D(2027, 7, 1), replaces="R1", change_id=2)
R2 = rule(
    "R2", applies_unit=None, applies_kind="ward_office", scope_parent="00136", period="quarter", change_id=1
)
AMENDED = {
    "units": UNITS,
    "plans": [plan("P1"), plan("P2", issuer="HN-STP")],
    "quota_rules": [R1, R1_NEW, R2, rule("S1", plan_code="P2", applies_unit="HN-STP")],
    "plan_changes": [change(1, "add", batch_id=5), change(2, effective_on=D(2027, 7, 1))],
    "quota_rule_snapshots": [snapshot(2, R1 | {"effective_to": D(2027, 12, 31)})],
}


def _change_recorded(con) -> None:
    columns = "change_id, plan_code, kind, effective_on, made_by, note, made_at is not null"
    assert table_rows(con, "plan_changes", columns) == [
        (7, "P1", "retire", D(2027, 9, 1), "an", "Dừng", True)
    ]


def _changed(column: str, value: Any, where: int = 2):
    def check(con) -> None:
        got = table_rows(con, "plan_changes", f"change_id, {column}", "change_id")
        assert dict(got)[where] == value

    return check


def _rules(expected: list[tuple]):
    def check(con) -> None:
        assert table_rows(con, "quota_rules", "rule_id, min_count, effective_to", "rule_id") == expected

    return check


def _snapshotted(con) -> None:
    rows = table_rows(con, "quota_rule_snapshots", "change_id, rule_id, effective_to, rule_change_id", "1, 2")
    assert rows == [(2, "R1", D(2027, 12, 31), 1), (9, "R2", D(2027, 12, 31), 1)]


def _retired(con) -> None:
    assert table_rows(con, "plans", "plan_code, retired_on") == [("P1", D(2027, 9, 1)), ("P2", None)]


def _plan_gone(con) -> None:
    assert table_rows(con, "plans", "plan_code") == [("P2",)]


def _dropped(con) -> None:
    assert [r[0] for r in table_rows(con, "quota_rules", "rule_id")] == ["R1~2", "R2", "S1"]


def _history(con) -> None:
    rows = rows_of(con, "plans/plan_rules", {"plan": "P1"})
    # rule_id, unit_name, min_count, effective_from, effective_to, replaces, replaced_by
    assert [(r[0], r[4], r[10], r[12], r[13], r[15], r[17]) for r in rows] == [
        ("R1", "Phường Phúc Lợi", 2, D(2027, 1, 1), D(2027, 6, 30), None, "R1~2"),
        ("R1~2", "Phường Phúc Lợi", 3, D(2027, 7, 1), D(2027, 12, 31), "R1", None),
        ("R2", None, 2, D(2027, 1, 1), D(2027, 12, 31), None, None),
    ]


def task(plan_code: str, stt: int, batch_id: int) -> dict[str, Any]:
    return {
        "plan_code": plan_code,
        "stt": stt,
        "batch_id": batch_id,
        "task": f"Nhiệm vụ {stt}",
        "lead_text": "Phòng Văn hóa - Xã hội",
        "deadline_kind": "open",
    }


# The ward's scope sees its own plan (P1), the city's plan with a quota for every commune (P3),
# not the department's plan (P2); rules in force count once per amended chain, tasks of an
# undone batch not at all.
LISTED = AMENDED | {
    "plans": [
        plan("P1"),
        plan("P2", issuer="HN-STP"),
        plan("P3", issuer="HN", parent_plan_code=None, retired_on=D(2027, 2, 1)),
        plan("P4", issuer="00136", period_start=D(2027, 6, 1), parent_plan_code="P3"),
    ],
    "quota_rules": [
        *AMENDED["quota_rules"],
        rule("C1", plan_code="P3", applies_unit=None, applies_kind="commune", scope_province="Hà Nội"),
    ],
    "import_batches": [batch(5, "tasks"), batch(6, "tasks", undone_at=NOW)],
    "plan_tasks": [task("P1", 1, 5), task("P1", 2, 5), task("P1", 3, 6)],
}


def _listed(con) -> None:
    rows = rows_of(con, "plans/plans_list", {"units": ["00136", "00136-VH"], "as_of": D(2027, 3, 1)})
    got = [(r[0], r[3], r[7], r[8], r[9], r[10], r[11], r[13]) for r in rows]
    assert got == [
        ("P4", "Phường Phúc Lợi", "P3", 0, 0, "Chưa bắt đầu", "Hà Nội", "P3/KH-UBND"),
        ("P1", "Phường Phúc Lợi", None, 2, 2, "Đang theo dõi", "Hà Nội", None),
        ("P3", "Hà Nội", None, 1, 0, "Đã dừng", "Hà Nội", None),
    ]
    everyone = rows_of(con, "plans/plans_list", {"units": None, "as_of": D(2028, 1, 1)})
    assert {r[0]: r[10] for r in everyone} == {
        "P1": "Đã kết thúc",
        "P2": "Đã kết thúc",
        "P3": "Đã dừng",
        "P4": "Đã kết thúc",
    }


UNDONE_RULES = [
    ("R1", 2, D(2027, 12, 31)),  # back as it was before change 2
    ("R2", 2, D(2027, 12, 31)),
    ("S1", 2, D(2027, 12, 31)),
]

CASES: dict[str, SqlCase] = {
    "plans/plan_unit": SqlCase(
        given={"units": UNITS},
        params={"code": "00136-VH"},
        expected=[("00136-VH", "Phòng Văn hóa - Xã hội", "ward_office", "00136", "Hà Nội", None)],
    ),
    "plans/plan_identities": SqlCase(
        given={"plans": [plan("P2", number=None), plan("P1")]},
        expected=[
            ("P1", "P1/KH-UBND", "00136", D(2027, 1, 15), "Kế hoạch P1", D(2027, 1, 1), D(2027, 12, 31)),
            ("P2", None, "00136", D(2027, 1, 15), "Kế hoạch P2", D(2027, 1, 1), D(2027, 12, 31)),
        ],
    ),
    "plans/change_insert": SqlCase(
        params={
            "change_id": 7,
            "plan": "P1",
            "kind": "retire",
            "effective_on": D(2027, 9, 1),
            "who": "an",
            "note": "Dừng",
            "retired_before": None,
        },
        check=_change_recorded,
    ),
    "plans/change_set_batch": SqlCase(
        given=AMENDED, params={"batch_id": 8, "change_id": 2}, check=_changed("batch_id", 8)
    ),
    "plans/change_note": SqlCase(
        given=AMENDED, params={"change_id": 2, "note": "ghi"}, check=_changed("note", "ghi")
    ),
    "plans/change_undone": SqlCase(
        given=AMENDED, params={"change_id": 2, "who": "bình"}, check=_changed("undone_by", "bình")
    ),
    "plans/changes_list": SqlCase(
        given=AMENDED | {"plan_changes": [*AMENDED["plan_changes"], change(3, "add", plan_code="P2")]},
        params={"plan": "P1"},
        expected=[
            (2, "P1", "amend", D(2027, 7, 1), NOW, "an", "thay đổi 2", None, None, None, None),
            (1, "P1", "add", None, NOW, "an", "thay đổi 1", 5, None, None, None),
        ],
    ),
    "plans/rule_snapshot": SqlCase(
        given=AMENDED, params={"change_id": 9, "rule_id": "R2"}, check=_snapshotted
    ),
    "plans/rule_end": SqlCase(
        given=AMENDED,
        params={"rule_id": "R2", "effective_to": D(2027, 9, 30)},
        check=_rules(
            [
                ("R1", 2, D(2027, 6, 30)),
                ("R1~2", 3, D(2027, 12, 31)),
                ("R2", 2, D(2027, 9, 30)),
                ("S1", 2, D(2027, 12, 31)),
            ]
        ),
    ),
    "plans/rules_drop_empty": SqlCase(
        given=AMENDED
        | {
            "quota_rules": [
                rule("R1", effective_to=D(2026, 12, 31)),
                R1_NEW,
                R2,
                rule("S1", plan_code="P2", effective_to=D(2026, 1, 1)),
            ]
        },
        params={"plan": "P1"},
        check=_rules([("R1~2", 3, D(2027, 12, 31)), ("R2", 2, D(2027, 12, 31)), ("S1", 2, D(2026, 1, 1))]),
    ),
    "plans/plan_retire": SqlCase(
        given=AMENDED, params={"plan": "P1", "retired_on": D(2027, 9, 1)}, check=_retired
    ),
    "plans/plan_delete": SqlCase(given=AMENDED, params={"plan": "P1"}, check=_plan_gone),
    "plans/undo_rules_delete": SqlCase(
        given=AMENDED,
        params={"change_id": 2},
        check=_rules([("R2", 2, D(2027, 12, 31)), ("S1", 2, D(2027, 12, 31))]),
    ),
    "plans/undo_rules_reinsert": SqlCase(
        given=AMENDED | {"quota_rules": [R2, rule("S1", plan_code="P2", applies_unit="HN-STP")]},
        params={"change_id": 2},
        check=_rules(UNDONE_RULES),
    ),
    "plans/plan_rules": SqlCase(given=AMENDED, params={"plan": "P1"}, check=_history),
    "plans/plans_list": SqlCase(
        given=LISTED, params={"units": ["00136", "00136-VH"], "as_of": D(2027, 3, 1)}, check=_listed
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_query(name: str, tmp_path: Path) -> None:
    run(name, CASES[name], tmp_path)
