"""The review table of a plan (cchc.screens.plan_review): rules as the editor shows them and back.
A rule for a named unit has no unit group: the cell says "—", not an empty option that Streamlit
draws as "None" (streamlit#13429), and "—" reads back as no group."""

from __future__ import annotations

from cchc.screens import plan_review

PROPOSAL = {
    "issuer": "UBND phường Hoàng Mai",
    "rules": [
        {
            "applies_kind": None,
            "applies_unit": "Phòng Kinh tế phường Hoàng Mai",
            "channel": "own_portal",
            "item_kind": "news",
            "basis": "published",
            "min_count": 1,
            "period": "quarter",
            "source": "Hằng quý, Phòng Kinh tế có ít nhất 01 tin, bài …",
        },
        {
            "applies_kind": "ward_office",
            "applies_unit": None,
            "channel": "own_portal",
            "item_kind": "news",
            "basis": "published",
            "min_count": 2,
            "period": "month",
            "source": "Các phòng, ban …",
        },
    ],
    "tasks": [],
}


def test_no_group_is_a_dash_and_reads_back_as_none() -> None:
    frame = plan_review._rules_frame(PROPOSAL)
    kind = plan_review.RULE_COLUMNS["kind"]
    assert frame[kind].tolist()[0] == plan_review.NO_CHOICE
    assert frame[kind].tolist()[1] != plan_review.NO_CHOICE
    back = plan_review.apply_edits(PROPOSAL, frame.to_dict("records"), [])
    assert [r["applies_kind"] for r in back["rules"]] == [None, "ward_office"]
    assert back["rules"][0]["applies_unit"] == "Phòng Kinh tế phường Hoàng Mai"
    assert [r["period"] for r in back["rules"]] == ["quarter", "month"]
