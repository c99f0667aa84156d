"""Plans as the task tables see them: dates for parsing deadlines, the issuer for units."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

import duckdb
import pandas as pd

from cchc import db
from cchc.tasks.assignees import UnitRef, UnitResolver
from cchc.tasks.deadlines import Deadline, parse_deadline
from cchc.tasks.occurrences import occurrences
from cchc.text import fold


class UnknownPlan(ValueError):
    """No plan (or more than one) answers to the code or number given."""


@dataclass(frozen=True)
class PlanContext:
    """What parsing a plan's deadlines and units needs."""

    plan_code: str
    number: str | None
    title: str
    issuer: UnitRef
    province: str | None
    issued_on: date | None
    period_start: date
    period_end: date
    parent_issued_on: date | None = None
    quotas_from: date | None = None

    @property
    def is_city_plan(self) -> bool:
        return self.issuer.kind == "city"

    @property
    def timeline_start(self) -> date:
        """First day recurring occurrences may start: the plan's monitoring start.

        That is the first day of its quotas (data/quota_rules.csv: 01/03/2026 for the city plan,
        01/08/2025 for Bạch Mai), else the month the plan (or, when its own date is blank, its
        parent) was issued, never before the plan period: a plan cannot ask for months before
        it existed. Occurrences run from here to the end of the plan period.
        """
        if self.quotas_from is not None:
            return max(self.period_start, self.quotas_from)
        issued = self.issued_on or self.parent_issued_on
        if issued is not None:
            return min(max(self.period_start, issued.replace(day=1)), self.period_end)
        return self.period_start

    def parse(self, text: str | None) -> Deadline:
        return parse_deadline(
            text or "",
            plan_year=self.period_start.year,
            plan_start=self.period_start,
            plan_end=self.period_end,
            plan_date=self.issued_on,
            parent_plan_date=self.parent_issued_on,
            is_city_plan=self.is_city_plan,
        )

    def occurrences(self, d: Deadline) -> list[tuple[str, date | None, date | None]]:
        """(key, start, due) of each occurrence; one 'once' row with no dates when undetermined."""
        if d.kind in ("recurring", "continuous"):
            found = occurrences(d, self.timeline_start, self.period_end)
            if found:
                return [(start.isoformat(), start, due) for start, due in found]
            return [("once", None, None)]
        found = occurrences(d, self.period_start, self.period_end)
        return [("once", found[0][0], found[0][1])] if found else [("once", None, None)]


def plan_contexts(con: duckdb.DuckDBPyConnection, plan_code: str | None = None) -> list[PlanContext]:
    out = []
    for r in db.run(con, "tasks/task_plan_context", {"plan": plan_code}).to_dict("records"):
        issuer = UnitRef(
            r["issuer_code"] or "", r["issuer_name"] or "", r["issuer_kind"] or "", r["issuer_parent"] or None
        )
        out.append(
            PlanContext(
                plan_code=r["plan_code"],
                number=_str(r["number"]),
                title=r["title"],
                issuer=issuer,
                province=_str(r["issuer_province"]),
                issued_on=as_date(r["issued_on"]),
                period_start=as_date(r["period_start"]),  # type: ignore[arg-type]  # not null in schema
                period_end=as_date(r["period_end"]),  # type: ignore[arg-type]
                parent_issued_on=as_date(r["parent_issued_on"]),
                quotas_from=as_date(r["quotas_from"]),
            )
        )
    return out


def plan_label(code: str, number: str | None, issuer: str | None) -> str:
    """How a plan is named in pickers: '75/KH-UBND · UBND Thành phố (HN-75-2026)'."""
    number = number if isinstance(number, str) and number else "Kế hoạch chưa ghi số"
    return f"{number} · {issuer or code} ({code})"


def upload_targets(con: duckdb.DuckDBPyConnection, units: Sequence[str] | None) -> dict[str, str]:
    """Plans whose task table a user acting for these units (None: any) may upload, with labels:
    any plan for the city, else the plans its own units issued."""
    return {
        p.plan_code: plan_label(p.plan_code, p.number, p.issuer.name)
        for p in plan_contexts(con)
        if units is None or p.issuer.code in units
    }


def resolve_plan(con: duckdb.DuckDBPyConnection, text: str) -> str:
    """A plan code from its code ('HN-75-2026') or its printed number ('75/KH-UBND')."""
    key = fold(text or "")
    plans = plan_contexts(con)
    hits = [p.plan_code for p in plans if fold(p.plan_code) == key]
    hits = hits or [p.plan_code for p in plans if p.number and fold(p.number) == key]
    if len(hits) == 1:
        return hits[0]
    known = "; ".join(f"{p.plan_code}" + (f" ({p.number})" if p.number else "") for p in plans)
    if hits:
        raise UnknownPlan(
            f"số kế hoạch '{text}' trùng ở nhiều kế hoạch: {', '.join(hits)}; hãy dùng mã kế hoạch."
        )
    raise UnknownPlan(f"không tìm thấy kế hoạch '{text}'. Các kế hoạch đã có: {known}.")


def plan_context(con: duckdb.DuckDBPyConnection, plan: str) -> PlanContext:
    return plan_contexts(con, resolve_plan(con, plan))[0]


def unit_resolver(con: duckdb.DuckDBPyConnection, ctx: PlanContext) -> UnitResolver:
    rows = db.execute(con.cursor(), "tasks/task_province_units", {"province": ctx.province})
    return UnitResolver(ctx.issuer, [UnitRef(*r) for r in rows])


def as_date(value: object) -> date | None:
    """A date from what DuckDB/pandas hand back (date, Timestamp, NaT, None)."""
    if value is None or pd.isna(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else pd.Timestamp(value).date()


def _str(value: object) -> str | None:
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)
