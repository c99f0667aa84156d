"""Given → expected cases for queries/reference/*.sql (plans and quota rules from data/*.csv)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.sql.sqlcase import SqlCase
from tests.sql.staged import NOW, UNITS, D, StagedCase, run, table_rows

PLAN_ROW = {
    "plan_code": "HN-75-2026",
    "number": "75/KH-UBND",
    "title": "Kế hoạch CCHC 2026",
    "issuer_code": "HN",
    "issued_on": "2026-02-27",
    "period_start": "2026-03-01",
    "period_end": "2026-12-31",
    "parent_plan_code": None,
    "source": "kh75.pdf",
}
RULE_ROW = {
    "rule_id": "HN75-R1",
    "plan_code": "HN-75-2026",
    "label": "1 tin/bài mỗi tháng",
    "applies_kind": "commune",
    "applies_unit": None,
    "scope_province": "Hà Nội",
    "scope_parent": None,
    "channel": "city_page",
    "item_kind": "news",
    "basis": "submitted",
    "min_count": "1",
    "period": "month",
    "effective_from": "2026-03-01",
    "effective_to": "2026-12-31",
    "source": "kh75.pdf",
    "replaces": None,
    "change_id": None,
}
GIVEN = {
    "units": UNITS,
    "plans": [PLAN_ROW | {"plan_code": "OLD", "issued_on": None}],
    "quota_rules": [RULE_ROW | {"rule_id": "OLD-R1", "plan_code": "OLD", "min_count": 2}],
}


def _plan_added(con) -> None:
    rows = table_rows(con, "plans", "plan_code, issued_on, period_start, period_end, source")
    assert rows == [
        ("HN-75-2026", D(2026, 2, 27), D(2026, 3, 1), D(2026, 12, 31), "kh75.pdf"),
        ("OLD", None, D(2026, 3, 1), D(2026, 12, 31), "kh75.pdf"),
    ]


def _rule_added(con) -> None:
    rows = table_rows(con, "quota_rules", "rule_id, min_count, effective_from, effective_to", "rule_id")
    assert rows == [
        ("HN75-R1", 1, D(2026, 3, 1), D(2026, 12, 31)),
        ("OLD-R1", 2, D(2026, 3, 1), D(2026, 12, 31)),
    ]


def _rule_kept(con) -> None:
    """A rule already there (OLD-R1, min 2) or moved out by a change (SNAP-R1) is never
    overwritten or brought back by a seed: the database is the source of truth. A rule whose
    change was undone (UNDONE-R1) may be written again."""
    rows = table_rows(con, "quota_rules", "rule_id, min_count, change_id", "rule_id")
    assert rows == [("HN75-R1", 1, 7), ("OLD-R1", 2, None), ("UNDONE-R1", 1, None)]


def _plan_kept(con) -> None:
    assert table_rows(con, "plans", "plan_code, title") == [("OLD", "Kế hoạch CCHC 2026")]


SNAPSHOT = {k: v for k, v in RULE_ROW.items() if k not in ("change_id",)} | {
    "rule_id": "SNAP-R1",
    "change_id": 3,
    "min_count": 1,
}
KEPT = {
    "units": UNITS,
    "plans": [PLAN_ROW | {"plan_code": "OLD", "issued_on": None}],
    "quota_rules": [RULE_ROW | {"rule_id": "OLD-R1", "plan_code": "OLD", "min_count": 2}],
    "quota_rule_snapshots": [SNAPSHOT, SNAPSHOT | {"rule_id": "UNDONE-R1", "change_id": 4}],
    "plan_changes": [
        {"change_id": 3, "plan_code": "OLD", "kind": "amend", "made_at": NOW, "made_by": "an"},
        {
            "change_id": 4,
            "plan_code": "OLD",
            "kind": "amend",
            "made_at": NOW,
            "made_by": "an",
            "undone_at": NOW,
        },
    ],
}

CASES: dict[str, SqlCase] = {
    "reference/plans_insert": StagedCase(
        given=GIVEN, staged={"incoming_plans": [PLAN_ROW]}, check=_plan_added
    ),
    "reference/quota_rules_insert": StagedCase(
        given=GIVEN, staged={"incoming_rules": [RULE_ROW]}, check=_rule_added
    ),
}
KEPT_CASES: dict[str, SqlCase] = {
    "reference/plans_insert": StagedCase(
        given=KEPT,
        staged={"incoming_plans": [PLAN_ROW | {"plan_code": "OLD", "title": "Đè lên"}]},
        check=_plan_kept,
    ),
    "reference/quota_rules_insert": StagedCase(
        given=KEPT,
        staged={
            "incoming_rules": [
                RULE_ROW | {"change_id": "7"},
                RULE_ROW | {"rule_id": "OLD-R1", "plan_code": "OLD", "min_count": "9"},
                RULE_ROW | {"rule_id": "SNAP-R1"},
                RULE_ROW | {"rule_id": "UNDONE-R1"},
            ]
        },
        check=_rule_kept,
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_query(name: str, tmp_path: Path) -> None:
    run(name, CASES[name], tmp_path)


@pytest.mark.parametrize("name", sorted(KEPT_CASES))
def test_seeding_never_overwrites(name: str, tmp_path: Path) -> None:
    run(name, KEPT_CASES[name], tmp_path)
