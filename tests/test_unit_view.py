"""The ward and department pages' numbers (cchc.screens.unit) on a small known dataset."""

from __future__ import annotations

from datetime import date as d

import pandas as pd
import pytest
from conftest import PHUC_LOI, SKHCN, add_items, item

from cchc.charts import unit as unit_charts
from cchc.periods import parse_period
from cchc.quotas import numbers, pace
from cchc.quotas.fulfillment import fulfillment
from cchc.screens import unit as unit_screen
from cchc.screens import unit_grids, unit_items, unit_labels, unit_tasks
from cchc.text import vn_number
from cchc.vocab import STATUS_COLORS, TASK_STATUSES
from ui import unit_sections

AS_OF = d(2026, 5, 20)
VHXH = f"{PHUC_LOI}-VHXH"
PVHCC = f"{PHUC_LOI}-PVHCC"
TITLE_A = "Phường Phúc Lợi đẩy mạnh dịch vụ công trực tuyến"


def known_items() -> list[tuple]:
    """Phúc Lợi, two of its offices and Sở KH&CN, March–May 2026 (hand-counted below)."""
    return [
        # Phúc Lợi: city page (A published, B sent, A re-sent in May = a duplicate)
        item(
            PHUC_LOI,
            d(2026, 3, 10),
            "city_page",
            title=TITLE_A,
            url="https://caicachhanhchinh.hanoi.gov.vn/a",
        ),
        item(PHUC_LOI, d(2026, 5, 5), "city_page", status="submitted"),
        item(PHUC_LOI, d(2026, 5, 12), "city_page", title=TITLE_A.upper(), status="submitted"),
        # own portal: March 2/2, April 1/2, May 1/2 so far
        item(PHUC_LOI, d(2026, 3, 5), "own_portal"),
        item(PHUC_LOI, d(2026, 3, 20), "own_portal"),
        item(PHUC_LOI, d(2026, 4, 10), "own_portal"),
        item(PHUC_LOI, d(2026, 5, 2), "own_portal"),
        # radio: May 2/2
        item(PHUC_LOI, d(2026, 5, 3), "radio"),
        item(PHUC_LOI, d(2026, 5, 15), "radio"),
        item(PHUC_LOI, d(2026, 5, 6), "social"),
        # offices: VHXH meets every quarter so far, PVHCC is short in Q1
        item(VHXH, d(2026, 3, 5), "own_portal"),
        item(VHXH, d(2026, 3, 25), "own_portal"),
        item(VHXH, d(2026, 3, 15), "city_page", status="submitted"),
        item(VHXH, d(2026, 4, 20), "own_portal"),
        item(VHXH, d(2026, 5, 10), "own_portal"),
        item(VHXH, d(2026, 5, 11), "city_page", status="submitted"),
        item(PVHCC, d(2026, 3, 12), "own_portal"),
        # Sở KH&CN: weeks 10, 11, 13 (an in-depth article) and 20 on the city page
        item(SKHCN, d(2026, 3, 3), "city_page"),
        item(SKHCN, d(2026, 3, 10), "city_page"),
        item(SKHCN, d(2026, 3, 24), "city_page", "in_depth"),
        item(SKHCN, d(2026, 5, 12), "city_page"),
        item(SKHCN, d(2026, 5, 4), "own_portal"),
    ]


@pytest.fixture
def known(con):
    add_items(con, known_items())
    return con


# --- pure helpers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "start", "end", "label", "column"),
    [
        ("week", d(2026, 3, 30), d(2026, 4, 5), "Tuần 14 (30/03–05/04)", "Tuần 14 (30/03–05/04)"),
        ("week", d(2026, 12, 28), d(2027, 1, 3), "Tuần 53 (28/12–03/01)", "Tuần 53 (28/12–03/01)"),
        ("month", d(2026, 3, 1), d(2026, 3, 31), "Tháng 3/2026", "T3"),
        ("quarter", d(2026, 3, 1), d(2026, 3, 31), "Quý I/2026", "Quý I"),
        ("quarter", d(2026, 10, 1), d(2026, 12, 31), "Quý IV/2026", "Quý IV"),
        ("year", d(2026, 3, 1), d(2026, 12, 31), "Năm 2026", "Năm 2026"),
        ("window", d(2025, 8, 1), d(2025, 12, 31), "Cả kỳ 08–12/2025", "Cả kỳ 08–12/2025"),
        ("window", d(2025, 8, 1), d(2026, 1, 31), "Cả kỳ 08/2025–01/2026", "Cả kỳ 08/2025–01/2026"),
        (
            "window",
            d(2025, 8, 15),
            d(2025, 12, 31),
            "Cả kỳ 15/08/2025–31/12/2025",
            "Cả kỳ 15/08/2025–31/12/2025",
        ),
    ],
)
def test_period_labels(period, start, end, label, column):
    assert unit_labels.period_label(period, start, end) == label
    assert unit_labels.column_label(period, start, end) == column


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [(12345, 0, "12.345"), (1.5, 1, "1,5"), (1234.56, 1, "1.234,6"), (0, 0, "0"), (None, 0, "—")],
)
def test_vietnamese_numbers(value, decimals, text):
    assert vn_number(value, decimals) == text


@pytest.mark.parametrize(
    ("requested", "default", "chosen"),
    [("B", None, "B"), ("Z", None, "A"), (None, "C", "C"), ("Z", "C", "C"), (None, "Z", "A")],
)
def test_pick_unit(requested, default, chosen):
    assert unit_screen.pick_unit(["A", "B", "C"], requested, default) == chosen


@pytest.mark.parametrize(
    ("name", "word"),
    [
        ("Phường Phúc Lợi", "phường"),
        ("Xã Thanh Hà", "xã"),
        ("Đặc khu Côn Đảo", "đặc khu"),
        ("Thị trấn X", "xã, phường"),
    ],
)
def test_commune_word(name, word):
    assert unit_labels.commune_word(name) == word


def test_office_names_lose_their_ward_suffix():
    name = "Phòng Văn hóa - Xã hội (Phường Phúc Lợi)"
    assert unit_labels.short_office_name(name, "Phường Phúc Lợi") == "Phòng Văn hóa - Xã hội"
    assert unit_labels.short_office_name(name, "Phường Bạch Mai") == name


# --- pace line --------------------------------------------------------------------------------

NOV = (d(2026, 11, 1), d(2026, 11, 30))


@pytest.mark.parametrize(
    ("items", "as_of", "actual", "expected", "projected", "verdict", "on_track"),
    [
        ({d(2026, 11, 3): 1}, d(2026, 11, 15), 1, 1.0, 2.0, pace.WILL_MEET, True),
        ({d(2026, 11, 3): 1}, d(2026, 11, 20), 1, 4 / 3, 1.5, pace.WILL_MISS, False),
        ({d(2026, 11, 3): 2}, d(2026, 11, 5), 2, 1 / 3, 12.0, pace.MET, True),
        ({d(2026, 11, 3): 1}, d(2026, 12, 2), 1, 2.0, 1.0, "Chưa đạt", False),
        ({}, d(2026, 10, 20), 0, 0.0, 0.0, "Chưa đến kỳ", None),
        ({}, d(2026, 11, 1), 0, 2 / 30, 0.0, pace.WILL_MISS, False),
        # an item dated after the as-of day is not known yet
        ({d(2026, 11, 3): 1, d(2026, 11, 25): 1}, d(2026, 11, 15), 1, 1.0, 2.0, pace.WILL_MEET, True),
    ],
)
def test_pace(items, as_of, actual, expected, projected, verdict, on_track):
    p = pace.pace(items, *NOV, 2, as_of)
    assert (p.actual, p.verdict, p.on_track) == (actual, verdict, on_track)
    assert p.expected == pytest.approx(expected)
    assert p.projected == pytest.approx(projected)


def test_pace_cumulative_line_runs_to_the_as_of_day():
    p = pace.pace([(d(2026, 11, 3), 1), (d(2026, 11, 4), 2)], *NOV, 2, d(2026, 11, 5))
    assert p.cumulative == (
        (d(2026, 11, 1), 0),
        (d(2026, 11, 2), 0),
        (d(2026, 11, 3), 1),
        (d(2026, 11, 4), 3),
        (d(2026, 11, 5), 3),
    )
    assert (p.days_total, p.days_elapsed, p.days_left, p.missing) == (30, 5, 25, 0)


def test_projection_table_says_what_is_missing():
    late = pace.RulePace(
        "r", "≥ 2 tin/bài", "month", "Tháng 11/2026", pace.pace({d(2026, 11, 3): 1}, *NOV, 2, d(2026, 11, 20))
    )
    table = pace.projection_table([late])
    assert table.to_dict("records") == [
        {
            "Kỳ": "Tháng 11/2026",
            "Định mức": "≥ 2 tin/bài",
            "Đã có": "1",
            "Cần đạt": "2",
            "Cần có đến nay": "1,3",
            "Dự kiến cuối kỳ": "1,5",
            "Dự báo": "Sẽ không đạt",
            "Ghi chú": "Cần thêm 1 tin/bài trong 10 ngày còn lại",
        }
    ]


# --- on the database --------------------------------------------------------------------------


def cells(grid: unit_grids.StatusGrid, row: dict[str, str]) -> dict[str, tuple[str, str]]:
    """One grid row as {column: (text, status)}, found by its label columns."""
    mask = pd.Series(True, index=grid.text.index)
    for column, value in row.items():
        mask &= grid.text[column] == value
    (i,) = grid.text.index[mask]
    return {c: (grid.text.at[i, c], grid.status.at[i, c]) for c in grid.period_columns}


def test_monthly_grid_of_a_ward(known):
    frame = unit_screen.quotas(known, [PHUC_LOI], 2026, AS_OF)
    grids = unit_grids.quota_grids(frame, {"plan_label": "Kế hoạch", "rule_label": "Định mức"})
    assert [g.title for g in grids] == ["Định mức hằng tháng", "Định mức cả năm"]
    monthly = grids[0]
    assert len(monthly.text) == 6  # 3 rules of KH 75 for every commune + 3 of Phúc Lợi's own plan
    assert list(monthly.text.columns[:3]) == ["Kế hoạch", "Định mức", "T3"]
    assert monthly.period_columns == [f"T{m}" for m in range(3, 13)]
    city = cells(
        monthly,
        {
            "Kế hoạch": "75/KH-UBND",
            "Định mức": frame.query("rule == 'hn75-city-month-commune'").rule_label.iloc[0],
        },
    )
    assert city["T3"] == ("1/1", "Đạt")
    assert city["T4"] == ("0/1", "Chưa đạt")
    assert city["T5"] == ("1/1", "Đạt")  # the May re-send of A does not count; B does
    assert city["T6"] == ("0/1", "Chưa đến kỳ")
    portal = cells(
        monthly,
        {
            "Kế hoạch": "KH Phường Phúc Lợi 2026",
            "Định mức": "≥ 2 tin/bài mỗi tháng trên Cổng thông tin điện tử phường",
        },
    )
    assert [portal[m] for m in ("T3", "T4", "T5")] == [
        ("2/2", "Đạt"),
        ("1/2", "Chưa đạt"),
        ("1/2", "Đang thực hiện"),
    ]
    year = cells(grids[1], {"Kế hoạch": "75/KH-UBND"} | {"Định mức": grids[1].text.at[0, "Định mức"]})
    assert year == {"Năm 2026": ("1/6", "Đang thực hiện")}  # only A was published
    assert unit_sections.grid_css(grids[0]).at[0, "T3"].startswith("background-color: #2e7d32")


def test_offices_quarter_status(known):
    report = unit_screen.unit_report(known, PHUC_LOI, 2026, 5, AS_OF)
    assert len(report.offices) == 5
    grids = unit_grids.quota_grids(report.office_quotas, {"office": "Đơn vị", "rule_label": "Định mức"})
    quarterly = next(g for g in grids if g.title == "Định mức hằng quý")
    portal_rule = "Mỗi phòng, ban, đơn vị ≥ 2 tin/bài mỗi quý trên Cổng thông tin điện tử phường"
    vhxh = cells(quarterly, {"Đơn vị": "Phòng Văn hóa - Xã hội", "Định mức": portal_rule})
    pvhcc = cells(quarterly, {"Đơn vị": "Trung tâm Phục vụ hành chính công", "Định mức": portal_rule})
    assert (vhxh["Quý I"], vhxh["Quý II"], vhxh["Quý III"]) == (
        ("2/2", "Đạt"),
        ("2/2", "Đạt"),
        ("0/2", "Chưa đến kỳ"),
    )
    assert (pvhcc["Quý I"], pvhcc["Quý II"]) == (("1/2", "Chưa đạt"), ("0/2", "Đang thực hiện"))
    assert report.office_tally(AS_OF) == numbers.Tally(1, 5)  # only VHXH meets all of Q2 so far


def test_ward_headline_numbers(known):
    report = unit_screen.unit_report(known, PHUC_LOI, 2026, 5, AS_OF)
    assert report.name == "Phường Phúc Lợi"
    # judged in May: 6 monthly rule-periods (4 met) and the running year quota
    assert report.month_tally == numbers.Tally(4, 7)
    assert (report.items_month, report.items_prev_month, report.resent_month) == (5, 1, 1)
    assert report.year_tally == numbers.Tally(8, 19)


def test_paces_agree_with_fulfillment(known):
    report = unit_screen.unit_report(known, PHUC_LOI, 2026, 5, AS_OF)
    frame = fulfillment(known, parse_period("2026"), AS_OF, [PHUC_LOI])
    actual = {(r.rule, r.period_start.date()): r.actual for r in frame.itertuples()}
    assert [rp.period for rp in report.paces] == ["month"] * 6 + ["year"]
    for rp in report.paces:
        assert rp.pace.actual == actual[(rp.rule, rp.pace.start)]
    portal = next(rp for rp in report.paces if rp.rule == "hn75-portal-month-commune")
    assert (portal.pace.actual, portal.pace.days_elapsed, portal.pace.verdict) == (1, 20, pace.WILL_MISS)
    year = next(rp for rp in report.paces if rp.period == "year")
    assert (year.pace.actual, year.pace.days_total, year.pace.days_elapsed) == (1, 306, 81)


def test_weekly_quota_week_by_week(known):
    report = unit_screen.unit_report(known, SKHCN, 2026, 5, AS_OF)
    grid = unit_grids.week_grid(report.quotas)
    weeks = dict(
        zip(grid.text["Tuần"], zip(grid.text.iloc[:, 1], grid.status.iloc[:, 1], strict=True), strict=True)
    )
    assert list(weeks)[:2] == ["Tuần 10 (02/03–08/03)", "Tuần 11 (09/03–15/03)"]
    assert weeks["Tuần 12 (16/03–22/03)"] == ("0/1", "Chưa đạt")
    assert weeks["Tuần 13 (23/03–29/03)"] == ("1/1", "Đạt")  # an in-depth article is also a tin/bài
    assert weeks["Tuần 21 (18/05–24/05)"] == ("0/1", "Đang thực hiện")
    assert weeks["Tuần 53 (28/12–03/01)"] == ("0/1", "Chưa đến kỳ")
    assert report.tally_of("week") == numbers.Tally(4, 12)
    series = unit_grids.weekly_series(report.quotas, "hn75-skhcn-week")
    assert series["week"].tolist()[:4] == [10, 11, 12, 13]


def test_department_in_depth_and_headline(known):
    report = unit_screen.unit_report(known, SKHCN, 2026, 5, AS_OF)
    in_depth = report.quotas[report.quotas["item_kind"] == "in_depth"]
    assert in_depth[["period_label", "actual", "status"]].head(3).values.tolist() == [
        ["Tháng 3/2026", 1, "Đạt"],
        ["Tháng 4/2026", 0, "Chưa đạt"],
        ["Tháng 5/2026", 0, "Đang thực hiện"],
    ]
    # judged in May: weeks 18-21 (1 met), the 3 monthly rules and the year (1 met)
    assert report.month_tally == numbers.Tally(2, 8)
    assert (report.items_month, report.items_prev_month, report.in_depth_month) == (2, 0, 0)


def test_items_table_marks_resent_copies(known):
    table = unit_items.items_table(unit_items.items(known, [PHUC_LOI], d(2026, 5, 1), d(2026, 5, 31)))
    assert len(table) == 6
    assert table["Ngày"].tolist()[0] == d(2026, 5, 15)  # newest first
    resent = table[table["Ghi chú"].str.startswith("Gửi lại")]
    assert resent["Ghi chú"].tolist() == ["Gửi lại (đã tính ngày 10/03/2026)"]
    assert set(table["Kênh"]) == {
        "Trang thông tin CCHC Thành phố",
        "Cổng/Trang thông tin điện tử của đơn vị",
        "Hệ thống truyền thanh cơ sở",
        "Mạng xã hội (Zalo, Facebook, YouTube, TikTok)",
    }
    assert set(table["Trạng thái"]) == {"Đã đăng tải", "Đã gửi đăng"}


def test_unit_options_sorted_in_vietnamese_order(con):
    wards = unit_screen.unit_options(con, unit_screen.WARD_KINDS)
    hanoi = wards[wards["province"] == "Hà Nội"]
    assert wards["province"].iloc[0] == "Hà Nội"
    names = hanoi["name"].tolist()
    assert names.index("Phường Bạch Mai") < names.index("Phường Bồ Đề") < names.index("Phường Cầu Giấy")
    assert wards.set_index("code").at[PHUC_LOI, "label"] == "Phường Phúc Lợi (Hà Nội)"
    departments = unit_screen.unit_options(con, unit_screen.DEPARTMENT_KINDS)
    assert departments["kind"].iloc[0] == "department"
    assert departments["kind"].iloc[-1] == "public_service"


@pytest.mark.parametrize(
    ("requested", "page", "code", "elsewhere", "unknown"),
    [
        (PHUC_LOI, "ward", PHUC_LOI, None, None),
        (VHXH, "ward", PHUC_LOI, None, None),  # an office: its ward's page
        (SKHCN, "ward", "FIRST", ("department", SKHCN, "Sở Khoa học và Công nghệ"), None),
        ("99999", "ward", "FIRST", None, "99999"),
        (PHUC_LOI, "department", SKHCN, ("ward", PHUC_LOI, "Phường Phúc Lợi"), None),
    ],
)
def test_choose_unit(con, requested, page, code, elsewhere, unknown):
    kinds = unit_screen.WARD_KINDS if page == unit_screen.WARD else unit_screen.DEPARTMENT_KINDS
    codes = unit_screen.unit_options(con, kinds)["code"].tolist()
    default = SKHCN if page == unit_screen.DEPARTMENT else None
    choice = unit_screen.choose_unit(con, codes, requested, page, default)
    assert choice == unit_screen.UnitChoice(codes[0] if code == "FIRST" else code, elsewhere, unknown)


def test_tasks_table_puts_overdue_first():
    frame = pd.DataFrame(
        {
            "plan": ["KH"] * 4,
            "stt": [1, 2, 3, 4],
            "task": ["a", "b", "c", "d"],
            "deadline_text": ["Thường xuyên", "05/3/2026", "Tháng 4/2026", "Quý III"],
            "due_date": [
                None,
                pd.Timestamp(2026, 3, 5),
                pd.Timestamp(2026, 4, 30),
                pd.Timestamp(2026, 9, 30),
            ],
            "status": ["Thường xuyên", "Hoàn thành đúng hạn", "Quá hạn", "Đang thực hiện"],
        }
    )
    table = unit_tasks.tasks_table(frame)
    assert list(table.columns) == ["Kế hoạch", "STT", "Nhiệm vụ", "Trạng thái", "Hạn", "Thời gian thực hiện"]
    assert table["Nhiệm vụ"].tolist() == ["c", "d", "a", "b"]
    assert table["Hạn"].tolist() == ["30/04/2026", "30/09/2026", "", "05/03/2026"]


def test_task_order_covers_every_task_status():
    assert sorted(unit_tasks.TASK_ORDER) == sorted(TASK_STATUSES)


def test_pace_chart_draws_expected_actual_and_projection():
    rp = pace.RulePace(
        "r", "≥ 2 tin/bài", "month", "Tháng 11/2026", pace.pace({d(2026, 11, 3): 1}, *NOV, 2, d(2026, 11, 20))
    )
    fig = unit_charts.pace_chart(rp, d(2026, 11, 20), "Tin/bài lũy kế — Tháng 11/2026")
    assert fig.layout.title.text == "Tin/bài lũy kế — Tháng 11/2026"
    assert [t.name for t in fig.data] == [
        "Nhịp cần thiết (đều từ 0 đến định mức)",
        "Thực tế (lũy kế)",
        "Dự kiến theo nhịp hiện tại",
    ]
    assert list(fig.data[0].y) == [0, 2]
    assert fig.data[2].y[-1] == pytest.approx(1.5)
    assert fig.data[2].line.color == STATUS_COLORS["Chưa đạt"]
    assert fig.layout.separators == ",."


def test_weekly_chart_colours_weeks_by_status(known):
    report = unit_screen.unit_report(known, SKHCN, 2026, 5, AS_OF)
    fig = unit_charts.weekly_chart(unit_grids.weekly_series(report.quotas, "hn75-skhcn-week"), "Theo tuần")
    bars = {t.name: list(t.x) for t in fig.data if t.type == "bar"}
    assert bars["Đạt"] == [10, 11, 13, 20]
    assert bars["Đang thực hiện"] == [21]
    assert set(bars) == set(STATUS_COLORS)
    strip = fig.data[-1]
    assert len(strip.x) == 44 and strip.marker.color[2] == STATUS_COLORS["Chưa đạt"]  # weeks 10–53
