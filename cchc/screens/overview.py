"""Tổng quan Thành phố as data: one read of the fulfillment rows per (year, month, as-of, scope),
from which every section is derived with cchc.quotas. The unit-kind picker applies to every
section but two, which say so: the share per unit kind and the map of communes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import duckdb
import pandas as pd

from cchc import provinces
from cchc.periods import parse_period
from cchc.quotas import numbers, rollups, summary
from cchc.quotas.summary import MonthSummary
from cchc.vocab import UNIT_KINDS

HEATMAP_ROWS = 60  # beyond this the chart stops being readable; a toggle shows every unit
LAGGARDS = 15
RANKED = 10


def rows(
    con: duckdb.DuckDBPyConnection,
    year: int,
    as_of: date,
    *,
    province: str | None = None,
    units: Sequence[str] | None = None,
) -> pd.DataFrame:
    """The one fulfillment read of an overview (pages cache it, so another month of the same
    year reads nothing): the rule-periods judged in `year` and the December before, of the
    units of `province` (every province: None) among `units`."""
    return summary.year_rows(con, year, as_of, units=provinces.within(con, province, units))


def kind_units(
    con: duckdb.DuckDBPyConnection,
    kind: str | None = None,
    *,
    province: str | None = None,
    units: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Code, name, kind and coordinates of the units of `kind` (all kinds: None) the user may
    see, of `province` when given."""
    within = provinces.within(con, province, units)
    return summary.units_list(con, kinds=None if kind is None else [kind], units=within)


def items(
    con: duckdb.DuckDBPyConnection,
    year: int,
    kind: str,
    *,
    province: str | None = None,
    units: Sequence[str] | None = None,
) -> pd.DataFrame:
    """New items per month and channel in `year`, of the units of `kind` among `units`."""
    codes = kind_units(con, kind, province=province, units=units)["code"].tolist()
    return summary.items_by_month(con, parse_period(str(year)), codes)


def month_items(
    con: duckdb.DuckDBPyConnection,
    year: int,
    month: int,
    kind: str,
    *,
    province: str | None = None,
    units: Sequence[str] | None = None,
) -> tuple[int, int]:
    """New items of the units of `kind` in a month and in the month before."""
    return _month_items(
        con, year, month, kind_units(con, kind, province=province, units=units)["code"].tolist()
    )


def _month_items(con: duckdb.DuckDBPyConnection, year: int, month: int, codes: list[str]) -> tuple[int, int]:
    """New items of the units `codes` in a month and in the month before, read at once."""
    before = summary.previous_month(year, month)
    counts = summary.items_by_month(
        con, parse_period(f"{before[0]}-{before[1]:02d}..{year}-{month:02d}"), codes
    )
    per_month = counts.groupby("month")["items"].sum()
    return int(per_month.get(pd.Timestamp(year, month, 1), 0)), int(
        per_month.get(pd.Timestamp(*before, 1), 0)
    )


@dataclass(frozen=True)
class Overview:
    """Every section of the overview for one month and one unit kind."""

    year: int
    month: int
    kind: str
    now: MonthSummary
    prev: MonthSummary
    heat: pd.DataFrame  # units of the kind x months of the year
    by_kind: pd.DataFrame  # share met per unit kind in the month (every kind)
    top: pd.DataFrame
    bottom: pd.DataFrame
    laggards: pd.DataFrame

    @property
    def kind_label(self) -> str:
        return UNIT_KINDS[self.kind]


def overview(
    all_rows: pd.DataFrame, year: int, month: int, kind: str, items_now: int = 0, items_prev: int = 0
) -> Overview:
    """The overview's sections from the rows of `rows()` (pure: no database)."""
    return sections(all_rows, summary.unit_months_of(all_rows), year, month, kind, items_now, items_prev)


def sections(
    all_rows: pd.DataFrame,
    grid: pd.DataFrame,
    year: int,
    month: int,
    kind: str,
    items_now: int = 0,
    items_prev: int = 0,
) -> Overview:
    """overview() from the rows and their units x months grid (summary.unit_months_of), counted
    once: each section takes its units and months from the grid instead of counting the rows
    again (at national scale, 106,000 rows, about 0.1 s less for the whole page)."""
    mine = grid[grid["unit_kind"] == kind]
    now = summary.month_units(mine, year, month)
    heat = summary.heatmap_of_grid(mine, year)
    top, bottom = numbers.ranking(heat, RANKED)
    judged_now = (all_rows["month"] == pd.Timestamp(year, month, 1)) & (all_rows["unit_kind"] == kind)
    short = all_rows.loc[judged_now & numbers.is_short(all_rows), ["unit_code", "rule_label"]]
    return Overview(
        year=year,
        month=month,
        kind=kind,
        now=summary.summary_of_units(now, items_now),
        prev=summary.summary_of_units(
            summary.month_units(mine, *summary.previous_month(year, month)), items_prev
        ),
        heat=heat,
        by_kind=rollups.share_by_kind_of(summary.month_units(grid, year, month)),
        top=top,
        bottom=bottom,
        laggards=summary.laggards_among(now, short, LAGGARDS),
    )


def page(
    con: duckdb.DuckDBPyConnection,
    year: int,
    month: int,
    kind: str,
    as_of: date,
    *,
    province: str | None = None,
    units: Sequence[str] | None = None,
) -> tuple[Overview, pd.DataFrame]:
    """Everything the overview page draws from the fulfillment rows: its sections and the
    communes' map points, from one read. Pages cache this small answer rather than the rows
    (about 100k at national scale): a cached hit then copies a few thousand rows instead of
    recomputing every section from the rows on each visit (0.15–0.25 s at national scale)."""
    scope = provinces.within(con, province, units)  # once: every read below is narrowed to it
    year_rows = summary.year_rows(con, year, as_of, units=scope)
    everyone = summary.units_list(con, units=scope)  # every kind: the kind's and the communes
    counted = _month_items(con, year, month, everyone.loc[everyone["kind"] == kind, "code"].tolist())
    communes = everyone[everyone["kind"] == "commune"]
    grid = summary.unit_months_of(year_rows)
    return sections(year_rows, grid, year, month, kind, *counted), points_of(grid, communes, year, month)


def heat_shown(heat: pd.DataFrame, show_all: bool) -> pd.DataFrame:
    """The heat map's rows: every unit, or the HEATMAP_ROWS lowest of the year so far."""
    if show_all or heat["unit_code"].nunique() <= HEATMAP_ROWS:
        return heat
    worst = heat.groupby("unit_code")["share_met"].mean().nsmallest(HEATMAP_ROWS).index
    return heat[heat["unit_code"].isin(worst)]


def points_of(grid: pd.DataFrame, coords: pd.DataFrame, year: int, month: int) -> pd.DataFrame:
    """Communes with coordinates and the share of their rule-periods met in a month, from the
    units x months grid of summary.unit_months_of."""
    judged = (grid["unit_kind"] == "commune") & (grid["month"] == pd.Timestamp(year, month, 1))
    out = (
        grid[judged]
        .merge(coords[["code", "lat", "lon"]], left_on="unit_code", right_on="code")
        .drop(columns="code")
    )
    return out.dropna(subset=["lat", "lon"]).reset_index(drop=True)


def commune_points(
    con: duckdb.DuckDBPyConnection,
    year: int,
    month: int,
    as_of: date,
    units: Sequence[str] | None = None,
    *,
    province: str | None = None,
) -> pd.DataFrame:
    """Communes with coordinates and the share of their rule-periods met in that month."""
    return points_of(
        summary.unit_months_of(rows(con, year, as_of, province=province, units=units)),
        kind_units(con, "commune", province=province, units=units),
        year,
        month,
    )
