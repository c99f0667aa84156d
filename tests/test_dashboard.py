"""The numbers of cchc.quotas: ranking, month attribution, missing items, headline figures."""

from datetime import date as d

import pandas as pd
import pytest

from cchc.quotas import numbers
from cchc.quotas.numbers import ranking
from cchc.vocab import CHUA_DAT, CHUA_DEN_KY, DANG_THUC_HIEN, DAT


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
    assert list(bottom["unit_code"]) == ["C"]  # worst first; never a leader, never a unit at 100%
    assert bottom.loc[0, "share_met"] == 0.25


@pytest.mark.parametrize("units", [3, 10, 12, 20, 25])
def test_commend_and_remind_lists_never_share_a_unit(units):
    heat = pd.DataFrame(
        [(f"U{i:02d}", f"Sở {i:02d}", "department", 10, i % 11) for i in range(units)],
        columns=["unit_code", "unit_name", "unit_kind", "rules_due", "rules_met"],
    )
    top, bottom = ranking(heat, n=10)
    assert not set(top["unit_code"]) & set(bottom["unit_code"])
    assert (bottom["share_met"] < 1).all()
    assert list(bottom["share_met"]) == sorted(bottom["share_met"])


def rows(*specs):
    """(unit, rule, start, end, required, actual, status) → fulfillment-like rows."""
    frame = pd.DataFrame(
        specs, columns=["unit_code", "rule", "period_start", "period_end", "required", "actual", "status"]
    )
    frame["period_start"] = pd.to_datetime(frame["period_start"])
    frame["period_end"] = pd.to_datetime(frame["period_end"])
    return frame.assign(unit_name=frame["unit_code"], unit_kind="department", period="week", rule_label="r")


NOVEMBER = rows(
    ("P", "w", d(2026, 10, 26), d(2026, 11, 1), 2, 0, CHUA_DAT),  # ends in November
    ("P", "w", d(2026, 11, 23), d(2026, 11, 29), 2, 1, DANG_THUC_HIEN),  # running on 29/11
    ("P", "w", d(2026, 11, 30), d(2026, 12, 6), 2, 0, CHUA_DEN_KY),  # ISO week of December
    ("P", "m", d(2026, 11, 1), d(2026, 11, 30), 1, 1, DAT),
)


def test_a_period_not_started_is_not_missing_nor_due():
    assert numbers.missing(NOVEMBER).tolist() == [2, 1, 0, 0]
    assert numbers.tally(NOVEMBER) == numbers.Tally(met=1, due=3)


def test_each_rule_period_is_judged_in_one_month():
    months = numbers.judged_month(NOVEMBER, d(2026, 11, 29))
    assert months.tolist() == [pd.Timestamp(2026, 11, 1)] * 4  # the December week starts 30/11
    later = numbers.judged_month(NOVEMBER, d(2026, 12, 10))
    assert later.tolist()[2] == pd.Timestamp(2026, 12, 1)  # once over (or running), where it ends


def test_headline_counts_units_with_something_due():
    extra = rows(("Q", "w", d(2026, 11, 30), d(2026, 12, 6), 2, 0, CHUA_DEN_KY))
    head = numbers.headline(pd.concat([NOVEMBER, extra]))
    assert (head.units, head.units_all_met, head.units_behind, head.missing) == (1, 0, 1, 3)
    assert head.share_met == pytest.approx(1 / 3)
