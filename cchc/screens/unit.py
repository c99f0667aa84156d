"""One unit's page (ward or department) as data: which unit, its quotas, headline numbers and
offices. Grids are in unit_grids, the log in unit_items, tasks in unit_tasks, labels in
unit_labels; the pace line is in cchc.quotas.pace. No Streamlit here."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import duckdb
import pandas as pd

from cchc import db, provinces
from cchc.periods import parse_period
from cchc.quotas import numbers, summary
from cchc.quotas.fulfillment import fulfillment
from cchc.quotas.pace import RulePace, unit_paces
from cchc.screens.unit_items import items
from cchc.screens.unit_labels import column_label, period_label, plan_labels, short_office_name
from cchc.text import fold
from cchc.vocab import UNIT_KINDS

# The two unit screens; the UI knows which page shows each.
WARD, DEPARTMENT = "ward", "department"
WARD_KINDS = ("commune",)
DEPARTMENT_KINDS = ("department", "central_agency", "public_service")
DEFAULT_DEPARTMENT = "HN-SKHCN"
QUOTA_COLUMNS = [
    "unit_code",
    "unit_name",
    "plan",
    "plan_label",
    "rule",
    "rule_label",
    "channel",
    "item_kind",
    "basis",
    "period",
    "period_start",
    "period_end",
    "required",
    "actual",
    "status",
    "period_label",
    "column_label",
]


# --- which unit -------------------------------------------------------------------------------


def unit_options(
    con: duckdb.DuckDBPyConnection, kinds: Sequence[str], *, units: Sequence[str] | None = None
) -> pd.DataFrame:
    """Units of these kinds (and among `units`, the user's scope, when given) for a picker: code,
    name, kind, province, label; kinds in the given order, then the home province's units (what
    a shared name such as Phúc Lợi means first), then the most common province, then names in
    Vietnamese alphabetical order."""
    frame = summary.units_list(con, kinds=list(kinds), units=units)
    if frame.empty:
        return frame.assign(label=pd.Series(dtype=str))
    counts = frame["province"].fillna("").value_counts()
    several = len(counts) > 1
    home = summary.units_list(con, kinds=["city"], units=[provinces.HOME])["province"].tolist()
    frame = frame.assign(
        _kind=frame["kind"].map({k: i for i, k in enumerate(kinds)}),
        _province=frame["province"].fillna("").map(lambda p: (p not in home, -counts[p], fold(p))),
        _name=frame["name"].map(fold),
    ).sort_values(["_kind", "_province", "_name"])
    frame["label"] = [
        f"{name} ({province})" if several and province else name
        for name, province in zip(frame["name"], frame["province"], strict=True)
    ]
    return frame.drop(columns=["_kind", "_province", "_name"]).reset_index(drop=True)


def ward_options(
    con: duckdb.DuckDBPyConnection, *, province: str | None = None, units: Sequence[str] | None = None
) -> pd.DataFrame:
    """The communes the ward page offers (of `province` when given)."""
    return unit_options(con, WARD_KINDS, units=provinces.within(con, province, units))


def department_options(
    con: duckdb.DuckDBPyConnection, *, province: str | None = None, units: Sequence[str] | None = None
) -> pd.DataFrame:
    """The units the department page offers (of `province` when given), labels naming the kind
    of every unit that is not a department ('… · Đơn vị sự nghiệp công lập')."""
    options = unit_options(con, DEPARTMENT_KINDS, units=provinces.within(con, province, units))
    labels = [
        label if kind == "department" else f"{label} · {UNIT_KINDS[kind]}"
        for label, kind in zip(options["label"], options["kind"], strict=True)
    ]
    return options.assign(label=labels)


def pick_unit(codes: Sequence[str], requested: str | None, default: str | None = None) -> str | None:
    """The unit a page shows: the one asked for in the URL if known, else the default, else the first."""
    for code in (requested, default):
        if code and code in codes:
            return code
    return codes[0] if codes else None


def find_unit(con: duckdb.DuckDBPyConnection, code: str) -> dict[str, object] | None:
    """code, name, kind and parent_code of one unit, or None."""
    found = summary.units_list(con, units=[code])
    return None if found.empty else found.iloc[0][["code", "name", "kind", "parent_code"]].to_dict()


def home_screen(unit: Mapping[str, object]) -> tuple[str, str] | None:
    """The screen (WARD or DEPARTMENT) and unit code that show this unit: a ward office is shown
    on its ward's screen."""
    kind = unit.get("kind")
    if kind in WARD_KINDS:
        return WARD, str(unit["code"])
    if kind == "ward_office" and unit.get("parent_code"):
        return WARD, str(unit["parent_code"])
    if kind in DEPARTMENT_KINDS:
        return DEPARTMENT, str(unit["code"])
    return None


@dataclass(frozen=True)
class UnitChoice:
    """Which unit a screen shows for `?unit=`: `code`; `elsewhere` = (screen, code, name) when the
    requested unit belongs on the other screen; `unknown` = the requested code when no unit has it."""

    code: str | None
    elsewhere: tuple[str, str, str] | None = None
    unknown: str | None = None


def choose_unit(
    con: duckdb.DuckDBPyConnection,
    codes: Sequence[str],
    requested: str | None,
    screen: str,
    default: str | None = None,
    *,
    units: Sequence[str] | None = None,
) -> UnitChoice:
    """Resolve `?unit=` among the screen's `codes`; a unit outside `units` (the user's scope) is
    not even named."""
    if not requested or requested in codes:
        return UnitChoice(pick_unit(codes, requested, default))
    found = find_unit(con, requested) if units is None or requested in units else None
    home = home_screen(found) if found else None
    if found is None or home is None:
        return UnitChoice(pick_unit(codes, None, default), unknown=requested)
    if home[0] == screen and home[1] in codes:  # an office: show its ward
        return UnitChoice(home[1])
    return UnitChoice(pick_unit(codes, None, default), elsewhere=(home[0], home[1], str(found["name"])))


# --- quotas -----------------------------------------------------------------------------------


def quotas(con: duckdb.DuckDBPyConnection, codes: Sequence[str], year: int, as_of: date) -> pd.DataFrame:
    """Every rule-period of `codes` in `year` (fulfillment rows) with plan and period labels."""
    frame = fulfillment(con, parse_period(str(year)), as_of, list(codes)) if codes else pd.DataFrame()
    if frame.empty:
        return pd.DataFrame(columns=QUOTA_COLUMNS)
    frame["period_start"] = pd.to_datetime(frame["period_start"]).dt.date
    frame["period_end"] = pd.to_datetime(frame["period_end"]).dt.date
    frame["plan_label"] = frame["plan"].map(plan_labels(con)).fillna(frame["plan"])
    spans = list(zip(frame["period"], frame["period_start"], frame["period_end"], strict=True))
    frame["period_label"] = [period_label(p, s, e) for p, s, e in spans]
    frame["column_label"] = [column_label(p, s, e) for p, s, e in spans]
    return frame.sort_values(["unit_code", "plan", "rule", "period_start"]).reset_index(drop=True)


# --- the whole page's numbers -----------------------------------------------------------------


@dataclass(frozen=True)
class UnitReport:
    """What a unit page shows for one year and month, computed once per data version."""

    code: str
    name: str
    kind: str
    year: int
    month: int
    as_of: date
    quotas: pd.DataFrame
    month_tally: numbers.Tally
    year_tally: numbers.Tally
    items_month: int
    items_prev_month: int
    resent_month: int
    in_depth_month: int
    items_by_month: pd.DataFrame
    paces: list[RulePace]
    offices: pd.DataFrame
    office_quotas: pd.DataFrame

    @property
    def kind_label(self) -> str:
        return UNIT_KINDS.get(self.kind, self.kind)

    def tally_of(self, period: str | None = None, item_kind: str | None = None) -> numbers.Tally:
        """Rule-periods met this year, only of one period kind and/or item kind when given."""
        rows = self.quotas
        if period:
            rows = rows[rows["period"] == period]
        if item_kind:
            rows = rows[rows["item_kind"] == item_kind]
        return numbers.tally(rows)

    @property
    def items_change(self) -> int | None:
        """New items this month minus last month (None when both are nothing)."""
        if not (self.items_month or self.items_prev_month):
            return None
        return self.items_month - self.items_prev_month

    @property
    def has_items(self) -> bool:
        return bool(self.items_by_month["items"].sum()) if not self.items_by_month.empty else False

    def office_tally(self, day: date) -> numbers.Tally:
        """Offices whose every rule-period holding `day` is met, out of offices with one due."""
        rows = self.office_quotas
        if rows.empty:
            return numbers.Tally(0, 0)
        offices = numbers.per_unit(rows[(rows["period_start"] <= day) & (rows["period_end"] >= day)])
        offices = offices[offices["due"] > 0]
        return numbers.Tally(int(offices["all_met"].sum()), len(offices))

    @property
    def month_office_tally(self) -> numbers.Tally:
        """office_tally on the as-of day, or the nearest day of the month shown."""
        period = summary.month_period(self.year, self.month)
        return self.office_tally(min(max(self.as_of, period.start), period.end))

    @property
    def weekly_rules(self) -> list[tuple[str, str]]:
        """(rule, label) of the weekly quotas, in rule order."""
        weekly = self.quotas[self.quotas["period"] == "week"].drop_duplicates("rule")
        return list(zip(weekly["rule"], weekly["rule_label"], strict=True))

    @property
    def pace_shown_first(self) -> str | None:
        """The rule whose pace line the page opens on: the first one behind, else the first."""
        behind = [rp.rule for rp in self.paces if rp.pace.on_track is False]
        ordered = behind or [rp.rule for rp in self.paces]
        return ordered[0] if ordered else None

    @property
    def in_depth_quotas(self) -> pd.DataFrame:
        """The rule-periods of in-depth articles."""
        return self.quotas[self.quotas["item_kind"] == "in_depth"]


def _items_in(con: duckdb.DuckDBPyConnection, unit: str, year: int, month: int) -> int:
    frame = summary.items_by_month(con, summary.month_period(year, month), [unit])
    return int(frame["items"].sum()) if not frame.empty else 0


def _offices(
    con: duckdb.DuckDBPyConnection, unit: str, name: str, year: int, as_of: date, units: Sequence[str] | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The unit's offices among `units` and their rule-periods, offices named without the suffix."""
    offices = db.run(con, "units/unit_offices", {"unit": unit})
    if units is not None:
        offices = offices[offices["code"].isin(list(units))].reset_index(drop=True)
    office_quotas = quotas(con, offices["code"].tolist(), year, as_of)
    if not office_quotas.empty:
        office_quotas["office"] = office_quotas["unit_name"].map(lambda n: short_office_name(n, name))
    return offices, office_quotas


def unit_report(
    con: duckdb.DuckDBPyConnection,
    unit: str,
    year: int,
    month: int,
    as_of: date,
    *,
    units: Sequence[str] | None = None,
) -> UnitReport | None:
    """Everything the ward or department page shows for `unit` (None for an unknown code, or one
    outside `units`, the user's scope, when given); its offices only among `units`."""
    if units is not None and unit not in units:
        return None
    found = summary.units_list(con, units=[unit])
    if found.empty:
        return None
    name, kind = found.at[0, "name"], found.at[0, "kind"]
    frame = quotas(con, [unit], year, as_of)
    period = summary.month_period(year, month)
    log = items(con, [unit], period.start, period.end)
    offices, office_quotas = _offices(con, unit, name, year, as_of, units)
    return UnitReport(
        code=unit,
        name=name,
        kind=kind,
        year=year,
        month=month,
        as_of=as_of,
        quotas=frame,
        month_tally=numbers.tally(numbers.judged_in(frame, period.start, period.end, as_of)),
        year_tally=numbers.tally(frame),
        items_month=_items_in(con, unit, year, month),
        items_prev_month=_items_in(con, unit, *summary.previous_month(year, month)),
        resent_month=int(log["is_duplicate"].sum()),
        in_depth_month=int(((log["item_kind"] == "in_depth") & ~log["is_duplicate"].astype(bool)).sum()),
        items_by_month=summary.items_by_month(con, parse_period(str(year)), [unit]),
        paces=unit_paces(con, unit, frame, period.start, period.end, as_of),
        offices=offices,
        office_quotas=office_quotas,
    )
