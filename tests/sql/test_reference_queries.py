"""Given → expected cases for queries/reference/*.sql (plans and quota rules from data/*.csv)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.sql.sqlcase import SqlCase
from tests.sql.staged import UNITS, D, StagedCase, run, table_rows

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
}
GIVEN = {
    "units": UNITS,
    "plans": [PLAN_ROW | {"plan_code": "OLD", "issued_on": None}],
    "quota_rules": [RULE_ROW | {"rule_id": "OLD-R1", "plan_code": "OLD", "min_count": 2}],
}


def _plans_gone(con) -> None:
    assert table_rows(con, "plans") == [] and len(table_rows(con, "quota_rules")) == 1


def _rules_gone(con) -> None:
    assert table_rows(con, "quota_rules") == [] and len(table_rows(con, "plans")) == 1


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


CASES: dict[str, SqlCase] = {
    "reference/plans_delete": SqlCase(given=GIVEN, check=_plans_gone),
    "reference/plans_insert": StagedCase(
        given=GIVEN, staged={"incoming_plans": [PLAN_ROW]}, check=_plan_added
    ),
    "reference/quota_rules_delete": SqlCase(given=GIVEN, check=_rules_gone),
    "reference/quota_rules_insert": StagedCase(
        given=GIVEN, staged={"incoming_rules": [RULE_ROW]}, check=_rule_added
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_query(name: str, tmp_path: Path) -> None:
    run(name, CASES[name], tmp_path)
