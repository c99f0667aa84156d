"""The review table of a plan (cchc.screens.plan_review): rules as the editor shows them and back.
A rule for a named unit has no unit group: the cell says "—", not an empty option that Streamlit
draws as "None" (streamlit#13429), and "—" reads back as no group."""

from __future__ import annotations

from cchc.screens import plan_review
from tests.plans.helpers import ward_proposal


def test_no_group_is_a_dash_and_reads_back_as_none() -> None:
    proposal = ward_proposal()
    kinds = [r["applies_kind"] for r in proposal["rules"]]
    assert None in kinds and "ward_office" in kinds  # both sorts of rule
    frame = plan_review._rules_frame(proposal)
    shown = frame[plan_review.RULE_COLUMNS["kind"]].tolist()
    assert [s == plan_review.NO_CHOICE for s in shown] == [k is None for k in kinds]
    back = plan_review.apply_edits(proposal, frame.to_dict("records"), [])
    assert [r["applies_kind"] for r in back["rules"]] == kinds
    assert [r["period"] for r in back["rules"]] == [r["period"] for r in proposal["rules"]]
    named = [r["applies_unit"] for r in back["rules"] if r["applies_kind"] is None]
    assert named == [r["applies_unit"] for r in proposal["rules"] if r["applies_kind"] is None]
