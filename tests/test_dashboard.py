"""Pure helpers of the dashboard."""

import pandas as pd

from cchc.quotas.summary import ranking


def test_ranking_orders_by_share_then_by_rules_met():
    heat = pd.DataFrame(
        [
            ("A", "Phường A", "commune", 4, 4),
            ("B", "Phường B", "commune", 2, 2),
            ("C", "Phường C", "commune", 4, 1),
            ("C", "Phường C", "commune", 4, 1),
            ("D", "Phường D", "commune", 0, 0),  # nothing due yet: not ranked
        ],
        columns=["unit_code", "unit_name", "unit_kind", "rules_due", "rules_met"],
    )
    top, bottom = ranking(heat, n=2)
    assert list(top["unit_code"]) == ["A", "B"]  # both 100%, A met more
    assert list(bottom["unit_code"]) == ["C", "B"]  # worst first
    assert bottom.loc[0, "share_met"] == 0.25
