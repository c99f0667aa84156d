"""The quarterly report: numbers on a small known dataset, and a workbook that opens cleanly with
no formula made from user text."""

from __future__ import annotations

import io
import zipfile
from datetime import date as d

import openpyxl
import pandas as pd
import pytest
from conftest import PHUC_LOI, SKHCN, item

from cchc.charts.report import report_figures
from cchc.exports import images as chart_images
from cchc.exports.report import report_xlsx
from cchc.screens import report as report_screen
from cchc.vocab import CHUA_DAT, DANG_THUC_HIEN, DAT

AS_OF = d(2026, 7, 10)
PLANTED = ['=HYPERLINK("http://example.invalid","bấm vào")', "+1", "-2", "@x"]
# A 1x1 PNG, so the image path is tested without a browser.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


@pytest.fixture
def q2(con, add):
    """Phúc Lợi in Q2 2026: the city page every month (and one re-sent copy), its portal short
    from May, nothing on radio."""
    add(
        [
            item(PHUC_LOI, d(2026, 4, 2), "city_page", title="Tin tháng 4", status="published"),
            item(PHUC_LOI, d(2026, 5, 2), "city_page", title="Tin tháng 5", status="published"),
            item(PHUC_LOI, d(2026, 6, 2), "city_page", title="Tin tháng 6", status="published"),
            item(PHUC_LOI, d(2026, 5, 10), "city_page", title="TIN THÁNG 4!", status="submitted"),
            item(PHUC_LOI, d(2026, 4, 3), "own_portal"),
            item(PHUC_LOI, d(2026, 4, 4), "own_portal"),
            item(PHUC_LOI, d(2026, 5, 3), "own_portal"),
        ]
    )
    return con


def test_summary_numbers(q2):
    data = report_screen.report_data(q2, "2026-Q2", AS_OF, [PHUC_LOI])
    assert data.label == "Quý II/2026"
    s = data.summary
    # 6 monthly rules x 3 months + the yearly "6 published" still running.
    assert (s["rule_periods_due"], s["met"], s["missed"], s["running"]) == (19, 8, 10, 1)
    assert s["share_met"] == pytest.approx(8 / 19)
    assert (s["units"], s["units_all_met"]) == (1, 0)
    assert (s["new_items"], s["duplicates"]) == (6, 1)


def test_per_unit_and_per_kind_rows(q2):
    data = report_screen.report_data(q2, "2026-Q2", AS_OF, [PHUC_LOI])
    unit = data.by_unit.set_index("rule")
    portal = unit.loc["hn75-portal-month-commune"]
    assert (portal["periods"], portal["required"], portal["actual"], portal["missing"]) == (3, 6, 3, 3)
    assert (portal["n_met"], portal["n_missed"], portal["overall"]) == (1, 2, CHUA_DAT)
    year = unit.loc["hn75-city-published-year-commune"]
    assert (year["required"], year["actual"], year["overall"]) == (6, 3, DANG_THUC_HIEN)
    assert unit.loc["pl26-city-month", "overall"] == DAT
    city = data.by_kind.set_index(["unit_kind", "channel"]).loc[("commune", "city_page")]
    assert (city["rule_periods"], city["required"], city["actual"]) == (7, 12, 9)
    assert (city["n_met"], city["n_running"], city["new_items"], city["duplicates"]) == (6, 1, 3, 1)
    assert city["share_met"] == pytest.approx(6 / 7)
    dup = data.duplicates.iloc[0]
    assert (dup["title"], dup["original_title"], dup["original_date"]) == (
        "TIN THÁNG 4!",
        "Tin tháng 4",
        pd.Timestamp(2026, 4, 2),
    )


def test_a_week_counts_in_the_quarter_where_it_ends(con):
    data = report_screen.report_data(con, "2026-Q2", AS_OF, [SKHCN])
    weeks = data.detail[data.detail["rule"] == "hn75-skhcn-week"]
    assert len(weeks) == 13
    assert weeks["period_start"].min() == pd.Timestamp(2026, 3, 30)  # ends 05/04
    assert weeks["period_end"].max() == pd.Timestamp(2026, 6, 28)  # 29/06-05/07 belongs to Q3


def test_workbook_opens_with_formatted_sheets_and_numbers(q2):
    data = report_screen.report_data(q2, "2026-Q2", AS_OF, [PHUC_LOI])
    book = openpyxl.load_workbook(io.BytesIO(report_xlsx(data, {"ty-le": PNG})))
    expected = [
        "Tổng hợp",
        "Theo loại đơn vị",
        "Theo đơn vị",
        "Chi tiết định mức",
        "Tin bài theo kênh",
        "Tin trùng lặp",
    ]
    assert book.sheetnames[:6] == expected and book.sheetnames[-1] == "Biểu đồ"
    summary = {r[0]: r[1] for r in book["Tổng hợp"].iter_rows(min_row=5, values_only=True) if r[0]}
    assert summary["Số định mức-kỳ đã đến kỳ"] == 19
    assert summary["Tin/bài mới trong kỳ"] == 6
    assert summary["Bản trùng lặp (gửi lại) phát hiện và không tính"] == 1
    ws = book["Chi tiết định mức"]
    assert ws.freeze_panes == "C6"
    assert ws["B5"].font.b and ws.column_dimensions["B"].width > 30
    header = [c.value for c in ws[5]]
    assert header[:4] == ["Mã đơn vị", "Đơn vị", "Loại đơn vị", "Định mức"]
    assert ws["G6"].number_format == "dd/mm/yyyy"


def test_chart_images_are_embedded(q2):
    data = report_screen.report_data(q2, "2026-Q2", AS_OF, [PHUC_LOI])
    with zipfile.ZipFile(io.BytesIO(report_xlsx(data, {"a": PNG, "b": PNG}))) as zf:
        assert [n for n in zf.namelist() if n.startswith("xl/media/")] == ["xl/media/image1.png"]
        drawings = [zf.read(n).decode() for n in zf.namelist() if n.startswith("xl/drawings/drawing")]
        assert sum(x.count("<xdr:pic>") for x in drawings) == 2  # the same bytes are stored once
    with zipfile.ZipFile(io.BytesIO(chart_images.images_zip({"a": PNG}))) as zf:
        assert zf.namelist() == ["a.png"]
    assert set(report_figures(data)) == {
        "ty-le-dat-theo-loai-don-vi",
        "tinh-trang-dinh-muc-theo-loai-don-vi",
        "tin-bai-moi-theo-kenh",
    }


@pytest.mark.skipif(not chart_images.images_available(), reason="kaleido or Chromium not installed")
def test_real_chart_images(q2):
    data = report_screen.report_data(q2, "2026-Q2", AS_OF, [PHUC_LOI])
    images = chart_images.figure_images(report_figures(data))
    assert len(images) == 3 and all(png.startswith(b"\x89PNG") for png in images.values())


def test_without_images_the_charts_sheet_says_why(q2):
    data = report_screen.report_data(q2, "2026-Q2", AS_OF, [PHUC_LOI])
    ws = openpyxl.load_workbook(io.BytesIO(report_xlsx(data, {})))["Biểu đồ"]
    assert "kaleido" in ws["A3"].value


def test_planted_formulas_stay_text(con, add):
    codes = [f"X{i}" for i in range(len(PLANTED))]
    for code, name in zip(codes, PLANTED, strict=True):
        con.execute(
            "insert into units (code, name, kind, parent_code, province) values ($c, $n, 'department', 'HN', 'Hà Nội')",
            {"c": code, "n": name},
        )
    # Each title sent twice: the second copy is listed among the duplicates, title and all.
    add(
        [
            item(c, day, "city_page", title=t)
            for c, t in zip(codes, PLANTED, strict=True)
            for day in (d(2026, 4, 1), d(2026, 4, 20))
        ]
    )
    data = report_screen.report_data(con, "2026-Q2", AS_OF, codes)
    book = openpyxl.load_workbook(io.BytesIO(report_xlsx(data)))
    seen: dict[str, set[str]] = {}
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate} is a formula"
                if cell.value in PLANTED:
                    assert cell.data_type == "s"
                    seen.setdefault(cell.value, set()).add(ws.title)
    assert set(seen) == set(PLANTED)
    assert all({"Theo đơn vị", "Tin trùng lặp"} <= sheets for sheets in seen.values())


def test_tasks_sheet_when_the_tasks_module_answers(q2, monkeypatch):
    tasks = pd.DataFrame(
        {
            "plan": ["PL-2026", "PL-2026", "HN-75-2026"],
            "stt": [1, 2, 3],
            "task": ["=Ban hành kế hoạch", "Báo cáo quý", "Tuyên truyền"],
            "lead_units": ["Phòng Văn hóa - Xã hội", "Văn phòng", "Các xã"],
            "deadline_text": ["05/3/2026", "15 tháng cuối quý", "Thường xuyên"],
            "due_date": [d(2026, 3, 5), d(2026, 6, 15), None],
            "status": ["Hoàn thành đúng hạn", "Quá hạn", "Thường xuyên"],
        }
    )
    occurrences = pd.DataFrame({"status": ["Quá hạn", "Hoàn thành quá hạn"]})
    monkeypatch.setattr(report_screen, "task_rows", lambda *a, **k: tasks)
    monkeypatch.setattr(report_screen, "task_occurrences", lambda *a, **k: occurrences)
    data = report_screen.report_data(q2, "2026-Q2", AS_OF, [PHUC_LOI])
    s = data.summary
    assert (s["tasks"], s["tasks_done"], s["tasks_overdue"]) == (3, 1, 1)
    assert (s["due_in_period"], s["due_in_period_done"], s["due_in_period_overdue"]) == (2, 1, 1)
    ws = openpyxl.load_workbook(io.BytesIO(report_xlsx(data)))["Nhiệm vụ"]
    rows = list(ws.iter_rows(min_row=6, values_only=True))
    assert rows[0][6] == "Quá hạn"  # overdue first
    assert ws["C7"].value == "=Ban hành kế hoạch" and ws["C7"].data_type == "s"
    assert [r[-1] for r in rows] == ["Có", "Không", None]


@pytest.mark.parametrize(
    ("spec", "label"),
    [("2026-Q1", "Quý I/2026"), ("2026-Q4", "Quý IV/2026"), ("2026-03", "Kỳ 01/03/2026–31/03/2026")],
)
def test_quarter_label(spec, label):
    from cchc.periods import parse_period

    assert report_screen.quarter_label(parse_period(spec)) == label


def test_task_figures_are_taken_at_the_quarters_end(tmp_path):
    """Q1's overdue tasks are those overdue on 31 March; the running quarter's, those overdue today."""
    from cchc import tasks
    from cchc.setup import init_database

    con = init_database(tmp_path / "seeded.duckdb")  # units, plans and the seed task tables
    today = d(2026, 11, 29)
    try:
        q1 = report_screen.report_data(con, "2026-Q1", today).summary
        q4 = report_screen.report_data(con, "2026-Q4", today).summary
        overdue = {
            day: int((tasks.task_status(con, day)["status"] == "Quá hạn").sum())
            for day in (d(2026, 3, 31), today)
        }
    finally:
        con.close()
    assert report_screen.tasks_day(report_screen.parse_period("2026-Q1"), today) == d(2026, 3, 31)
    assert report_screen.tasks_day(report_screen.parse_period("2026-Q4"), today) == today
    assert q1["tasks_overdue"] == overdue[d(2026, 3, 31)]
    assert q4["tasks_overdue"] == overdue[today]
    assert q1["tasks_overdue"] != q4["tasks_overdue"]
