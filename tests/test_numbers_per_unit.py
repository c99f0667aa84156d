"""numbers.per_unit against the plain pandas groupby it replaced (numpy sums over group numbers):
the same frame, keys sorted with a missing key last, on rows that mix every status."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cchc.quotas import numbers


def rows() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "unit_code": pd.array(["B", "A", "B", "C", "A", "C", "D", "B"], dtype="str"),
            "unit_name": pd.array(["Bé", "Á", "Bé", "Cê", "Á", "Cê", "Đê", "Bé"], dtype="str"),
            "unit_kind": pd.array(  # one kind per unit
                [
                    "commune",
                    "commune",
                    "commune",
                    "department",
                    "commune",
                    "department",
                    "department",
                    "commune",
                ],
                dtype="str",
            ),
            "parent_code": np.array([None, "P", None, "Q", "P", None, np.nan, "P"], dtype=object),
            "month": pd.to_datetime(["2026-01-01", "2026-02-01", "2026-01-01", "2026-03-01"] * 2),
            "status": pd.array(
                ["Đạt", "Chưa đạt", "Đang thực hiện", "Chưa đến kỳ", "Đạt", "Chưa đạt", "Đạt", "Chưa đạt"],
                dtype="str",
            ),
            "required": np.array([1, 2, 3, 1, 1, 2, 1, 4], dtype="int32"),
            "actual": np.array([1, 0, 1, 0, 2, 1, 1, 1], dtype="int32"),
        }
    )


def by_groupby(frame: pd.DataFrame, by: tuple[str, ...]) -> pd.DataFrame:
    """What per_unit gave before: pandas' groupby over counted columns, names mapped back."""
    counted = frame[["unit_code", *by]].assign(
        rules=1,
        due=numbers.is_due(frame).astype(int),
        met=numbers.is_met(frame).astype(int),
        missed=(frame["status"] == "Chưa đạt").astype(int),
        running=(frame["status"] == "Đang thực hiện").astype(int),
        missing=numbers.missing(frame),
    )
    out = counted.groupby(["unit_code", *by], as_index=False, dropna=False).sum()
    names = frame.drop_duplicates("unit_code").set_index("unit_code")
    for i, column in enumerate(numbers.UNIT_KEYS[1:], start=1):
        out.insert(i, column, out["unit_code"].map(names[column]))
    out["share_met"] = numbers.share(out["met"], out["due"])
    out["all_met"] = (out["due"] > 0) & (out["met"] == out["due"])
    return out


@pytest.mark.parametrize("by", [(), ("month",), ("parent_code", "month"), ("parent_code",)])
def test_per_unit_is_the_groupby_it_replaced(by: tuple[str, ...]) -> None:
    frame = rows()
    got = numbers.per_unit(frame, by)
    pd.testing.assert_frame_equal(got, by_groupby(frame, by)[got.columns])
    b = got[got["unit_code"] == "B"]
    assert b["rules"].sum() == 3 and b["missing"].sum() == 5  # 2 running + 3 over and short


def test_a_missing_parent_is_a_group_of_its_own_sorted_last() -> None:
    got = numbers.per_unit(rows(), ("parent_code",))
    b = got[got["unit_code"] == "B"]
    assert b["parent_code"].tolist()[0] == "P" and pd.isna(b["parent_code"].tolist()[1])
    assert b["rules"].tolist() == [1, 2]
