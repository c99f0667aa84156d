"""Roll-ups of fulfillment rows for a periodic report: per unit x rule, per unit kind x channel,
per unit kind, and the report's headline (numbers from cchc.quotas.numbers); per unit kind x
month, summed in SQL from the kept rows."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import duckdb
import pandas as pd

from cchc import db
from cchc.periods import Period
from cchc.quotas import kept, numbers
from cchc.quotas.fulfillment import fulfillment, query_params
from cchc.vocab import CHANNELS, CHUA_DAT, CHUA_DEN_KY, DANG_THUC_HIEN, DAT, QUOTA_STATUSES, UNIT_KINDS


def overall(statuses: pd.Series) -> str:
    """One word for several rule-periods: the worst of them."""
    present = set(statuses)
    for status in (CHUA_DAT, DANG_THUC_HIEN):
        if status in present:
            return status
    return CHUA_DEN_KY if present == {CHUA_DEN_KY} else DAT


def status_counts(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Rule-periods per status (n_met, n_running, n_missed, n_not_started) per `keys`."""
    counts = pd.crosstab([frame[k] for k in keys], frame["status"]).reindex(
        columns=QUOTA_STATUSES, fill_value=0
    )
    counts.columns = ["n_met", "n_running", "n_missed", "n_not_started"]
    return counts.reset_index()


def by_unit(detail: pd.DataFrame) -> pd.DataFrame:
    """Per unit x rule: periods, required, actual, items missing, statuses and the worst of them."""
    keys = ["unit_code", "unit_name", "unit_kind", "rule", "rule_label", "channel"]
    if detail.empty:
        return pd.DataFrame(columns=[*keys, "periods", "required", "actual", "missing", "overall"])
    grouped = (
        detail.assign(missing=numbers.missing(detail))
        .groupby(keys, as_index=False)
        .agg(
            periods=("status", "size"),
            required=("required", "sum"),
            actual=("actual", "sum"),
            missing=("missing", "sum"),
            overall=("status", overall),
        )
    )
    out = grouped.merge(status_counts(detail, keys), on=keys)
    out["kind_label"] = out["unit_kind"].map(UNIT_KINDS)
    out["channel_label"] = out["channel"].map(CHANNELS)
    return out.sort_values(["unit_kind", "unit_name", "channel", "rule"]).reset_index(drop=True)


def by_kind(detail: pd.DataFrame, items: pd.DataFrame) -> pd.DataFrame:
    """Per unit kind x channel: units, rule-periods, required, actual, statuses, share met, and
    the new items and duplicates logged (`items`: per unit x channel)."""
    keys = ["unit_kind", "channel"]
    if detail.empty:
        return pd.DataFrame(columns=[*keys, "units", "rule_periods", "required", "actual", "share_met"])
    grouped = detail.groupby(keys, as_index=False).agg(
        units=("unit_code", "nunique"),
        rule_periods=("status", "size"),
        required=("required", "sum"),
        actual=("actual", "sum"),
    )
    out = grouped.merge(status_counts(detail, keys), on=keys)
    out["share_met"] = numbers.share(out["n_met"], out["rule_periods"] - out["n_not_started"])
    new_items = items.groupby(keys, as_index=False)[["new_items", "duplicates"]].sum()
    out = out.merge(new_items, on=keys, how="left").fillna({"new_items": 0, "duplicates": 0})
    out["kind_label"] = out["unit_kind"].map(UNIT_KINDS)
    out["channel_label"] = out["channel"].map(CHANNELS)
    order = {k: i for i, k in enumerate(UNIT_KINDS)}
    return out.sort_values(
        ["unit_kind", "channel"], key=lambda s: s.map(order) if s.name == "unit_kind" else s
    )


def share_by_kind(rows: pd.DataFrame) -> pd.DataFrame:
    """Share of rule-periods met per unit kind (kinds with something due), with the kind's label."""
    return share_by_kind_of(numbers.per_unit(rows))


def share_by_kind_of(units: pd.DataFrame) -> pd.DataFrame:
    """share_by_kind() from per_unit's counts of the rule-periods."""
    per_kind = units.groupby("unit_kind", as_index=False)[["due", "met"]].sum()
    per_kind = per_kind[per_kind["due"] > 0]
    return per_kind.assign(
        rules_due=per_kind["due"],
        rules_met=per_kind["met"],
        share_met=numbers.share(per_kind["met"], per_kind["due"]),
        kind_label=per_kind["unit_kind"].map(UNIT_KINDS),
    ).reset_index(drop=True)


def quota_summary(detail: pd.DataFrame) -> dict[str, Any]:
    """The report's quota figures (numbers.headline of its rule-periods)."""
    head = numbers.headline(detail)
    return {
        "units": head.units,
        "units_all_met": head.units_all_met,
        "rule_periods_due": head.due,
        "met": head.met,
        "missed": head.missed,
        "running": head.running,
        "share_met": head.share_met,
    }


# `python -m cchc fulfillment --by kind-month --format csv`: a contract, like CSV_COLUMNS.
KIND_MONTH_COLUMNS = ["unit_kind", "month", "due", "met"]


def kind_months(
    con: duckdb.DuckDBPyConnection, period: Period, as_of: date, units: Sequence[str] | None = None
) -> pd.DataFrame:
    """Rule-periods due and met per unit kind x judged month (unit_kind, month, due, met) of the
    rows overlapping `period`: summed by the database from the kept rows (a few dozen rows cross
    over instead of every rule-period), else from the fulfillment rows (kind_months_of)."""
    if kept.current(con):
        return db.run(con, "quotas/rollup_kind_month", query_params(period, as_of, units))
    return kind_months_of(fulfillment(con, period, as_of, units), as_of)


def kind_months_of(rows: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """kind_months from fulfillment rows, by cchc.quotas.numbers' definitions (which the SQL
    follows: tests compare the two)."""
    if rows.empty:
        return pd.DataFrame(columns=["unit_kind", "month", "due", "met"])
    frame = rows.assign(
        month=numbers.judged_month(rows, as_of),
        due=numbers.is_due(rows).astype("int64"),
        met=numbers.is_met(rows).astype("int64"),
    )
    out = frame.groupby(["unit_kind", "month"], as_index=False)[["due", "met"]].sum()
    return out.sort_values(["unit_kind", "month"]).reset_index(drop=True)
