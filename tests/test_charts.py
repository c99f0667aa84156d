"""The overview's SVG charts (cchc.charts.overview_svg): well-formed, escaped, Vietnamese numbers, a heat
map whose rows link to their units; and the other charts' helpers."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pandas as pd
import pytest

from cchc.charts import overview as charts
from cchc.charts import overview_svg as svg
from cchc.vocab import STATUS_COLORS


def month(m: int) -> pd.Timestamp:
    return pd.Timestamp(2026, m, 1)


HEAT = pd.DataFrame(
    [
        ("A", "Phường A", month(3), 1.0),
        ("A", "Phường A", month(4), 0.5),
        ("B", "Xã B", month(3), 0.0),
        ("B", "Xã B", month(4), None),  # nothing due yet: no cell
    ],
    columns=["unit_code", "unit_name", "month", "share_met"],
)


@pytest.mark.parametrize(
    ("share", "color"),
    [
        (0.0, STATUS_COLORS["Chưa đạt"]),
        (0.5, STATUS_COLORS["Đang thực hiện"]),
        (1.0, STATUS_COLORS["Đạt"]),
        (1.7, STATUS_COLORS["Đạt"]),
    ],
)
def test_share_colors_follow_the_status_scale(share, color):
    assert charts.share_color(share) == color


NS = {"s": "http://www.w3.org/2000/svg"}


def drawing(html: str) -> ET.Element:
    """The chart's SVG, parsed (a chart is well-formed XML: every text escaped)."""
    assert html.startswith('<div class="cchc-chart">') and html.endswith("</svg></div>")
    root = ET.fromstring(html.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1))
    return root.find("s:svg", NS)


def titles(node: ET.Element) -> list[str]:
    return [t.text or "" for t in node.iter("{http://www.w3.org/2000/svg}title")]


def test_the_heat_map_puts_the_laggards_on_top_and_links_each_row_to_its_unit():
    links = {"A": "ward?unit=A&year=2026&month=4", "B": "ward?unit=B&year=2026&month=4"}
    root = drawing(svg.heatmap(HEAT, "Tỷ lệ đạt", links=links))
    rows = root.findall("s:a", NS)
    assert [a.get("href") for a in rows] == [links["B"], links["A"]]  # Xã B (0%) above Phường A
    assert [titles(a) for a in rows] == [
        ["Xã B\nT3/2026: 0% định mức đạt"],  # its April: nothing due, no cell
        ["Phường A\nT3/2026: 100% định mức đạt\nT4/2026: 50% định mức đạt"],
    ]
    cells = [r for a in rows for r in a.iter("{http://www.w3.org/2000/svg}rect")]
    assert [c.get("fill") for c in cells] == [
        charts.share_color(0.0),
        charts.share_color(1.0),
        charts.share_color(0.5),
    ]
    months = [t.text for t in root.findall("s:text", NS)[:2]]
    assert months == ["T3/2026", "T4/2026"]


def test_the_running_month_is_drawn_faded_and_told_as_running():
    root = drawing(svg.heatmap(HEAT, "Tỷ lệ đạt", running=pd.Timestamp(2026, 4, 17)))
    cells = list(root.iter("{http://www.w3.org/2000/svg}rect"))[:3]  # Xã B's March, Phường A's two
    assert [c.get("fill-opacity") for c in cells] == [None, None, str(svg.RUNNING_OPACITY)]
    assert svg.RUNNING_OPACITY < 1
    told = [t for t in titles(root) if t.startswith("Phường A")]
    assert told == [
        "Phường A\nT3/2026: 100% định mức đạt\nT4/2026: 50% định mức đạt (tháng đang chạy, chưa hết kỳ)"
    ]
    label = next(t for t in root.findall("s:text", NS) if t.text == "T4/2026")
    assert label.get("font-style") == "italic"
    _, _, finished = svg.heat_grid(HEAT, pd.Timestamp(2027, 1, 5))
    assert finished["done"].tolist() == [1, 1, 1]  # a past year: every month done


def test_names_are_escaped_and_a_phone_gets_a_drawing_of_its_width():
    frame = HEAT.assign(
        unit_name=HEAT["unit_name"].replace("Xã B", "Xã <b>&'B\" — một tên rất dài của đơn vị")
    )
    wide, phone = svg.heatmap(frame, "T <1>", phone=False), svg.heatmap(frame, "T <1>", phone=True)
    assert "<b>" not in wide and "&lt;b&gt;&amp;" in wide and "T &lt;1&gt;" in wide
    assert drawing(wide).get("viewBox").split()[2] == str(svg.WIDE)
    root = drawing(phone)
    assert root.get("viewBox").split()[2] == str(svg.NARROW)
    label = next(t for t in root.iter("{http://www.w3.org/2000/svg}text") if (t.text or "").startswith("Xã"))
    assert label.text.endswith("…") and len(label.text) <= 20
    assert any(t.startswith("Xã <b>&'B\" — một tên rất dài") for t in titles(root))  # whole in its tooltip


def test_items_are_told_the_vietnamese_way_with_one_line_per_channel():
    frame = pd.DataFrame(
        {
            "month": [month(3), month(4), month(3)],
            "channel": ["radio", "radio", "city_page"],
            "items": [12345, 800, 7],
        }
    )
    root = drawing(svg.items_over_time(frame, "Tin/bài"))
    points = [t for c in root.iter("{http://www.w3.org/2000/svg}circle") for t in titles(c)]
    assert "Hệ thống truyền thanh cơ sở\nT3/2026: 12.345 tin/bài mới" in points
    assert "Trang thông tin CCHC Thành phố\nT3/2026: 7 tin/bài mới" in points
    assert len(root.findall("s:polyline", NS)) == 1  # the city page has one point: no line
    ticks = [t.text for t in root.findall("s:text", NS) if t.get("text-anchor") == "end"]
    assert ticks[-1] == "12.500" and ticks[0] == "0"


def test_share_bars_are_percentages_coloured_by_share():
    frame = pd.DataFrame({"kind": ["Sở", "Xã"], "share_met": [0.25, None]})
    root = drawing(svg.share_bars(frame, "kind", "Tỷ lệ"))
    bars = [r for r in root.findall("s:rect", NS)]
    assert [b.get("fill") for b in bars] == [charts.share_color(0.25), charts.share_color(0.0)]
    assert [titles(b) for b in bars] == [["Sở: 25%"], ["Xã: 0%"]]
    assert float(bars[1].get("width")) == 0


def test_ticks_are_round():
    assert svg._ticks(300) == [0, 100, 200, 300]
    assert svg._ticks(12345) == [0, 2500, 5000, 7500, 10000, 12500]
    assert svg._ticks(3) == [0, 1, 2, 3] and svg._ticks(0) == [0, 1]


def test_task_timeline_keeps_to_the_years_around_the_day_and_writes_names_above_bars():
    from datetime import date

    from cchc.charts import tasks as task_charts

    occ = pd.DataFrame(
        {
            "plan": "PL",
            "stt": [1, 2],
            "task": ["Ban hành kế hoạch", "Duy trì chuyên mục đến hết kỳ kế hoạch " + "x" * 80],
            "occ_start": [date(2026, 1, 1), date(2026, 1, 1)],
            "occ_due": [date(2026, 3, 5), date(2040, 12, 31)],
            "status": ["Quá hạn", "Đang thực hiện"],
        }
    )
    fig = task_charts.timeline_figure(occ, date(2026, 11, 29), "PL")
    low, high = (pd.Timestamp(v) for v in fig.layout.xaxis.range)
    assert pd.Timestamp(2025, 12, 1) < low <= pd.Timestamp(2026, 1, 1)
    assert pd.Timestamp(2027, 12, 31) <= high < pd.Timestamp(2028, 3, 1)  # not 2040: bars stay readable
    assert fig.layout.yaxis.showticklabels is False  # names are written above the bars instead
    names = [a.text for a in fig.layout.annotations if a.text.startswith(("1.", "2."))]
    assert names[0] == "1. Ban hành kế hoạch" and names[1].endswith("…")
    assert fig.layout.legend.orientation == "h" and fig.layout.legend.y < 0  # under the chart
    phone = task_charts.timeline_figure(occ, date(2026, 11, 29), "PL", narrow=True)
    wrapped = next(a.text for a in phone.layout.annotations if a.text.startswith("2."))
    assert wrapped.count("<br>") == 1 and all(
        len(line) <= task_charts.NARROW_CHARS for line in wrapped.split("<br>")
    )


def test_two_units_of_one_name_are_two_rows_each_with_its_code():
    twins = pd.concat([HEAT, HEAT.assign(unit_code="C", unit_name="Xã B", share_met=[0.9, 0.9, 0.9, 0.9])])
    root = drawing(svg.heatmap(twins, "Tỷ lệ đạt", links={"B": "ward?unit=B", "C": "ward?unit=C"}))
    rows = root.findall("s:a", NS)
    assert [a.get("href") for a in rows] == ["ward?unit=B", "ward?unit=C"]  # not averaged into one row
    names = [a.find("s:g/s:text", NS).text for a in rows]
    assert names == ["Xã B (B)", "Xã B (C)"]
    assert [t.split("\n")[0] for t in titles(root)] == ["Xã B (B)", "Phường A", "Xã B (C)"]
