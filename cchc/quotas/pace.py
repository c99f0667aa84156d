"""The pace of a quota: how far along a rule-period is against a straight line, and where the
current rate leads (the "Nhịp thực hiện" section of the unit pages). No Streamlit here."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

import duckdb
import pandas as pd

from cchc import db
from cchc.text import vn_number
from cchc.vocab import CHUA_DAT, CHUA_DEN_KY

# Rule-periods with a pace line, month first (as the page's grids): weeks are judged week by week.
PACE_PERIODS = ("month", "quarter", "year", "window")

# Verdicts of the projection "at the current rate" (giữ nhịp hiện tại).
WILL_MEET = "Sẽ đạt"
WILL_MISS = "Sẽ không đạt"
MET = "Đã đạt"


@dataclass(frozen=True)
class Pace:
    """Progress through one rule-period as of a day: expected-so-far on a straight line from 0 at
    the start to `required` at the end, actual so far, and where the current rate leads."""

    start: date
    end: date
    required: int
    actual: int
    days_total: int
    days_elapsed: int
    expected: float
    projected: float
    verdict: str
    on_track: bool | None
    cumulative: tuple[tuple[date, int], ...] = field(default=())

    @property
    def missing(self) -> int:
        return max(self.required - self.actual, 0)

    @property
    def days_left(self) -> int:
        return self.days_total - self.days_elapsed


def pace(
    daily: Mapping[date, int] | Iterable[tuple[date, int]],
    start: date,
    end: date,
    required: int,
    as_of: date,
) -> Pace:
    """Where a rule-period stands on `as_of`, counting the days of `as_of` as elapsed, and the total
    it reaches if items keep coming at the rate seen so far."""
    counts = dict(daily.items() if isinstance(daily, Mapping) else daily)
    days_total = (end - start).days + 1
    days_elapsed = min(max((as_of - start).days + 1, 0), days_total)
    cumulative: list[tuple[date, int]] = []
    running = 0
    for offset in range(days_elapsed):
        day = start + timedelta(days=offset)
        running += int(counts.get(day, 0))
        cumulative.append((day, running))
    actual = running
    expected = required * days_elapsed / days_total
    projected = actual * days_total / days_elapsed if days_elapsed else 0.0
    if days_elapsed == 0:
        verdict, on_track = CHUA_DEN_KY, None
    elif actual >= required:
        verdict, on_track = MET, True
    elif as_of > end:
        verdict, on_track = CHUA_DAT, False
    elif projected >= required:
        verdict, on_track = WILL_MEET, True
    else:
        verdict, on_track = WILL_MISS, False
    return Pace(
        start, end, required, actual, days_total, days_elapsed, expected, projected, verdict, on_track,
        tuple(cumulative),
    )  # fmt: skip


@dataclass(frozen=True)
class RulePace:
    rule: str
    rule_label: str
    period: str
    period_label: str
    pace: Pace

    @property
    def label(self) -> str:
        return f"{self.period_label}: {self.rule_label}"


def unit_paces(
    con: duckdb.DuckDBPyConnection,
    unit: str,
    frame: pd.DataFrame,
    day_from: date,
    day_to: date,
    as_of: date,
) -> list[RulePace]:
    """The pace of each of `unit`'s rule-periods (not weeks) overlapping [day_from, day_to]:
    this month's quotas, and the quarter's, year's and plan window's that hold this month."""
    rows = frame[
        (frame["unit_code"] == unit)
        & frame["period"].isin(PACE_PERIODS)
        & (frame["period_start"] <= day_to)
        & (frame["period_end"] >= day_from)
    ]
    if rows.empty:
        return []
    daily = db.run(
        con,
        "quotas/unit_rule_daily",
        {
            "unit": unit,
            "rules": sorted(set(rows["rule"])),
            "date_from": min(rows["period_start"]),
            "date_to": max(rows["period_end"]),
            "as_of": as_of,
        },
    )
    per_rule: dict[str, dict[date, int]] = {}
    for rule, day, n in zip(
        daily["rule"], pd.to_datetime(daily["item_date"]).dt.date, daily["items"], strict=True
    ):
        per_rule.setdefault(rule, {})[day] = int(n)
    rank = {p: i for i, p in enumerate(PACE_PERIODS)}
    rows = rows.assign(_rank=rows["period"].map(rank)).sort_values(["_rank", "plan", "rule"])
    out = []
    for r in rows.itertuples():
        counts = {d: n for d, n in per_rule.get(r.rule, {}).items() if r.period_start <= d <= r.period_end}
        out.append(
            RulePace(
                r.rule,
                r.rule_label,
                r.period,
                r.period_label,
                pace(counts, r.period_start, r.period_end, int(r.required), as_of),
            )
        )
    return out


def projection_table(paces: Sequence[RulePace]) -> pd.DataFrame:
    """The paces as a table to read: will each quota be met at the current rate."""
    rows = []
    for rp in paces:
        p = rp.pace
        if p.on_track is False and p.verdict == WILL_MISS:
            advice = f"Cần thêm {vn_number(p.missing)} tin/bài trong {vn_number(p.days_left)} ngày còn lại"
        elif p.verdict == CHUA_DAT:
            advice = f"Thiếu {vn_number(p.missing)} tin/bài"
        else:
            advice = ""
        rows.append(
            {
                "Kỳ": rp.period_label,
                "Định mức": rp.rule_label,
                "Đã có": vn_number(p.actual),
                "Cần đạt": vn_number(p.required),
                "Cần có đến nay": vn_number(p.expected, 1),
                "Dự kiến cuối kỳ": vn_number(p.projected, 1) if p.days_elapsed else "—",
                "Dự báo": p.verdict,
                "Ghi chú": advice,
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "Kỳ",
            "Định mức",
            "Đã có",
            "Cần đạt",
            "Cần có đến nay",
            "Dự kiến cuối kỳ",
            "Dự báo",
            "Ghi chú",
        ],
    )
