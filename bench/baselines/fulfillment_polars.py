"""Quota fulfillment in plain polars, from the raw items, the same steps as the pandas baseline
(filter dates first, count, match the rules, as-of join to the periods, sum, statuses)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pandas as pd
import polars as pl

from bench.baselines.periods import rule_periods, rule_units


def fulfillment(
    items: pl.DataFrame,
    rules: pd.DataFrame,
    units: pd.DataFrame,
    date_from: date,
    date_to: date,
    as_of: date,
    unit_codes: Sequence[str] | None = None,
) -> pl.DataFrame:
    periods_pd = rule_periods(rules, date_from, date_to)
    if unit_codes is not None:
        units = units[units["unit_code"].isin(unit_codes)]
    pairs_pd = rule_units(rules[rules["rule_id"].isin(periods_pd["rule_id"])], units)
    pairs = pl.from_pandas(
        pairs_pd[
            [
                "unit_code",
                "unit_kind",
                "rule_id",
                "channel",
                "item_kind",
                "basis",
                "min_count",
                "period",
                "effective_from",
                "effective_to",
            ]
        ].astype({"effective_from": "datetime64[ms]", "effective_to": "datetime64[ms]"})
    ).with_columns(pl.col("effective_from", "effective_to").cast(pl.Date))
    periods = pl.from_pandas(periods_pd).with_columns(pl.col("period_start", "period_end").cast(pl.Date))
    first = periods["period_start"].min()
    last = min(periods["period_end"].max(), as_of)  # type: ignore[type-var]
    kept = items.filter(pl.col("item_date").is_between(first, last) & ~pl.col("is_duplicate"))
    if unit_codes is not None:
        kept = kept.filter(pl.col("unit_code").is_in(list(unit_codes)))
    daily = kept.group_by(["unit_code", "channel", "item_kind", "ever_published", "item_date"]).len("n")
    matched = daily.join(pairs, on=["unit_code", "channel"], suffix="_rule").filter(
        (
            (pl.col("item_kind") == pl.col("item_kind_rule"))
            | ((pl.col("item_kind_rule") == "news") & (pl.col("item_kind") == "in_depth"))
        )
        & ((pl.col("basis") == "submitted") | pl.col("ever_published"))
        & (
            (pl.col("period") == "week")
            | pl.col("item_date").is_between(pl.col("effective_from"), pl.col("effective_to"))
        )
    )
    matched = (
        matched.sort("item_date")
        .join_asof(periods.sort("period_start"), left_on="item_date", right_on="period_start", by="rule_id")
        .filter(pl.col("item_date") <= pl.col("period_end"))
    )
    actual = matched.group_by(["unit_code", "rule_id", "period_start"]).agg(pl.col("n").sum().alias("actual"))
    out = (
        pairs.join(periods, on="rule_id")
        .join(actual, on=["unit_code", "rule_id", "period_start"], how="left")
        .with_columns(pl.col("actual").fill_null(0))
    )
    status = (
        pl.when(pl.col("actual") >= pl.col("min_count"))
        .then(pl.lit("Đạt"))
        .when(pl.col("period_start") > as_of)
        .then(pl.lit("Chưa đến kỳ"))
        .when(pl.col("period_end") < as_of)
        .then(pl.lit("Chưa đạt"))
        .otherwise(pl.lit("Đang thực hiện"))
    )
    return out.with_columns(status.alias("status")).select(
        "unit_code",
        "unit_kind",
        pl.col("rule_id").alias("rule"),
        "period_start",
        "period_end",
        pl.col("min_count").alias("required"),
        "actual",
        "status",
    )


def rollup(rows: pl.DataFrame, as_of: date) -> pl.DataFrame:
    """Rule-periods due and met per unit kind x judged month (as the pandas baseline)."""
    judged = (
        pl.when(pl.col("period_end") < as_of)
        .then(pl.col("period_end"))
        .when(pl.col("period_start") > as_of)
        .then(pl.col("period_start"))
        .otherwise(pl.lit(as_of))
    )
    return (
        rows.with_columns(
            judged.dt.truncate("1mo").alias("month"),
            (pl.col("status") != "Chưa đến kỳ").cast(pl.Int64).alias("due"),
            (pl.col("status") == "Đạt").cast(pl.Int64).alias("met"),
        )
        .group_by(["unit_kind", "month"])
        .agg(pl.col("due").sum(), pl.col("met").sum())
    )
