"""One number, one definition: on the demo database, the overview, the unit pages, Đôn đốc, Báo cáo
and the CLI give the same met / due / missing / share for the same unit and period."""

from __future__ import annotations

import io
import subprocess
import sys
from datetime import date as d
from pathlib import Path

import pandas as pd
import pytest

from cchc import db
from cchc.periods import parse_period
from cchc.quotas import numbers, rollups, summary
from cchc.screens import overview, reminders, report
from cchc.screens import unit as unit_screen
from cchc.setup import init_database

ROOT = Path(__file__).resolve().parent.parent
AS_OF = d(2026, 11, 29)
KINDS = ("commune", "department", "central_agency", "public_service", "ward_office")
# A month over, the current month (its last ISO week belongs to December), a month not started.
MONTHS = ((2026, 6), (2026, 11), (2026, 12))
KEY = ["unit_code", "rule", "period_start"]
ARGS = ("--as-of", AS_OF.isoformat(), "--format", "csv")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    init_database(path, demo=True).close()
    return path


@pytest.fixture(scope="module")
def cli(demo: Path) -> dict[str, pd.DataFrame]:
    """The CLI's CSV for each month and quarter, every unit (run before the tests open the file)."""
    out = {}
    for spec in {*(f"{y}-{m:02d}" for y, m in MONTHS), "2026-Q2", "2026-Q4"}:
        done = subprocess.run(
            [sys.executable, *("-m", "cchc", "fulfillment", "--db", str(demo), "--period", spec), *ARGS],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        )
        frame = pd.read_csv(io.StringIO(done.stdout), dtype={"unit_code": str})
        frame["period_start"] = pd.to_datetime(frame["period_start"])
        frame["period_end"] = pd.to_datetime(frame["period_end"])
        out[spec] = frame
    return out


@pytest.fixture(scope="module")
def con(demo: Path, cli: dict[str, pd.DataFrame]):
    connection = db.connect(demo)
    yield connection
    connection.close()


def _figures(rows: pd.DataFrame) -> tuple[int, int, int, float | None]:
    """(met, due, missing, share) of some rule-periods, by the one definition."""
    t = numbers.tally(rows)
    return (t.met, t.due, int(numbers.missing(rows).sum()), t.share)


def _unit_for(con, kind: str) -> str:
    """The unit of `kind` furthest behind in November (or any with something due)."""
    rows = summary.in_month(overview.rows(con, 2026, AS_OF), 2026, 11)
    units = numbers.per_unit(rows[rows["unit_kind"] == kind])
    units = units[units["due"] > 0]
    behind = numbers.behind(units)
    return str((behind if len(behind) else units).iloc[0]["unit_code"])


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(("year", "month"), MONTHS)
def test_every_page_gives_the_same_figures(con, cli, kind, year, month):
    code = _unit_for(con, kind)
    spec = f"{year}-{month:02d}"
    period = parse_period(spec)

    # The CLI's rows, judged in the month by the one rule.
    cli_rows = numbers.judged_in(cli[spec][cli[spec]["unit_code"] == code], period.start, period.end, AS_OF)
    expected = _figures(cli_rows)

    # The overview: the unit's cell and reminder row, and the headline of its kind.
    ov = overview.overview(overview.rows(con, year, AS_OF), year, month, kind)
    month_rows = summary.in_month(overview.rows(con, year, AS_OF), year, month)
    mine = month_rows[month_rows["unit_code"] == code]
    assert _figures(mine) == expected
    # The table shows the 15 furthest behind; every unit's row comes from the same function.
    every = summary.laggards_of(month_rows[month_rows["unit_kind"] == kind], limit=10**6)
    shown = ov.laggards.set_index("unit_code")["missing_items"].to_dict()
    lag = every.set_index("unit_code")["missing_items"].to_dict()
    assert shown == {c: lag[c] for c in shown}
    assert lag.get(code, 0) == expected[2]
    kind_rows = month_rows[month_rows["unit_kind"] == kind]
    assert ov.now.share_met == numbers.tally(kind_rows).share
    assert ov.now.units == numbers.headline(kind_rows).units

    # The unit page.
    page = unit_screen.unit_report(con, code, year, month, AS_OF)
    assert page is not None and (page.month_tally.met, page.month_tally.due) == expected[:2]

    # Đôn đốc: the same unit, its missing items and the list's figures.
    found = reminders.reminders(con, year, month, AS_OF, "all", code, numbers.SHORT)
    assert (found.head.met, found.head.due, found.missing, found.head.share_met) == expected
    assert len(found.units) == (1 if expected[2] or (numbers.is_short(cli_rows)).any() else 0)

    # The CLI rows are the pages' rows, status for status.
    merged = cli_rows.merge(mine, on=KEY, suffixes=("_cli", ""))
    assert len(merged) == len(cli_rows) == len(mine)
    assert (merged["status_cli"] == merged["status"]).all()
    assert (merged["actual_cli"] == merged["actual"]).all()


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("quarter", ["2026-Q2", "2026-Q4"])
def test_the_report_agrees_with_the_cli(con, cli, kind, quarter):
    code = _unit_for(con, kind)
    period = parse_period(quarter)
    data = report.report(con, quarter, AS_OF, "all", code)
    periods = dict(con.execute("select rule_id, period from quota_rules").fetchall())  # not in the CSV
    listed = cli[quarter][cli[quarter]["unit_code"] == code]
    cli_rows = numbers.in_report(listed.assign(period=listed["rule"].map(periods)), period.start, period.end)
    met, due, missing, share = _figures(cli_rows)
    s = data.summary
    assert (s["met"], s["rule_periods_due"], s["share_met"]) == (met, due, share)
    assert int(data.by_unit["missing"].sum()) == int(data.detail["missing"].sum()) == missing


def test_the_november_week_of_december_is_missing_nowhere(con):
    """Issue 10: the overview counted 30/11–06/12 as missing (8 and 4 where Đôn đốc said 6 and 3)."""
    ov = overview.overview(overview.rows(con, 2026, AS_OF), 2026, 11, "department")
    found = reminders.reminders(con, 2026, 11, AS_OF, "department", "", numbers.SHORT)
    got = ov.laggards.set_index("unit_code")["missing_items"]
    want = found.units.set_index("unit_code")["missing"]
    assert got.to_dict() == want.to_dict()
    assert (got["HN-PVHCC"], got["HN-SKHCN"]) == (6, 3)
    assert not (found.detail["period_start"] > pd.Timestamp(AS_OF)).any()


@pytest.mark.parametrize("kind", KINDS)
def test_commend_and_remind_never_share_a_unit(con, kind):
    ov = overview.overview(overview.rows(con, 2026, AS_OF), 2026, 11, kind)
    assert not set(ov.top["unit_code"]) & set(ov.bottom["unit_code"])


def test_a_kind_without_quotas_has_no_headline(con):
    """2025 x departments: no department quota; Bạch Mai's 1/1 and 100% belong to communes."""
    rows = overview.rows(con, 2025, AS_OF)
    departments = overview.overview(rows, 2025, 11, "department")
    assert (departments.now.units, departments.now.share_met) == (0, None)
    assert departments.laggards.empty and departments.top.empty
    assert overview.overview(rows, 2025, 11, "commune").now.units == 1


@pytest.mark.parametrize("kind", ("commune", "department"))
def test_the_pages_one_cached_answer_is_its_sections_and_map(con, kind):
    """pages/overview.py caches screen.page: the same sections and map points as the rows read
    once and derived by overview(), and each commune's share of its month's rows."""
    ov, points = overview.page(con, 2026, 11, kind, AS_OF)
    rows = overview.rows(con, 2026, AS_OF)
    expected = overview.overview(rows, 2026, 11, kind, *overview.month_items(con, 2026, 11, kind))
    assert ov.now == expected.now and ov.prev == expected.prev
    assert ov.now.units > 0
    for name in ("heat", "by_kind", "top", "bottom", "laggards"):
        pd.testing.assert_frame_equal(getattr(ov, name), getattr(expected, name))
    # each commune's share from its own month's rows, as the map was drawn before the grid
    communes = summary.in_month(rows[rows["unit_kind"] == "commune"], 2026, 11)
    want = summary.unit_months_of(communes).set_index("unit_code")["share_met"]
    assert points.set_index("unit_code")["share_met"].to_dict() == want[points["unit_code"]].to_dict()
    placed = overview.kind_units(con, "commune").dropna(subset=["lat", "lon"])["code"]
    assert set(points["unit_code"]) == set(want.index) & set(placed)  # every commune with a place
    assert len(points) > 0


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(("year", "month"), ((2026, 1), (2026, 6), (2026, 11)))
def test_the_overviews_sections_from_its_grid_are_those_of_the_rows(con, kind, year, month):
    """overview() counts the rows once (a units x months grid) and takes every section from it;
    each must be what the section's own function gives from the month's rows."""
    rows = overview.rows(con, year, AS_OF)
    ov = overview.overview(rows, year, month, kind, 7, 5)
    mine = rows[rows["unit_kind"] == kind]
    now = summary.in_month(mine, year, month)
    assert ov.now == summary.summary_of(now, 7)
    assert ov.prev == summary.summary_of(summary.in_month(mine, *summary.previous_month(year, month)), 5)
    expected = {
        "heat": summary.heatmap_of(mine, year),
        "by_kind": rollups.share_by_kind(summary.in_month(rows, year, month)),
        "laggards": summary.laggards_of(now, overview.LAGGARDS),
    }
    for name, frame in expected.items():
        got = getattr(ov, name)
        if got.empty or frame.empty:  # an empty frame's columns may differ in dtype only
            assert got.empty and frame.empty and list(got.columns) == list(frame.columns), name
        else:
            pd.testing.assert_frame_equal(got, frame, obj=name)
    if kind == "commune" and month > 1:  # the demo's logs begin in March 2026: January is empty
        assert ov.now.units > 0 and not ov.heat.empty and not ov.laggards.empty
