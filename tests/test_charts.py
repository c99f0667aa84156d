"""The overview's ECharts options: plain JSON, Vietnamese numbers, a heat map whose cells map back to units."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from cchc.charts import overview as charts
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


def test_heat_map_cells_are_the_selection_indices():
    chart, cells = charts.heatmap_option(HEAT, "Tỷ lệ đạt")
    json.dumps(chart.option, allow_nan=False)  # what st.echarts_chart accepts
    source = [item["value"] for item in chart.option["series"][0]["data"]]
    assert len(source) == len(cells) == 3
    for row, (_, cell) in zip(source, cells.iterrows(), strict=True):
        assert row == [cell["month"], cell["unit_name"], cell["share"], cell["text"], cell["done"]]
    assert chart.option["yAxis"]["data"] == ["Phường A", "Xã B"]  # the laggard is drawn on top
    assert chart.option["xAxis"]["data"] == ["T3/2026", "T4/2026"]
    assert cells.loc[cells["unit_name"] == "Xã B", "unit_code"].tolist() == ["B"]
    assert chart.option["series"][0]["selectedMode"] == "single"


def test_the_running_month_is_drawn_faded_and_told_as_running():
    chart, cells = charts.heatmap_option(HEAT, "Tỷ lệ đạt", running=pd.Timestamp(2026, 4, 17))
    assert chart.option["xAxis"]["data"][0] == "T3/2026"
    assert chart.option["xAxis"]["data"][1]["value"] == "T4/2026"  # the running month's label greyed
    assert cells["done"].tolist() == [1, 0, 1]  # Phường A: T3, T4 (running); Xã B: T3
    assert (
        cells.loc[cells["month"] == "T4/2026", "text"].item()
        == "50% định mức đạt (tháng đang chạy, chưa hết kỳ)"
    )
    assert cells.loc[cells["month"] == "T3/2026", "text"].tolist() == ["100% định mức đạt", "0% định mức đạt"]
    items = chart.option["series"][0]["data"]
    assert [item.get("itemStyle", {}).get("opacity", 1) for item in items] == [1, charts.RUNNING_OPACITY, 1]
    assert charts.RUNNING_OPACITY < 1
    finished, _ = charts.heatmap_option(HEAT, "Tỷ lệ đạt", running=pd.Timestamp(2027, 1, 5))
    assert finished.option["xAxis"]["data"] == ["T3/2026", "T4/2026"]  # a past year: every month done


def test_items_from_a_thousand_are_drawn_in_thousands_and_told_exactly():
    frame = pd.DataFrame({"month": [month(3), month(4)], "channel": "radio", "items": [12345, 800]})
    option = charts.items_over_time_option(frame, "Tin/bài").option
    assert option["yAxis"]["name"] == "Tin/bài mới (nghìn)"
    assert option["series"][0]["data"] == [[0, 12.345, "12.345"], [1, 0.8, "800"]]
    small = charts.items_over_time_option(frame.assign(items=[120, 80]), "Tin/bài").option
    assert small["yAxis"]["name"] == "Tin/bài mới" and small["series"][0]["data"][0][1] == 120


def test_share_bars_are_percentages_coloured_by_share():
    frame = pd.DataFrame({"kind": ["Sở", "Xã"], "share_met": [0.25, None]})
    bars = charts.share_bars_option(frame, "kind", "Tỷ lệ").option["series"][0]["data"]
    assert bars == [
        {"value": 25, "itemStyle": {"color": charts.share_color(0.25)}},
        {"value": 0, "itemStyle": {"color": charts.share_color(0.0)}},
    ]


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


def test_a_phone_gets_wrapped_titles_and_room_for_the_legend():
    frame = pd.DataFrame({"month": [month(3), month(4)], "channel": "radio", "items": [120, 80]})
    wide = charts.items_over_time_option(frame, "Tin/bài mới theo kênh, năm 2026 — Xã, phường, đặc khu")
    phone = charts.narrow(wide)
    assert all(len(line) <= 40 for line in phone.option["title"]["text"].split("\n"))
    assert phone.option["title"]["text"].replace("\n", " ") == wide.option["title"]["text"]
    assert phone.option["grid"]["bottom"] > wide.option["grid"]["bottom"] and phone.height > wide.height
    assert wide.option["title"]["text"].count("\n") == 0  # the laptop's chart is left as it was
    heat, _ = charts.heatmap_option(HEAT, "Xã, phường, đặc khu: tỷ lệ định mức đạt theo tháng năm 2026")
    narrow_heat = charts.narrow(heat)
    assert narrow_heat.option["visualMap"]["top"] > heat.option["visualMap"]["top"]
