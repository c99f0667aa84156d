"""Given rows → expected rows for the kept fulfillment queries (queries/quotas/kept_*.sql and
fulfillment_kept.sql); tests/test_kept.py compares the kept answers with fulfillment.sql."""

from __future__ import annotations

from datetime import date as d

import duckdb
import pytest

from cchc import db
from cchc.quotas.kept import WHOLE
from tests.sql.sqlcase import SqlCase, run_case
from tests.sql.test_quotas_queries import CASES as QUOTA_CASES
from tests.sql.test_quotas_queries import NOV, PLANS, UNITS, counts, rule


def kept(
    unit: str, rule_id: str, start: d, end: d, actual: int, days: dict[d, int] | None = None
) -> dict[str, object]:
    """A kept row; `days`: the counts by day (None: no items)."""
    return {
        "unit_code": unit,
        "rule_id": rule_id,
        "period_start": start,
        "period_end": end,
        "actual": actual,
        "days": None if days is None else list(days),
        "day_counts": None if days is None else list(days.values()),
    }


def kept_days(unit: str, rule_id: str, start: d, days: dict[d, int]) -> list[dict[str, object]]:
    """The kept days of a kept row: its counts by day."""
    return [
        {"unit_code": unit, "rule_id": rule_id, "period_start": start, "day": day, "n": n}
        for day, n in days.items()
    ]


def stamp(unit: str, last_item: d | None = None, generation: int = 1) -> dict[str, object]:
    return {
        "unit_code": unit,
        "unit_digest": 1,
        "count_rows": 1,
        "items": 1,
        "count_digest": 1,
        "last_item": last_item,
        "generation": generation,
    }


FULFILLMENT = QUOTA_CASES["quotas/fulfillment"]
WEEKS = [(d(2026, 10, 26), 0), (d(2026, 11, 2), 0), (d(2026, 11, 9), 0), (d(2026, 11, 16), 0)]


def _rows(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[object, ...]]:
    # table names come from this file's literals, never input
    return con.execute(f"select * from {table} order by all").fetchall()


def _only_s_kept(con: duckdb.DuckDBPyConnection) -> None:
    assert [r[0] for r in _rows(con, "kept_fulfillment")] == ["S"]
    assert [r[0] for r in _rows(con, "kept_days")] == ["A", "S"]  # only the table named
    db.execute(con, "quotas/kept_delete", {"units": ["A"], "bounds": ["A"], "table": "kept_days"})
    assert [r[0] for r in _rows(con, "kept_days")] == ["S"]


def _only_s_stamped(con: duckdb.DuckDBPyConnection) -> None:
    assert [r[0] for r in _rows(con, "kept_units")] == ["S"]


# A's yearly row over the rule's whole window: every published item, the one after any as-of day
# included, with its days ascending and their counts.
A_WHOLE_ROW = (
    "A",
    "y",
    d(2026, 3, 1),
    d(2026, 12, 31),
    4,
    [d(2026, 6, 1), d(2026, 11, 3), d(2026, 12, 30)],
    [2, 1, 1],
)


def _a_computed_whole_window(con: duckdb.DuckDBPyConnection) -> None:
    # computed, nothing stored yet
    assert _rows(con, "kept_new") == [A_WHOLE_ROW]
    assert _rows(con, "kept_fulfillment") == [("S", "w", d(2026, 11, 2), d(2026, 11, 8), 9, None, None)]


def _a_kept(con: duckdb.DuckDBPyConnection) -> None:
    # the row with its days ascending and their counts (what a read on a file sums up to its
    # as-of day), beside S's kept before
    assert _rows(con, "kept_fulfillment") == [
        A_WHOLE_ROW,
        ("S", "w", d(2026, 11, 2), d(2026, 11, 8), 9, None, None),
    ]


def _a_days_kept(con: duckdb.DuckDBPyConnection) -> None:
    # a row per day counted (what a read on PostgreSQL as of a day before some of them
    # subtracts), beside S's
    assert _rows(con, "kept_days") == [
        ("A", "y", d(2026, 3, 1), d(2026, 6, 1), 2),
        ("A", "y", d(2026, 3, 1), d(2026, 11, 3), 1),
        ("A", "y", d(2026, 3, 1), d(2026, 12, 30), 1),
        ("S", "w", d(2026, 11, 2), d(2026, 11, 3), 9),
    ]


def _computed_dropped(con: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(duckdb.CatalogException):
        _rows(con, "kept_new")


def _a_stamped(con: duckdb.DuckDBPyConnection) -> None:
    rows = [(r[0], r[2], r[3], r[5]) for r in _rows(con, "kept_units")]
    assert rows == [("A", 3, 4, d(2026, 11, 30)), ("A-VP", None, None, None)]
    assert all(r[1] is not None for r in _rows(con, "kept_units"))  # unit digests
    assert [r[6] for r in _rows(con, "kept_units")] == [7, 7]  # the refresh's one new generation


def _no_rules_kept(con: duckdb.DuckDBPyConnection) -> None:
    assert _rows(con, "kept_rules") == []


def _rules_kept(con: duckdb.DuckDBPyConnection) -> None:
    rows = _rows(con, "kept_rules")
    assert [r[0] for r in rows] == ["m", "y"] and rows[0][1] != rows[1][1]


def _sources_change_with_counts(con: duckdb.DuckDBPyConnection) -> None:
    cur = con.cursor()
    before, stored = db.execute(cur, "quotas/kept_sources", {"key": "kept_sources"})[0]
    assert stored == "stored-before"
    cur.execute("insert into item_counts values ('A', 'radio', 'news', true, date '2026-11-05', 1)")
    assert db.execute(cur, "quotas/kept_sources", {"key": "kept_sources"})[0][0] != before
    cur.execute("update quota_rules set period = 'month'")
    assert len(set(db.execute(cur, "quotas/kept_sources", {"key": "x"})[0][0].split(":"))) > 1


def _unit_sources(con: duckdb.DuckDBPyConnection) -> None:
    rows = db.execute(con.cursor(), "quotas/kept_unit_sources", {"units": ["A", "Z"]})
    # A's counts (2 rows, 3 items, newest 30/11); Z has counts but is no unit.
    assert [(r[0], r[1] is None, r[2], r[3], r[5]) for r in rows] == [
        ("A", False, 2, 3, d(2026, 11, 30)),
        ("Z", True, 1, 1, d(2026, 11, 2)),
    ]


def _scope_versions(con: duckdb.DuckDBPyConnection) -> None:
    def version(units: list[str]) -> list[str]:
        return str(db.execute(con.cursor(), "quotas/kept_scope_version", {"units": units})[0][0]).split(":")

    a, s, both = version(["A"]), version(["S"]), version(["A", "S"])
    assert (a[0], s[0], both[0]) == ("5", "9", "9")  # the newest generation of the scope's units
    assert a[1:] == s[1:]  # the rest is the same for every scope
    con.execute("update quota_rules set label = 'Nhãn mới'")  # a label is shown: a new version
    assert version(["A"])[0] == "5" and version(["A"])[1:] != a[1:]


# The kept rows (unit, rule, start, end, actual, counts by day) of the fulfillment case.
KEPT_ROWS: list[tuple[str, str, d, d, int, dict[d, int] | None]] = [
    ("A", "m", d(2026, 11, 1), d(2026, 11, 30), 2, {d(2026, 11, 3): 1, d(2026, 11, 30): 1}),
    ("A", "m", d(2026, 10, 1), d(2026, 10, 31), 0, None),  # another month: not listed
    ("A", "y", d(2026, 3, 1), d(2026, 12, 31), 4, {d(2026, 6, 1): 2, d(2026, 11, 3): 1, d(2026, 11, 30): 1}),
    *(("S", "w", s, d.fromordinal(s.toordinal() + 6), n, None) for s, n in WEEKS),
    ("S", "w", d(2026, 11, 23), d(2026, 11, 29), 3, {d(2026, 11, 24): 2, d(2026, 11, 26): 1}),
    ("S", "w", d(2026, 11, 30), d(2026, 12, 6), 1, {d(2026, 11, 30): 1}),
]

KEPT_GIVEN: dict[str, list[dict[str, object]]] = {
    **FULFILLMENT.given,
    "kept_fulfillment": [kept(*row) for row in KEPT_ROWS],
    "kept_days": [
        day for u, r, start, _, _, days in KEPT_ROWS if days for day in kept_days(u, r, start, days)
    ],
    "kept_units": [stamp("A", d(2026, 11, 30)), stamp("S", d(2026, 11, 26))],
}


# kept_counts.sql's rows for the fulfillment case: unit, rule, period and its count as of the day.
KEPT_COUNTS = [(r[0], r[5], r[11], r[12], r[14]) for r in FULFILLMENT.expected]


# A's items for its yearly rule over the rule's whole window; S kept before.
A_COUNTED: dict[str, list[dict[str, object]]] = {
    "units": UNITS,
    "plans": PLANS[:1],
    "quota_rules": [rule("y", "year", basis="published")],
    "item_counts": [
        counts("A", d(2026, 6, 1), 2),
        counts("A", d(2026, 7, 1), 1, published=False),  # not published: not for 'y'
        counts("A", d(2026, 11, 3)),
        counts("A", d(2026, 12, 30)),
        counts("A", d(2026, 2, 1)),  # before the rule's window
    ],
    "kept_fulfillment": [kept("S", "w", d(2026, 11, 2), d(2026, 11, 8), 9)],
    "kept_days": kept_days("S", "w", d(2026, 11, 2), {d(2026, 11, 3): 9}),
}
A_WHOLE = {**WHOLE, "units": ["A"]}


CASES: dict[str, SqlCase] = {
    # The fulfillment case, read from kept rows: A's monthly and yearly rows count 30/11 (after
    # as_of) in the kept table and not in the answer (their days say when); S's week ending on
    # the as-of day counts all it kept, its unstarted week nothing (whatever was kept).
    "quotas/fulfillment_kept": SqlCase(
        given=KEPT_GIVEN,
        params=NOV,
        expected=FULFILLMENT.expected,
    ),
    # The same rows, in no order (the roll-up and fulfillment_kept.sql read them).
    "quotas/kept_as_of": SqlCase(
        given=KEPT_GIVEN,
        params=NOV,
        expected=FULFILLMENT.expected,
        ordered=False,
    ),
    # Their counts as of the day, from the lists (a file) …
    "quotas/kept_counts": SqlCase(given=KEPT_GIVEN, params=NOV, expected=KEPT_COUNTS, ordered=False),
    # … and from kept_days (what PostgreSQL reads): the same rows.
    "server/kept_counts": SqlCase(given=KEPT_GIVEN, params=NOV, expected=KEPT_COUNTS, ordered=False),
    # Per unit kind x the month that judges each rule-period: October's month of A is over and
    # unmet; S's week of 26/10-01/11 is judged in November (its last day), its week of 30/11 is
    # not due yet (judged by its first day), the running ones in the as-of month.
    "quotas/rollup_kind_month": SqlCase(
        given=KEPT_GIVEN,
        params={**NOV, "date_from": d(2026, 10, 1)},
        expected=[
            ("commune", d(2026, 10, 1), 1, 0),
            ("commune", d(2026, 11, 1), 2, 2),
            ("department", d(2026, 11, 1), 5, 1),
        ],
    ),
    "quotas/kept_sources": SqlCase(
        given={
            "units": UNITS,
            "plans": PLANS[:1],
            "quota_rules": [rule("y", "year")],
            "meta": [{"key": "kept_sources", "value": "stored-before"}],
        },
        params={"key": "kept_sources"},
        check=_sources_change_with_counts,
    ),
    "quotas/kept_unit_sources": SqlCase(
        given={
            "units": UNITS,
            "item_counts": [
                counts("A", d(2026, 11, 3), 2),
                counts("A", d(2026, 11, 30)),
                counts("S", d(2026, 11, 3)),  # not asked for
                counts("Z", d(2026, 11, 2)),
            ],
        },
        params={"units": ["A", "Z"]},
        check=_unit_sources,
    ),
    # Nothing kept yet: every unit is stale; a kept row of a rule that is gone makes its unit stale.
    "quotas/kept_stale_units": SqlCase(
        given={
            "units": UNITS[:1],
            "kept_fulfillment": [kept("GONE", "old", d(2026, 1, 1), d(2026, 1, 31), 0)],
        },
        params={"units": None},
        expected=[("A",), ("GONE",)],
    ),
    "quotas/kept_scope_version": SqlCase(
        given={
            "units": UNITS,
            "plans": PLANS[:1],
            "quota_rules": [rule("y", "year")],
            "kept_units": [stamp("A", generation=5), stamp("S", generation=9)],
        },
        params={"units": ["A"]},
        check=_scope_versions,
    ),
    "quotas/kept_delete": SqlCase(
        given={
            "kept_fulfillment": [
                kept("A", "m", d(2026, 11, 1), d(2026, 11, 30), 2),
                kept("S", "m", d(2026, 11, 1), d(2026, 11, 30), 1),
            ],
            "kept_days": [
                *kept_days("A", "m", d(2026, 11, 1), {d(2026, 11, 3): 1}),
                *kept_days("S", "m", d(2026, 11, 1), {d(2026, 11, 3): 2}),
            ],
        },
        params={"units": ["A"], "bounds": ["A"], "table": "kept_fulfillment"},
        check=_only_s_kept,
    ),
    "quotas/kept_units_delete": SqlCase(
        given={"kept_units": [stamp("A"), stamp("S")]},
        params={"units": ["A"]},
        check=_only_s_stamped,
    ),
    "quotas/kept_new": SqlCase(given=A_COUNTED, params=A_WHOLE, check=_a_computed_whole_window),
    "quotas/kept_insert": SqlCase(given=A_COUNTED, before=[("quotas/kept_new", A_WHOLE)], check=_a_kept),
    "quotas/kept_days_insert": SqlCase(
        given=A_COUNTED, before=[("quotas/kept_new", A_WHOLE)], check=_a_days_kept
    ),
    "quotas/kept_new_drop": SqlCase(
        given=A_COUNTED, before=[("quotas/kept_new", A_WHOLE)], check=_computed_dropped
    ),
    "quotas/kept_units_insert": SqlCase(
        given={
            "units": UNITS[:2],
            "item_counts": [
                counts("A", d(2026, 11, 3), 2),
                counts("A", d(2026, 11, 30)),
                counts("A", d(2026, 11, 30), 1, channel="radio"),
                counts("S", d(2026, 11, 3)),
            ],
        },
        params={"units": ["A", "A-VP"], "generation": 7},
        check=_a_stamped,
    ),
    "quotas/kept_rules_delete": SqlCase(
        given={"kept_rules": [{"rule_id": "m", "digest": 1}]},
        check=_no_rules_kept,
    ),
    "quotas/kept_rules_insert": SqlCase(
        given={"plans": PLANS[:1], "quota_rules": [rule("m", "month"), rule("y", "year")]},
        check=_rules_kept,
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_kept_query(name: str, tmp_path) -> None:
    run_case(name, CASES[name], tmp_path)
