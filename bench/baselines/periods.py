"""Quota periods a rule asks for in a date range, in plain Python (shared by the baselines): the
rule's weeks (Monday to Sunday, a week belonging to the window holding its Thursday, counted
whole), months, quarters and years (clipped to the rule's window), or its whole window."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd


def _first_of(period: str, day: date) -> date:
    if period == "week":
        return day - timedelta(days=day.weekday())
    if period == "month":
        return day.replace(day=1)
    if period == "quarter":
        return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return date(day.year, 1, 1)


def _next(period: str, start: date) -> date:
    if period == "week":
        return start + timedelta(days=7)
    months = {"month": 1, "quarter": 3, "year": 12}[period]
    total = start.month - 1 + months
    return date(start.year + total // 12, total % 12 + 1, 1)


def rule_periods(rules: pd.DataFrame, date_from: date, date_to: date) -> pd.DataFrame:
    """rule_id, period_start, period_end of every period of `rules` overlapping the range."""
    rows = []
    for r in rules.itertuples():
        lo, hi = r.effective_from, r.effective_to
        if lo > date_to or hi < date_from:
            continue
        if r.period == "window":
            rows.append((r.rule_id, lo, hi))
            continue
        start = _first_of(r.period, max(lo, date_from))
        while start <= min(hi, date_to):
            end = _next(r.period, start) - timedelta(days=1)
            if r.period == "week":
                if lo <= start + timedelta(days=3) <= hi:
                    rows.append((r.rule_id, start, end))
            else:
                rows.append((r.rule_id, max(start, lo), min(end, hi)))
            start = _next(r.period, start)
    frame = pd.DataFrame(rows, columns=["rule_id", "period_start", "period_end"])
    frame["period_start"] = pd.to_datetime(frame["period_start"]).astype("datetime64[ns]")
    frame["period_end"] = pd.to_datetime(frame["period_end"]).astype("datetime64[ns]")
    return frame


def rule_units(rules: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """Every (unit, rule) pair: the rule names the unit, or its kind (within province and parent)."""
    named = rules[rules["applies_unit"].notna()].merge(units, left_on="applies_unit", right_on="unit_code")
    by_kind = rules[rules["applies_unit"].isna()].merge(units, left_on="applies_kind", right_on="unit_kind")
    by_kind = by_kind[
        (by_kind["scope_province"].isna() | (by_kind["scope_province"] == by_kind["province"]))
        & (by_kind["scope_parent"].isna() | (by_kind["scope_parent"] == by_kind["parent_code"]))
    ]
    return pd.concat([named, by_kind], ignore_index=True)
