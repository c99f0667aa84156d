"""DataFrame → chart: plotly Figures (unit pages, the report and its images) and the overview's
ECharts options. Pure functions; titles say what a chart shows."""

from __future__ import annotations

import copy
import textwrap
from itertools import pairwise
from typing import Any, NamedTuple

import pandas as pd
import plotly.graph_objects as go

from cchc.text import vn_number
from cchc.vocab import CHANNELS, STATUS_COLORS

FONT = dict(family="Inter, Segoe UI, Roboto, Arial, sans-serif")
# Red → amber → green, the status colours, so a share reads like a status.
SHARE_SCALE: list[tuple[float, str]] = [
    (0.0, STATUS_COLORS["Chưa đạt"]),
    (0.5, STATUS_COLORS["Đang thực hiện"]),
    (1.0, STATUS_COLORS["Đạt"]),
]


def _layout(fig: go.Figure, title: str, height: int | None = None) -> go.Figure:
    fig.update_layout(
        title=dict(text=title, x=0, xanchor="left"),
        font=FONT,
        margin=dict(l=10, r=10, t=50, b=10),
        plot_bgcolor="white",
        height=height,
        separators=",.",
    )
    return fig


def month_label(ts: pd.Timestamp) -> str:
    return f"T{ts.month}/{ts.year}"


def status_bars(frame: pd.DataFrame, category: str, title: str) -> go.Figure:
    """Stacked horizontal bars of status counts per category (e.g. per unit kind)."""
    fig = go.Figure()
    for status, color in STATUS_COLORS.items():
        part = frame[frame["status"] == status]
        fig.add_bar(y=part[category], x=part["count"], name=status, orientation="h", marker_color=color)
    fig.update_layout(barmode="stack", legend=dict(orientation="h", y=-0.15))
    return _layout(fig, title, height=max(280, 40 * frame[category].nunique() + 140))


def share_bars(frame: pd.DataFrame, category: str, title: str) -> go.Figure:
    """Share met per category (0–100%), coloured on the status scale."""
    fig = go.Figure(
        go.Bar(
            x=frame["share_met"],
            y=frame[category],
            orientation="h",
            marker=dict(color=frame["share_met"], colorscale=SHARE_SCALE, cmin=0, cmax=1),
            text=[f"{v:.0%}" for v in frame["share_met"].fillna(0)],
            textposition="auto",
            hovertemplate="%{y}: %{x:.0%}<extra></extra>",
        )
    )
    fig.update_xaxes(range=[0, 1], tickformat=".0%")
    return _layout(fig, title, height=max(260, 36 * len(frame) + 120))


def items_over_time(frame: pd.DataFrame, title: str) -> go.Figure:
    """New items per month, one line per channel."""
    fig = go.Figure()
    for channel, label in CHANNELS.items():
        part = frame[frame["channel"] == channel].sort_values("month")
        if not part.empty:
            fig.add_scatter(x=part["month"], y=part["items"], mode="lines+markers", name=label)
    fig.update_xaxes(tickformat="T%m/%Y", dtick="M1")
    fig.update_layout(legend=dict(orientation="h", y=-0.2), yaxis_title="Tin/bài mới")
    return _layout(fig, title, height=380)


# --- The overview's charts as ECharts options (st.echarts_chart) --------------------------------
# Streamlit loads plotly's script (4.7 MB) in every new browser tab, and compiling it alone takes
# ~0.8 s; its ECharts script is a quarter of that, so the overview draws ECharts and opens in ≤ 2 s.
# Options are plain data (no JavaScript callbacks): numbers are written here, the Vietnamese way,
# and shown through ECharts' templates.


class EChart(NamedTuple):
    option: dict[str, Any]
    height: int
    renderer: str = "canvas"


def share_color(share: float) -> str:
    """The colour of a share (0–1) on SHARE_SCALE, interpolated linearly."""
    share = min(max(float(share), 0.0), 1.0)
    for (lo, c0), (hi, c1) in pairwise(SHARE_SCALE):
        if share <= hi:
            t = (share - lo) / (hi - lo)
            rgb = [round(int(c0[i : i + 2], 16) * (1 - t) + int(c1[i : i + 2], 16) * t) for i in (1, 3, 5)]
            return "#" + "".join(f"{v:02x}" for v in rgb)
    return SHARE_SCALE[-1][1]


def pct(share: float) -> str:
    return f"{share:.0%}"


def _option(title: str, **parts: Any) -> dict[str, Any]:
    return {
        "animation": False,  # the first paint is the finished chart
        "title": {"text": title, "left": 0, "top": 4, "textStyle": {"fontSize": 15, "fontWeight": 600}},
        **parts,
    }


RUNNING_NOTE = "tháng đang chạy, chưa hết kỳ"


HEAT_VISUAL_MAP: dict[str, Any] = {
    "type": "continuous",
    "min": 0,
    "max": 1,
    "dimension": 2,
    "calculable": False,
    "hoverLink": False,
    "right": 0,
    "top": 60,
    "itemHeight": 200,
    "text": ["100%", "0%"],
    "inRange": {"color": [color for _, color in SHARE_SCALE]},
}
RUNNING_OPACITY = 0.4  # the running month's cells: its periods are not over


def _heat_cells(frame: pd.DataFrame, pivot: pd.DataFrame, now: str | None) -> pd.DataFrame:
    """The heat map's cells, row by row: one per unit and month with a share (none where nothing
    was due); `done` is 0 for the running month `now`, whose text says so."""
    codes = frame.drop_duplicates("unit_name").set_index("unit_name")["unit_code"]
    long = pivot.stack().rename("share").dropna().reset_index()
    long.columns = ["unit_name", "month", "share"]
    done = (long["month"] != now).astype(int)
    text = long["share"].map(pct) + " định mức đạt"
    text = text.where(done == 1, text + f" ({RUNNING_NOTE})")
    return long.assign(
        unit_code=long["unit_name"].map(codes), share=long["share"].round(3), text=text, done=done
    )[["unit_code", "unit_name", "month", "share", "text", "done"]]


def heatmap_option(
    frame: pd.DataFrame, title: str, running: pd.Timestamp | None = None
) -> tuple[EChart, pd.DataFrame]:
    """Units (rows) × months (columns), coloured by the share of rule-periods met; and its cells
    (unit_code, unit_name, month, share, text, done) in the order of the selection's data indices:
    a click on a cell selects it. The `running` month (today's) is drawn faded, its label grey:
    its periods have not ended, so its share is not comparable with finished months."""
    cells = pd.DataFrame(columns=["unit_code", "unit_name", "month", "share", "text", "done"])
    if frame.empty:
        return EChart(_option(title), 360), cells
    pivot = frame.pivot_table(index="unit_name", columns="month", values="share_met", aggfunc="mean")
    # The first category is drawn at the bottom: sort best-first so the laggards end up on top.
    pivot = pivot.loc[pivot.mean(axis=1).sort_values(ascending=False, na_position="first").index]
    months = [month_label(m) for m in pivot.columns]
    now = month_label(running) if running is not None else None
    cells = _heat_cells(frame, pivot.set_axis(months, axis=1), now)
    dims = ["month", "unit_name", "share", "text", "done"]
    faded = {"color": "#9e9e9e", "fontStyle": "italic"}
    option = _option(
        title,
        grid={"left": 12, "right": 96, "top": 60, "bottom": 8, "containLabel": True},
        xAxis={
            "type": "category",
            "data": [{"value": m, "textStyle": faded} if m == now else m for m in months],
            "position": "top",
            "axisTick": {"show": False},
        },
        yAxis={
            "type": "category",
            "data": list(pivot.index),
            "axisTick": {"show": False},
            "axisLabel": {"interval": 0},
        },
        visualMap=HEAT_VISUAL_MAP,
        tooltip={"trigger": "item", "formatter": "{@unit_name}<br>{@month}: {@text}"},
        series=[
            {
                "type": "heatmap",
                "dimensions": dims,
                # one item per cell, in the order of `cells`; a running month's item is faded
                "data": [
                    {"value": v} if v[4] else {"value": v, "itemStyle": {"opacity": RUNNING_OPACITY}}
                    for v in cells[dims].values.tolist()
                ],
                "encode": {"x": "month", "y": "unit_name", "value": "share"},
                "itemStyle": {"borderColor": "#ffffff", "borderWidth": 1},
                "selectedMode": "single",
                "select": {"itemStyle": {"borderColor": "#212121", "borderWidth": 2}},
                "emphasis": {"itemStyle": {"borderColor": "#212121", "borderWidth": 1}},
                "cursor": "pointer",
            }
        ],
    )
    height = max(360, 18 * len(pivot) + 90)
    # A canvas stops drawing beyond ~32,000 pixels: every unit of a whole country goes as SVG.
    return EChart(option, height, "svg" if height > 16_000 else "canvas"), cells


def share_bars_option(frame: pd.DataFrame, category: str, title: str) -> EChart:
    """Share met per category (0–100%), each bar coloured on the status scale."""
    shares = frame["share_met"].fillna(0).tolist()
    option = _option(
        title,
        grid={"left": 8, "right": 24, "top": 44, "bottom": 8, "containLabel": True},
        xAxis={"type": "value", "min": 0, "max": 100, "axisLabel": {"formatter": "{value}%"}},
        yAxis={"type": "category", "data": frame[category].tolist(), "axisTick": {"show": False}},
        tooltip={"trigger": "item", "formatter": "{b}: {c}%"},
        series=[
            {
                "type": "bar",
                "data": [{"value": round(s * 100), "itemStyle": {"color": share_color(s)}} for s in shares],
                "label": {"show": True, "position": "insideRight", "formatter": "{c}%", "color": "#ffffff"},
                "barMaxWidth": 40,
            }
        ],
    )
    return EChart(option, max(260, 36 * len(frame) + 120))


def items_over_time_option(frame: pd.DataFrame, title: str) -> EChart:
    """New items per month, one line per channel. ECharts writes 12,345 on a value axis, so counts
    from a thousand up are drawn in thousands (whole ticks need no separator); the tooltip gives the
    exact count, written the Vietnamese way."""
    months = sorted(frame["month"].unique())
    thousands = bool(frame["items"].max() >= 1000)
    series = []
    for channel, label in CHANNELS.items():
        part = frame[frame["channel"] == channel].set_index("month")["items"].reindex(months)
        if part.notna().any():
            data = [
                [i, None, ""] if pd.isna(v) else [i, v / 1000 if thousands else int(v), vn_number(v)]
                for i, v in enumerate(part)
            ]
            series.append({"type": "line", "name": label, "data": data, "encode": {"x": 0, "y": 1}})
    option = _option(
        title,
        grid={"left": 8, "right": 28, "top": 64, "bottom": 72, "containLabel": True},
        legend={"bottom": 0, "left": 0},
        xAxis={
            "type": "category",
            "data": [month_label(pd.Timestamp(m)) for m in months],
            "boundaryGap": False,
        },
        yAxis={
            "type": "value",
            "name": "Tin/bài mới (nghìn)" if thousands else "Tin/bài mới",
            "nameTextStyle": {"align": "left"},
            "minInterval": 1,
        },
        tooltip={"trigger": "item", "formatter": "{a}<br>{b}: {@[2]} tin/bài mới"},
        series=series,
    )
    return EChart(option, 380)


def narrow(chart: EChart, chars: int = 40) -> EChart:
    """The same chart for a phone: the title on lines of at most `chars` characters (ECharts does
    not wrap it and cut it at the edge), and room under the plot for a legend that wraps."""
    option = copy.deepcopy(chart.option)
    lines = textwrap.wrap(option["title"]["text"], chars) or [""]
    option["title"]["text"] = "\n".join(lines)
    option["title"].setdefault("textStyle", {})["lineHeight"] = 20
    extra = 20 * (len(lines) - 1)
    grid = option.setdefault("grid", {})
    grid["top"] = grid.get("top", 60) + extra
    maps = option.get("visualMap", [])
    for part in maps if isinstance(maps, list) else [maps]:
        if "top" in part:
            part["top"] += extra
    height = chart.height + extra
    if "legend" in option:  # four channels' names wrap onto four lines on a phone
        grid["bottom"] = grid.get("bottom", 0) + 80
        height += 80
    return EChart(option, height, chart.renderer)
