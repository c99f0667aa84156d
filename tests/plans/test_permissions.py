"""Who may change a plan: a unit user its own unit's plans and its offices', a city user any,
a viewer none; the page and the core ask the same function."""

from __future__ import annotations

from datetime import date

import pytest

from cchc import auth, plans
from tests.plans.helpers import add_ward_plan, ward_proposal

WARD = auth.User("phucloi", "Phúc Lợi", "unit", "00136")
OTHER_WARD = auth.User("bachmai", "Bạch Mai", "unit", "00292")
VIEWER = auth.User("xem", "Xem", "viewer", "00136")
CITY = auth.User("snv", "Sở Nội vụ", "city")


@pytest.mark.parametrize(
    ("user", "issuer", "allowed"),
    [
        (WARD, "00136", True),
        (WARD, "00136-VHXH", True),  # an office of the ward
        (WARD, "00292", False),
        (WARD, "HN", False),  # the city's plan
        (OTHER_WARD, "00136", False),
        (VIEWER, "00136", False),
        (CITY, "00136", True),
        (CITY, "HN", True),
        (None, "HN", True),  # the command line
    ],
)
def test_who_may_manage(con, user, issuer, allowed):
    scope = auth.allowed_units(con, user) if user else None
    assert plans.may_manage(user, issuer, scope) is allowed


def test_a_unit_user_adds_its_own_plan_and_not_another_wards(con):
    resolved = plans.resolve(con, plans.proposal_from_dict(ward_proposal()))
    with pytest.raises(plans.PlanWriteError, match="không được thay đổi"):
        plans.add_plan(con, resolved, "bachmai", user=OTHER_WARD, units=auth.allowed_units(con, OTHER_WARD))
    with pytest.raises(plans.PlanWriteError):
        plans.add_plan(con, resolved, "xem", user=VIEWER, units=auth.allowed_units(con, VIEWER))
    assert resolved.plan_code not in set(plans.plans_list(con, date(2027, 3, 1))["plan_code"])
    plans.add_plan(con, resolved, "phucloi", user=WARD, units=auth.allowed_units(con, WARD))
    assert resolved.plan_code in set(plans.plans_list(con, date(2027, 3, 1))["plan_code"])


def test_a_ward_cannot_amend_retire_or_undo_the_citys_plan(con):
    scope = auth.allowed_units(con, WARD)
    with pytest.raises(plans.PlanWriteError, match="không được thay đổi"):
        plans.retire_plan(con, "HN-75-2026", date(2026, 9, 1), "phucloi", user=WARD, units=scope)
    code = add_ward_plan(con)
    change = int(plans.plan_changes(con, code)["change_id"].max())
    with pytest.raises(plans.PlanWriteError, match="không được thay đổi"):
        plans.undo_change(con, change, "bachmai", user=OTHER_WARD, units=auth.allowed_units(con, OTHER_WARD))
    assert (
        plans.plans_list(con, date(2026, 9, 2)).set_index("plan_code").loc["HN-75-2026", "status"]
        != "Đã dừng"
    )


def test_a_ward_sees_its_plans_and_the_citys_not_another_wards(con):
    add_ward_plan(con)
    seen = set(plans.plans_list(con, date(2027, 3, 1), units=auth.allowed_units(con, WARD))["plan_code"])
    assert {"00136-12-2027", "PL-2026", "HN-75-2026"} <= seen
    assert "BM-2025" not in seen and "TH-14-2026" not in seen
