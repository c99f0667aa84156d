"""Registering a plan: its rules (units resolved), its tasks (the task-table path), one change
record, one audit entry, a new data version; problems stop the write and say what to fix."""

from __future__ import annotations

from datetime import date

import pytest

from cchc import db, plans, tasks
from cchc.plans.proposal import ProposalError
from tests.plans.helpers import PHUC_LOI, VP, add_ward_plan, version, ward_proposal

AS_OF = date(2027, 3, 10)


def test_a_ward_plan_is_registered_with_its_rules_tasks_and_parent(con):
    before = version(con)
    code = add_ward_plan(con)
    assert code == "00136-12-2027"
    row = plans.plans_list(con, AS_OF).set_index("plan_code").loc[code]
    assert (row["number"], row["issuer_code"], row["parent_plan_code"]) == (
        "12/KH-UBND",
        PHUC_LOI,
        "HN-75-2026",
    )
    assert (row["rules"], row["tasks"], row["status"]) == (3, 2, "Đang theo dõi")
    rules = plans.plan_rules(con, code).set_index("rule_id")
    assert rules.loc[f"{code.lower()}-r1", "applies_unit"] == PHUC_LOI  # "UBND phường Phúc Lợi": the issuer
    assert rules.loc[f"{code.lower()}-r2", "scope_parent"] == PHUC_LOI  # every office of the ward
    assert rules.loc[f"{code.lower()}-r3", "applies_unit"] == VP  # "Văn phòng HĐND và UBND phường Phúc Lợi"
    assert rules["effective_from"].min().date() == date(2027, 1, 1)
    status = tasks.task_status(con, AS_OF, plan=code)
    assert list(status["stt"]) == [1, 2] and status.iloc[0]["status"] == "Quá hạn"  # Tháng 1/2027, not done
    assert version(con) != before
    changes = plans.plan_changes(con, code)
    assert list(changes["kind"]) == ["add"] and changes.iloc[0]["made_by"] == "tester"
    log = db.run(con, "auth/audit_list", {"limit": 5})
    assert log.iloc[0]["action"] == "plan_add" and code in log.iloc[0]["detail"]


def test_the_same_plan_again_is_recognised_and_not_written_twice(con):
    code = add_ward_plan(con)
    again = plans.resolve(con, plans.proposal_from_dict(ward_proposal()))
    assert again.existing == code
    with pytest.raises(plans.PlanWriteError, match="đã có"):
        plans.add_plan(con, again, "tester")
    assert list(plans.plans_list(con, AS_OF)["plan_code"]).count(code) == 1


def test_an_unknown_unit_is_a_problem_with_the_closest_names(con):
    proposal = ward_proposal()
    proposal["rules"][2]["applies_unit"] = "Văn phòng HĐND và UBND phường Phúc Lọi Mới"
    proposal["tasks"][0]["lead"] = "Phòng Văn hóa Thông tin Du lịch"
    resolved = plans.resolve(con, plans.proposal_from_dict(proposal))
    assert not resolved.ok
    rule_problem, lead_problem = resolved.problems
    assert "Định mức 3" in rule_problem and "Phúc Lọi Mới" in rule_problem and "Có phải:" in rule_problem
    assert "STT 1" in lead_problem and "Phòng Văn hóa Thông tin Du lịch" in lead_problem
    before = len(plans.plans_list(con, AS_OF))
    with pytest.raises(plans.PlanWriteError):
        plans.add_plan(con, resolved, "tester")
    assert len(plans.plans_list(con, AS_OF)) == before


def test_an_unknown_issuer_stops_everything(con):
    resolved = plans.resolve(con, plans.proposal_from_dict(ward_proposal(issuer="UBND phường Không Có")))
    assert resolved.issuer is None and "đơn vị ban hành" in resolved.problems[0]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"issuer": ""}, "issuer"),
        ({"period_end": "2026-12-31"}, "kết thúc trước"),
        ({"issued_on": "15/01/2027"}, "YYYY-MM-DD"),
        (
            {
                "rules": [
                    {
                        "channel": "fax",
                        "item_kind": "news",
                        "basis": "published",
                        "min_count": 1,
                        "period": "month",
                    }
                ]
            },
            "channel",
        ),
        (
            {
                "rules": [
                    {
                        "channel": "radio",
                        "item_kind": "news",
                        "basis": "published",
                        "min_count": 0,
                        "period": "month",
                    }
                ]
            },
            "min_count",
        ),
    ],
)
def test_a_malformed_proposal_says_what_is_wrong(change, message):
    with pytest.raises(ProposalError, match=message):
        plans.proposal_from_dict(ward_proposal(**change))


def test_a_parent_the_database_does_not_have_is_said_not_guessed(con):
    resolved = plans.resolve(
        con, plans.proposal_from_dict(ward_proposal(parent={"number": "99/KH-UBND", "issued_on": None}))
    )
    assert resolved.ok and resolved.parent_plan_code is None
    assert any("99/KH-UBND" in note for note in resolved.notes)
    assert any("02 hội nghị" in note for note in resolved.notes)  # the unread sentence is shown
