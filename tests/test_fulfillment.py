"""The fulfillment engine against hand-computed answers, one rule kind at a time."""

from __future__ import annotations

from datetime import date as d

import pandas as pd
import pytest
from conftest import BACH_MAI, PHUC_LOI, SKHCN, item

from cchc.periods import parse_period
from cchc.quotas import numbers, summary
from cchc.quotas.fulfillment import fulfillment

OFFICE_VHXH = f"{PHUC_LOI}-VHXH"


def rows(con, period: str, as_of: d, unit: str, rule: str) -> list[tuple]:
    frame = fulfillment(con, parse_period(period), as_of, [unit])
    frame = frame[frame["rule"] == rule]
    return [
        (
            r.period_start.date() if hasattr(r.period_start, "date") else r.period_start,
            r.required,
            r.actual,
            r.status,
        )
        for r in frame.itertuples()
    ]


def test_every_unit_appears_even_with_no_items(con):
    frame = fulfillment(con, parse_period("2026-03"), d(2026, 3, 15))
    communes = con.execute(
        "select count(*) from units where kind='commune' and province='Hà Nội'"
    ).fetchone()[0]
    monthly = frame[frame["rule"] == "hn75-city-month-commune"]
    assert communes == 126
    assert len(monthly) == 126
    assert set(monthly["status"]) == {"Đang thực hiện"}
    assert (monthly["actual"] == 0).all()
    departments = frame[frame["rule"] == "hn75-city-month-dept"]["unit_code"].nunique()
    assert departments == con.execute("select count(*) from units where kind='department'").fetchone()[0]


def test_month_boundary_last_day_counts_in_its_month(con, add):
    add(
        [
            item(PHUC_LOI, d(2026, 3, 31), status="submitted"),
            item(PHUC_LOI, d(2026, 4, 1), status="submitted"),
        ]
    )
    got = rows(con, "2026-03..2026-05", d(2026, 6, 10), PHUC_LOI, "hn75-city-month-commune")
    assert got == [
        (d(2026, 3, 1), 1, 1, "Đạt"),
        (d(2026, 4, 1), 1, 1, "Đạt"),
        (d(2026, 5, 1), 1, 0, "Chưa đạt"),
    ]


@pytest.mark.parametrize(
    ("as_of", "status"),
    [
        (d(2026, 4, 15), "Chưa đến kỳ"),
        (d(2026, 5, 1), "Đang thực hiện"),
        (d(2026, 5, 31), "Đang thực hiện"),
        (d(2026, 6, 1), "Chưa đạt"),
    ],
)
def test_status_follows_as_of_date(con, add, as_of, status):
    add([item(PHUC_LOI, d(2026, 5, 3), "own_portal")])  # 1 of 2 required
    got = rows(con, "2026-05", as_of, PHUC_LOI, "hn75-portal-month-commune")
    expected_actual = 0 if as_of < d(2026, 5, 3) else 1
    assert got == [(d(2026, 5, 1), 2, expected_actual, status)]


def test_items_after_as_of_do_not_count(con, add):
    add([item(PHUC_LOI, d(2026, 5, 20), "radio"), item(PHUC_LOI, d(2026, 5, 21), "radio")])
    assert rows(con, "2026-05", d(2026, 5, 20), PHUC_LOI, "hn75-radio-month-commune") == [
        (d(2026, 5, 1), 2, 1, "Đang thực hiện")
    ]
    assert rows(con, "2026-05", d(2026, 5, 21), PHUC_LOI, "hn75-radio-month-commune") == [
        (d(2026, 5, 1), 2, 2, "Đạt")
    ]


def test_weekly_rule_uses_iso_weeks_and_the_thursday_rule(con, add):
    # 2026-03-01 is a Sunday: week 9 (23/02-01/03) has its Thursday before the plan window.
    add([item(SKHCN, d(2026, 3, 1)), item(SKHCN, d(2026, 3, 8)), item(SKHCN, d(2026, 3, 9))])
    got = rows(con, "2026-03", d(2026, 4, 30), SKHCN, "hn75-skhcn-week")
    assert [g[0] for g in got] == [
        d(2026, 3, 2),
        d(2026, 3, 9),
        d(2026, 3, 16),
        d(2026, 3, 23),
        d(2026, 3, 30),
    ]
    assert [g[2] for g in got] == [1, 1, 0, 0, 0]
    assert [g[3] for g in got] == ["Đạt", "Đạt", "Chưa đạt", "Chưa đạt", "Chưa đạt"]


def test_iso_week_53_of_2026_is_counted_whole(con, add):
    add([item(SKHCN, d(2027, 1, 2))])  # Saturday of ISO week 2026-W53
    got = rows(con, "2026-W53", d(2027, 1, 10), SKHCN, "hn75-skhcn-week")
    assert got == [(d(2026, 12, 28), 1, 1, "Đạt")]
    frame = fulfillment(con, parse_period("2026-W53"), d(2027, 1, 10), [SKHCN])
    week = frame[frame["rule"] == "hn75-skhcn-week"].iloc[0]
    assert str(week["period_end"])[:10] == "2027-01-03"


def test_two_per_week_rule(con, add):
    add([item("HN-PVHCC", d(2026, 4, 6)), item("HN-PVHCC", d(2026, 4, 12)), item("HN-PVHCC", d(2026, 4, 13))])
    got = rows(con, "2026-W15..2026-W16", d(2026, 5, 1), "HN-PVHCC", "hn75-pvhcc-week")
    assert got == [(d(2026, 4, 6), 2, 2, "Đạt"), (d(2026, 4, 13), 2, 1, "Chưa đạt")]


def test_quarter_rule_boundaries_and_clipping_to_the_window(con, add):
    add(
        [
            item("HN-STC", d(2026, 6, 30), kind="in_depth", status="submitted"),
            item("HN-STC", d(2026, 7, 1), kind="in_depth", status="submitted"),
        ]
    )
    got = rows(con, "2026", d(2026, 10, 15), "HN-STC", "hn75-stc-indepth-quarter")
    assert got == [
        (d(2026, 3, 1), 1, 0, "Chưa đạt"),  # Q1 clipped to March: the plan starts 01/03/2026
        (d(2026, 4, 1), 1, 1, "Đạt"),
        (d(2026, 7, 1), 1, 1, "Đạt"),
        (d(2026, 10, 1), 1, 0, "Đang thực hiện"),
    ]


def test_in_depth_counts_as_news_but_news_is_not_in_depth(con, add):
    add([item("HN-STP", d(2026, 5, 4), kind="news"), item("HN-STP", d(2026, 6, 4), kind="in_depth")])
    assert rows(con, "2026-05", d(2026, 7, 1), "HN-STP", "hn75-stp-indepth-month") == [
        (d(2026, 5, 1), 1, 0, "Chưa đạt")
    ]
    assert rows(con, "2026-06", d(2026, 7, 1), "HN-STP", "hn75-stp-month") == [(d(2026, 6, 1), 1, 1, "Đạt")]
    assert rows(con, "2026-06", d(2026, 7, 1), "HN-STP", "hn75-stp-indepth-month") == [
        (d(2026, 6, 1), 1, 1, "Đạt")
    ]


def test_yearly_published_rule_counts_only_published_items(con, add):
    items = [item(PHUC_LOI, d(2026, m, 10), status="published") for m in (3, 4, 5, 6, 7)]
    items += [
        item(PHUC_LOI, d(2026, 8, 10), status="submitted"),
        item(PHUC_LOI, d(2026, 9, 10), status="rejected"),
    ]
    add(items)
    assert rows(con, "2026", d(2026, 11, 1), PHUC_LOI, "hn75-city-published-year-commune") == [
        (d(2026, 3, 1), 6, 5, "Đang thực hiện")
    ]
    assert rows(con, "2026", d(2027, 1, 1), PHUC_LOI, "hn75-city-published-year-commune") == [
        (d(2026, 3, 1), 6, 5, "Chưa đạt")
    ]
    # The submit rule counts all seven, declined or not, by the date sent.
    monthly = rows(con, "2026-03..2026-09", d(2026, 11, 1), PHUC_LOI, "hn75-city-month-commune")
    assert [m[2] for m in monthly] == [1, 1, 1, 1, 1, 1, 1]


def test_a_resent_copy_published_later_makes_the_first_count_as_published(con, add):
    items = [item(PHUC_LOI, d(2026, m, 10), status="published") for m in (3, 4, 5, 6, 7)]
    items.append(item(PHUC_LOI, d(2026, 8, 10), title="Phường Phúc Lợi đối thoại TTHC", status="submitted"))
    add(items)
    add([item(PHUC_LOI, d(2026, 9, 2), title="phường phúc lợi đối thoại TTHC!", status="published")])
    assert rows(con, "2026", d(2026, 11, 1), PHUC_LOI, "hn75-city-published-year-commune") == [
        (d(2026, 3, 1), 6, 6, "Đạt")
    ]
    # ... and it counts once, in August where it first appeared, not again in September.
    assert [
        r[2] for r in rows(con, "2026-08..2026-09", d(2026, 11, 1), PHUC_LOI, "hn75-city-month-commune")
    ] == [
        1,
        0,
    ]


def test_duplicates_by_url_and_by_title_count_once(con, add):
    url = "https://caicachhanhchinh.hanoi.gov.vn/tin-tuc/a-1.html"
    add(
        [
            item(
                PHUC_LOI, d(2026, 4, 2), "own_portal", title="Tin một", url="https://phucloi.hanoi.gov.vn/1"
            ),
            item(
                PHUC_LOI,
                d(2026, 4, 20),
                "own_portal",
                title="Tin một (đăng lại)",
                url="http://www.phucloi.hanoi.gov.vn/1/",
            ),
            item(PHUC_LOI, d(2026, 4, 3), "own_portal", title="Tin hai"),
            item(PHUC_LOI, d(2026, 5, 3), "own_portal", title="TIN  HAI"),
            item(BACH_MAI, d(2026, 4, 3), "own_portal", title="Tin hai"),  # another unit: its own item
            item(PHUC_LOI, d(2026, 4, 5), "city_page", title="Tin hai", url=url),  # another channel
        ]
    )
    assert rows(con, "2026-04..2026-05", d(2026, 6, 1), PHUC_LOI, "hn75-portal-month-commune") == [
        (d(2026, 4, 1), 2, 2, "Đạt"),
        (d(2026, 5, 1), 2, 0, "Chưa đạt"),
    ]
    assert rows(con, "2026-04", d(2026, 6, 1), BACH_MAI, "hn75-portal-month-commune")[0][2] == 1
    dups = con.execute(
        "select title, dup_of is not null from publications where is_duplicate order by title"
    ).fetchall()
    assert dups == [("TIN  HAI", True), ("Tin một (đăng lại)", True)]


def test_window_total_rule_bach_mai_2025(con, add):
    add(
        [item(BACH_MAI, d(2025, 7, 31), "own_portal")]
        + [item(BACH_MAI, d(2025, m, 5), "own_portal") for m in range(8, 13)]
    )
    got = rows(con, "2025-08..2025-12", d(2025, 12, 20), BACH_MAI, "bm25-portal-window")
    assert got == [(d(2025, 8, 1), 6, 5, "Đang thực hiện")]
    assert rows(con, "2025-08..2025-12", d(2026, 1, 2), BACH_MAI, "bm25-portal-window")[0][3] == "Chưa đạt"
    add([item(BACH_MAI, d(2025, 12, 31), "own_portal")])
    assert rows(con, "2025-08..2025-12", d(2026, 1, 2), BACH_MAI, "bm25-portal-window")[0][2:] == (6, "Đạt")


def test_bach_mai_monthly_rule_only_august_to_december_2025(con):
    got = rows(con, "2025", d(2026, 1, 5), BACH_MAI, "bm25-city-month")
    assert [g[0] for g in got] == [d(2025, m, 1) for m in range(8, 13)]
    quarters = rows(con, "2025", d(2026, 1, 5), BACH_MAI, "bm25-radio-quarter")
    assert [q[0] for q in quarters] == [d(2025, 8, 1), d(2025, 10, 1)]


def test_per_office_quarterly_rule_applies_to_each_phuc_loi_office_only(con, add):
    add([item(OFFICE_VHXH, d(2026, 4, 9), "own_portal"), item(OFFICE_VHXH, d(2026, 6, 30), "own_portal")])
    frame = fulfillment(con, parse_period("2026-Q2"), d(2026, 7, 5))
    office_rows = frame[frame["rule"] == "pl26-office-portal-quarter"]
    offices = con.execute(
        "select code from units where parent_code = $p and kind='ward_office' order by code", {"p": PHUC_LOI}
    ).fetchall()
    assert sorted(office_rows["unit_code"]) == [o[0] for o in offices]
    assert not office_rows["unit_code"].str.startswith(BACH_MAI).any()
    vhxh = office_rows[office_rows["unit_code"] == OFFICE_VHXH].iloc[0]
    assert (vhxh["required"], vhxh["actual"], vhxh["status"]) == (2, 2, "Đạt")
    others = office_rows[office_rows["unit_code"] != OFFICE_VHXH]
    assert set(others["status"]) == {"Chưa đạt"}


def test_rollups_by_unit_kind_and_ward_agree_with_the_rows(con, add):
    add(
        [
            item(PHUC_LOI, d(2026, 3, 3), status="submitted"),
            item(f"{PHUC_LOI}-VP", d(2026, 3, 4), "own_portal"),
        ]
    )
    period, as_of = parse_period("2026-03"), d(2026, 4, 2)
    full = fulfillment(con, period, as_of)
    units = summary.unit_months(con, period, as_of)
    # HN75 + PL26 city rules, VP's monthly; all judged in March (the yearly one runs into April).
    assert units["rules_met"].sum() == (full["status"] == "Đạt").sum() == 3
    assert set(units["month"]) == {pd.Timestamp(2026, 3, 1)}
    by_kind = units.groupby("unit_kind")["rules_met"].sum()
    assert by_kind["commune"] == 2 and by_kind["ward_office"] == 1
    ward = units[(units["unit_code"] == PHUC_LOI) | (units["parent_code"] == PHUC_LOI)]
    offices = con.execute(
        "select count(*) from units where parent_code=$p and kind='ward_office'", {"p": PHUC_LOI}
    ).fetchone()[0]
    assert (len(ward), ward["rules_met"].sum()) == (1 + offices, 3)
    head = numbers.headline(summary.in_month(summary.judged_rows(con, period, as_of), 2026, 3))
    assert (head.met, head.units, head.units_all_met) == (3, len(units[units["rules_due"] > 0]), 0)


def test_a_day_before_the_window_is_not_counted_in_its_clipped_quarter(con, add):
    # Each day's count is placed in its period from its date: 27/02 lies in Q1 but before the
    # plan's window (from 01/03/2026), so the clipped Q1 (01/03-31/03) does not count it.
    add([item("HN-STC", d(2026, 2, 27), kind="in_depth", status="submitted")])
    got = rows(con, "2026-Q1", d(2026, 4, 15), "HN-STC", "hn75-stc-indepth-quarter")
    assert got == [(d(2026, 3, 1), 1, 0, "Chưa đạt")]
