"""Quota fulfillment as a data analyst would write it in plain pandas, from the raw items: filter
the dates first, count per unit x channel x kind x day, match the rules, find each day's period
with an as-of join (a range join), sum; then the statuses. Gives the same rows as the product."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np
import pandas as pd

from bench.baselines.periods import rule_periods, rule_units

KEYS = ["unit_code", "rule", "period_start"]


def fulfillment(
    items: pd.DataFrame,
    rules: pd.DataFrame,
    units: pd.DataFrame,
    date_from: date,
    date_to: date,
    as_of: date,
    unit_codes: Sequence[str] | None = None,
) -> pd.DataFrame:
    periods = rule_periods(rules, date_from, date_to)
    if unit_codes is not None:
        units = units[units["unit_code"].isin(unit_codes)]
    pairs = rule_units(rules[rules["rule_id"].isin(periods["rule_id"])], units)
    expected = pairs.merge(periods, on="rule_id")
    day = pd.Timestamp(as_of)
    first, last = periods["period_start"].min(), min(periods["period_end"].max(), day)
    kept = items[(items["item_date"] >= first) & (items["item_date"] <= last) & ~items["is_duplicate"]]
    if unit_codes is not None:
        kept = kept[kept["unit_code"].isin(unit_codes)]
    daily = (
        kept.groupby(["unit_code", "channel", "item_kind", "ever_published", "item_date"])
        .size()
        .rename("n")
        .reset_index()
    )
    matched = daily.merge(pairs, on=["unit_code", "channel"], suffixes=("", "_rule"))
    matched = matched[
        (
            (matched["item_kind"] == matched["item_kind_rule"])
            | ((matched["item_kind_rule"] == "news") & (matched["item_kind"] == "in_depth"))
        )
        & ((matched["basis"] == "submitted") | matched["ever_published"])
        & (
            (matched["period"] == "week")
            | matched["item_date"].between(matched["effective_from"], matched["effective_to"])
        )
    ]
    matched = pd.merge_asof(
        matched.sort_values("item_date"),
        periods.sort_values("period_start"),
        left_on="item_date",
        right_on="period_start",
        by="rule_id",
    )
    matched = matched[matched["item_date"] <= matched["period_end"]]
    actual = (
        matched.groupby(["unit_code", "rule_id", "period_start"])["n"].sum().rename("actual").reset_index()
    )
    out = expected.merge(actual, on=["unit_code", "rule_id", "period_start"], how="left")
    out["actual"] = out["actual"].fillna(0).astype(int)
    out["status"] = np.select(
        [out["actual"] >= out["min_count"], out["period_start"] > day, out["period_end"] < day],
        ["Đạt", "Chưa đến kỳ", "Chưa đạt"],
        "Đang thực hiện",
    )
    out = out.rename(columns={"rule_id": "rule", "min_count": "required"})
    return out[
        ["unit_code", "unit_kind", "rule", "period_start", "period_end", "required", "actual", "status"]
    ]


def rollup(rows: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """Rule-periods due and met per unit kind x judged month (the month of the period's last day
    when over, of `as_of` while it runs, of its first day when not started)."""
    day = pd.Timestamp(as_of)
    judged = rows["period_end"].where(
        rows["period_end"] < day, rows["period_start"].where(rows["period_start"] > day, day)
    )
    frame = rows.assign(
        month=judged.dt.to_period("M").dt.to_timestamp(),
        due=(rows["status"] != "Chưa đến kỳ").astype(int),
        met=(rows["status"] == "Đạt").astype(int),
    )
    return frame.groupby(["unit_kind", "month"], as_index=False)[["due", "met"]].sum()
