"""Given rows → expected rows for every queries/quotas/*.sql file."""

from __future__ import annotations

from datetime import date as d

import duckdb
import pytest

from tests.sql.sqlcase import SqlCase, run_case

UNITS = [
    {"code": "A", "name": "Phường A", "kind": "commune", "parent_code": "HN", "province": "Hà Nội"},
    {
        "code": "A-VP",
        "name": "Văn phòng (Phường A)",
        "kind": "ward_office",
        "parent_code": "A",
        "province": "Hà Nội",
    },
    {"code": "S", "name": "Sở S", "kind": "department", "parent_code": "HN", "province": "Hà Nội"},
    {"code": "HN", "name": "Thành phố Hà Nội", "kind": "city", "parent_code": None, "province": "Hà Nội"},
]
PLANS = [
    {
        "plan_code": "P1",
        "number": "1/KH-UBND",
        "title": "Kế hoạch một",
        "issuer_code": "HN",
        "issued_on": d(2026, 2, 27),
        "period_start": d(2026, 1, 1),
        "period_end": d(2026, 12, 31),
    },
    {
        "plan_code": "P2",
        "number": None,
        "title": "Kế hoạch hai",
        "issuer_code": "A",
        "issued_on": None,
        "period_start": d(2025, 8, 1),
        "period_end": d(2025, 12, 31),
    },
]


def rule(rule_id: str, period: str, **kw: object) -> dict[str, object]:
    return {
        "rule_id": rule_id,
        "plan_code": "P1",
        "label": rule_id,
        "applies_kind": kw.get("kind", "commune"),
        "applies_unit": kw.get("unit"),
        "scope_province": "Hà Nội",
        "scope_parent": None,
        "channel": kw.get("channel", "city_page"),
        "item_kind": kw.get("item_kind", "news"),
        "basis": kw.get("basis", "submitted"),
        "min_count": kw.get("n", 1),
        "period": period,
        "effective_from": kw.get("start", d(2026, 3, 1)),
        "effective_to": kw.get("end", d(2026, 12, 31)),
    }


def counts(unit: str, day: d, n: int = 1, **kw: object) -> dict[str, object]:
    return {
        "unit_code": unit,
        "channel": kw.get("channel", "city_page"),
        "item_kind": kw.get("item_kind", "news"),
        "published": kw.get("published", True),
        "item_date": day,
        "n": n,
    }


def publication(item_id: int, unit: str, day: d, title: str, **kw: object) -> dict[str, object]:
    return {
        "item_id": item_id,
        "batch_id": 1,
        "unit_code": unit,
        "item_date": day,
        "channel": kw.get("channel", "city_page"),
        "item_kind": kw.get("item_kind", "news"),
        "title": title,
        "url": kw.get("url"),
        "status": kw.get("status", "published"),
        "title_key": title.lower(),
        "is_duplicate": kw.get("dup", False),
        "dup_of": kw.get("dup_of"),
        "ever_published": kw.get("published", True),
    }


UNIT_COLUMNS = {"A": ("A", "Phường A", "commune", "HN"), "S": ("S", "Sở S", "department", "HN")}
RULE_COLUMNS = {
    "m": ("P1", "m", "m", "city_page", "news", "submitted", "month"),
    "w": ("P1", "w", "w", "city_page", "news", "submitted", "week"),
    "y": ("P1", "y", "y", "city_page", "news", "published", "year"),
}


def fulfilled(unit: str, rule_id: str, *rest: object) -> tuple[object, ...]:
    """A fulfillment row: the unit's and rule's columns, then start, end, required, actual, status."""
    return (*UNIT_COLUMNS[unit], *RULE_COLUMNS[rule_id], *rest)


NOV = {
    "date_from": d(2026, 11, 1),
    "date_to": d(2026, 11, 30),
    "as_of": d(2026, 11, 29),
    "units": None,
    "with_days": False,
}


def _counts_rebuilt(con: duckdb.DuckDBPyConnection) -> None:
    got = con.execute(
        "select unit_code, channel, published, item_date, n from item_counts order by all"
    ).fetchall()
    # A's two new items of 02/11 (the copy is not counted); S's row was left alone.
    assert got == [("A", "city_page", True, d(2026, 11, 2), 2), ("S", "radio", True, d(2026, 11, 1), 7)]


def _counts_deleted(con: duckdb.DuckDBPyConnection) -> None:
    # A-B lies between the first and last codes given (the bounds) but is not one of them: kept
    assert con.execute("select unit_code from item_counts order by all").fetchall() == [("A-B",), ("S",)]


FULFILLMENT_GIVEN: dict[str, list[dict[str, object]]] = {
    "units": UNITS,
    "plans": PLANS[:1],
    "quota_rules": [
        rule("m", "month"),
        rule("w", "week", kind=None, unit="S", n=2),
        rule("y", "year", basis="published", n=3),
    ],
    "item_counts": [
        counts("A", d(2026, 11, 3)),
        counts("A", d(2026, 11, 30)),  # after as_of: not counted
        counts("A", d(2026, 6, 1), 2, published=True),
        counts("A", d(2026, 7, 1), 1, published=False),  # not published: not for 'y'
        counts("S", d(2026, 11, 24), 2),
        counts("S", d(2026, 11, 26), 1, item_kind="in_depth"),  # in-depth counts as news
    ],
}
FULFILLMENT_EXPECTED = [
    fulfilled("A", "m", d(2026, 11, 1), d(2026, 11, 30), 1, 1, "Đạt"),
    fulfilled("A", "y", d(2026, 3, 1), d(2026, 12, 31), 3, 3, "Đạt"),
    fulfilled("S", "w", d(2026, 10, 26), d(2026, 11, 1), 2, 0, "Chưa đạt"),
    fulfilled("S", "w", d(2026, 11, 2), d(2026, 11, 8), 2, 0, "Chưa đạt"),
    fulfilled("S", "w", d(2026, 11, 9), d(2026, 11, 15), 2, 0, "Chưa đạt"),
    fulfilled("S", "w", d(2026, 11, 16), d(2026, 11, 22), 2, 0, "Chưa đạt"),
    fulfilled("S", "w", d(2026, 11, 23), d(2026, 11, 29), 2, 3, "Đạt"),
    fulfilled("S", "w", d(2026, 11, 30), d(2026, 12, 6), 2, 0, "Chưa đến kỳ"),
]


CASES: dict[str, SqlCase] = {
    # Weekly: the week of 30/11 is listed (it overlaps November) but has not started.
    "quotas/fulfillment": SqlCase(
        given=FULFILLMENT_GIVEN,
        params=NOV,
        expected=FULFILLMENT_EXPECTED,
    ),
    # The same rows with the days counted (dates ascending, a date per item_counts row, and their
    # counts): nothing after as_of, nothing unpublished for the published rule, none: nulls.
    "quotas/fulfillment_days": SqlCase(
        given=FULFILLMENT_GIVEN,
        params={**NOV, "with_days": True},
        ordered=False,
        expected=[
            (*FULFILLMENT_EXPECTED[0], [d(2026, 11, 3)], [1]),
            (*FULFILLMENT_EXPECTED[1], [d(2026, 6, 1), d(2026, 11, 3)], [2, 1]),
            *((*row, None, None) for row in FULFILLMENT_EXPECTED[2:6]),
            (*FULFILLMENT_EXPECTED[6], [d(2026, 11, 24), d(2026, 11, 26)], [2, 1]),
            (*FULFILLMENT_EXPECTED[7], None, None),
        ],
    ),
    "quotas/items_by_month_channel": SqlCase(
        given={
            "item_counts": [
                counts("A", d(2026, 10, 31)),
                counts("A", d(2026, 11, 2), 3),
                counts("S", d(2026, 11, 5), 2, channel="radio"),
            ]
        },
        params={**NOV, "units": ["A", "S"]},
        expected=[(d(2026, 11, 1), "city_page", 3), (d(2026, 11, 1), "radio", 2)],
    ),
    "quotas/refresh_counts_delete": SqlCase(
        given={
            "item_counts": [
                counts("A", d(2026, 11, 2)),
                counts("A-B", d(2026, 11, 2)),
                counts("A-VP", d(2026, 11, 2)),
                counts("S", d(2026, 11, 1)),
            ]
        },
        params={"units": ["A", "A-VP"], "bounds": ["A", "A-VP"]},  # as on PostgreSQL (a file: null)
        check=_counts_deleted,
    ),
    "quotas/refresh_counts_insert": SqlCase(
        given={
            "item_counts": [counts("S", d(2026, 11, 1), 7, channel="radio")],
            "publications": [
                publication(1, "A", d(2026, 11, 2), "Tin 1"),
                publication(2, "A", d(2026, 11, 2), "Tin 2"),
                publication(3, "A", d(2026, 11, 9), "TIN 1", dup=True, dup_of=1),
                publication(4, "S", d(2026, 11, 2), "Tin S"),  # another unit: not recounted
            ],
        },
        params={"units": ["A"], "bounds": None},  # as on a file (PostgreSQL: the units)
        check=_counts_rebuilt,
    ),
    "quotas/reminder_plans": SqlCase(
        given={"units": UNITS, "plans": PLANS},
        params={"plans": ["P1", "P2", "P9"]},
        expected=[
            ("P1", "1/KH-UBND", "Kế hoạch một", d(2026, 2, 27), "Thành phố Hà Nội", "city"),
            ("P2", None, "Kế hoạch hai", None, "Phường A", "commune"),
        ],
    ),
    "quotas/report_duplicates": SqlCase(
        given={
            "units": UNITS,
            "publications": [
                publication(1, "A", d(2026, 10, 20), "Tin 1"),
                publication(2, "A", d(2026, 11, 3), "TIN 1", dup=True, dup_of=1, status="submitted"),
                publication(3, "A", d(2026, 11, 30), "Tin 1!", dup=True, dup_of=1),  # after as_of
                publication(4, "S", d(2026, 11, 4), "Tin S", dup=True, dup_of=None),
            ],
        },
        params={**NOV, "units": ["A", "S"]},
        expected=[
            (
                "A",
                "Phường A",
                "commune",
                d(2026, 11, 3),
                "city_page",
                "news",
                "TIN 1",
                None,
                "submitted",
                d(2026, 10, 20),
                "Tin 1",
            ),
            (
                "S",
                "Sở S",
                "department",
                d(2026, 11, 4),
                "city_page",
                "news",
                "Tin S",
                None,
                "published",
                None,
                None,
            ),
        ],
    ),
    "quotas/report_items": SqlCase(
        given={
            "units": UNITS,
            "publications": [
                publication(1, "A", d(2026, 11, 2), "Tin 1"),
                publication(2, "A", d(2026, 11, 3), "Tin 2", published=False, status="submitted"),
                publication(3, "A", d(2026, 11, 9), "TIN 1", dup=True, dup_of=1),
                publication(4, "S", d(2026, 11, 2), "Tin S", channel="radio"),
                publication(5, "S", d(2026, 12, 2), "Tin S2", channel="radio"),  # outside
            ],
        },
        params=NOV,
        expected=[
            ("A", "Phường A", "commune", "city_page", 3, 2, 1, 1),
            ("S", "Sở S", "department", "radio", 1, 1, 0, 1),
        ],
    ),
    "quotas/unit_plans": SqlCase(
        given={"units": UNITS, "plans": PLANS},
        expected=[("P1", "1/KH-UBND", "Kế hoạch một"), ("P2", "KH Phường A 2025", "Kế hoạch hai")],
    ),
    "quotas/unit_rule_daily": SqlCase(
        given={
            "quota_rules": [
                rule("m", "month"),
                rule("pub", "year", basis="published"),
                rule("deep", "month", item_kind="in_depth"),
            ],
            "item_counts": [
                counts("A", d(2026, 11, 2), 2),
                counts("A", d(2026, 11, 3), 1, published=False),
                counts("A", d(2026, 11, 4), 1, item_kind="in_depth"),
                counts("A", d(2026, 11, 30), 5),  # after as_of
                counts("S", d(2026, 11, 2), 9),  # another unit
            ],
        },
        params={"unit": "A", "rules": ["m", "pub", "deep"], **NOV},
        expected=[
            ("deep", d(2026, 11, 4), 1),
            ("m", d(2026, 11, 2), 2),
            ("m", d(2026, 11, 3), 1),
            ("m", d(2026, 11, 4), 1),
            ("pub", d(2026, 11, 2), 2),
            ("pub", d(2026, 11, 4), 1),
        ],
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_quotas_query(name: str, tmp_path) -> None:
    run_case(name, CASES[name], tmp_path)
