"""Amendments from a date change only later periods; retirement ends the periods after it;
every change can be undone, newest first; the history is kept."""

from __future__ import annotations

from datetime import date

import pytest

from cchc import plans
from tests.conftest import add_items, item
from tests.plans.helpers import PHUC_LOI, add_ward_plan, version, ward_months

AFTER = date(2028, 1, 10)  # every 2027 period is over


def _two_a_month(con) -> None:
    """Two portal items in every month of 2027: meets 2 a month, never 3."""
    add_items(con, [item(PHUC_LOI, date(2027, m, d), "own_portal") for m in range(1, 13) for d in (3, 17)])


def _edit(con, code: str, rule_no: int, **changes) -> plans.RuleEdit:
    rule = plans.plan_rules(con, code).set_index("rule_id").loc[f"{code.lower()}-r{rule_no}"]
    fields = {k: rule[k] for k in ("channel", "item_kind", "basis", "min_count", "period")}
    kind = rule["applies_kind"] if isinstance(rule["applies_kind"], str) else None
    unit = rule["applies_unit"] if isinstance(rule["applies_unit"], str) else None
    return plans.RuleEdit(
        f"{code.lower()}-r{rule_no}", applies_kind=kind, applies_unit=unit, **(fields | changes)
    )


def test_an_amendment_from_july_changes_only_the_later_months(con):
    code = add_ward_plan(con)
    _two_a_month(con)
    before = ward_months(con, code, AFTER)
    assert set(before["status"]) == {"Đạt"}
    plans.amend_plan(con, code, date(2027, 7, 1), [_edit(con, code, 1, min_count=3)], "tester")
    after = ward_months(con, code, AFTER)
    assert list(after["required"]) == [2] * 6 + [3] * 6
    assert list(after["status"]) == ["Đạt"] * 6 + ["Chưa đạt"] * 6
    assert list(after["actual"]) == [2] * 12
    # the first half is the very same rows as before the amendment
    assert after.iloc[:6][["rule", "required", "actual", "status"]].equals(
        before.iloc[:6][["rule", "required", "actual", "status"]]
    )
    history = plans.plan_rules(con, code)
    old, new = (
        history[history["rule_id"].str.endswith("-r1")].iloc[0],
        history[history["replaces"].notna()].iloc[0],
    )
    assert old["effective_to"].date() == date(2027, 6, 30) and old["replaced_by"] == new["rule_id"]
    assert new["effective_from"].date() == date(2027, 7, 1) and new["min_count"] == 3
    assert "3 từ 01/07/2027" in plans.plan_changes(con, code).iloc[0]["note"]


@pytest.mark.parametrize(
    ("rule_no", "day", "takes_over"),
    [
        (1, date(2027, 7, 15), date(2027, 8, 1)),  # July has begun under the old rule: it keeps it
        (2, date(2027, 8, 1), date(2027, 10, 1)),  # a quarterly rule: from the next quarter
        (2, date(2027, 4, 1), date(2027, 4, 1)),
    ],
)
def test_a_begun_period_keeps_the_rule_it_began_with(con, rule_no, day, takes_over):
    code = add_ward_plan(con)
    plans.amend_plan(con, code, day, [_edit(con, code, rule_no, min_count=5)], "tester")
    rules = plans.plan_rules(con, code)
    new = rules[rules["replaces"] == f"{code.lower()}-r{rule_no}"].iloc[0]
    assert new["effective_from"].date() == takes_over


def test_an_amendment_from_the_plan_start_replaces_the_rule_whole_and_undo_brings_it_back(con):
    code = add_ward_plan(con)
    _two_a_month(con)
    before = ward_months(con, code, AFTER)
    change = plans.amend_plan(con, code, date(2027, 1, 1), [_edit(con, code, 1, min_count=3)], "tester")
    rules = plans.plan_rules(con, code)
    assert f"{code.lower()}-r1" not in set(rules["rule_id"])  # no day of its own left: kept as a snapshot
    assert set(ward_months(con, code, AFTER)["required"]) == {3}
    plans.undo_change(con, change, "tester")
    assert ward_months(con, code, AFTER).equals(before)


def test_rules_removed_and_added_from_a_date(con):
    code = add_ward_plan(con)
    edits = [
        _edit(con, code, 3, remove=True),
        plans.RuleEdit(None, "radio", "news", "published", 2, "month", applies_unit=PHUC_LOI),
    ]
    plans.amend_plan(con, code, date(2027, 7, 1), edits, "tester")
    rules = plans.plan_rules(con, code).set_index("rule_id")
    assert rules.loc[f"{code.lower()}-r3", "effective_to"].date() == date(2027, 6, 30)
    radio = rules[rules["channel"] == "radio"].iloc[0]
    assert (radio["effective_from"].date(), radio["effective_to"].date()) == (
        date(2027, 7, 1),
        date(2027, 12, 31),
    )
    assert plans.plans_list(con, date(2027, 8, 1)).set_index("plan_code").loc[code, "rules"] == 4


def test_nothing_changed_or_no_period_left_is_refused(con):
    code = add_ward_plan(con)
    with pytest.raises(plans.PlanWriteError, match="Không có định mức nào thay đổi"):
        plans.amend_plan(con, code, date(2027, 7, 1), [_edit(con, code, 1)], "tester")
    with pytest.raises(plans.PlanWriteError, match="không còn kỳ nào"):
        plans.amend_plan(con, code, date(2027, 12, 15), [_edit(con, code, 2, min_count=9)], "tester")
    assert list(plans.plan_changes(con, code)["kind"]) == ["add"]


def test_retire_ends_later_periods_and_undo_restores_them(con):
    code = add_ward_plan(con)
    before_version = version(con)
    change = plans.retire_plan(con, code, date(2027, 9, 1), "tester")
    assert version(con) != before_version  # the rule count did not change: the version still did
    months = ward_months(con, code, AFTER)
    assert months["period_start"].max().date() == date(2027, 8, 1)
    assert plans.plans_list(con, date(2027, 10, 1)).set_index("plan_code").loc[code, "status"] == "Đã dừng"
    with pytest.raises(plans.PlanWriteError, match="đã dừng"):
        plans.retire_plan(con, code, date(2027, 10, 1), "tester")
    plans.undo_change(con, change, "tester")
    assert len(ward_months(con, code, AFTER)) == 12
    assert (
        plans.plans_list(con, date(2027, 10, 1)).set_index("plan_code").loc[code, "status"] == "Đang theo dõi"
    )


def test_only_the_newest_change_is_undone_and_undoing_the_addition_removes_the_plan(con):
    code = add_ward_plan(con)
    first = plans.amend_plan(con, code, date(2027, 4, 1), [_edit(con, code, 1, min_count=3)], "tester")
    second = plans.amend_plan(con, code, date(2027, 7, 1), [_edit(con, code, 2, min_count=4)], "tester")
    add = int(plans.plan_changes(con, code)["change_id"].min())
    with pytest.raises(plans.PlanWriteError, match="mới nhất"):
        plans.undo_change(con, first, "tester")
    for change in (second, first, add):
        plans.undo_change(con, change, "tester")
    assert code not in set(plans.plans_list(con, AFTER)["plan_code"])
    assert plans.plan_rules(con, code).empty
    with pytest.raises(plans.PlanWriteError, match="đã được hoàn tác"):
        plans.undo_change(con, add, "tester")
    # the plan can be registered again after its addition was undone, whole
    assert add_ward_plan(con) == code
    assert plans.plans_list(con, date(2027, 3, 1)).set_index("plan_code").loc[code, "rules"] == 3
