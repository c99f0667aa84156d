"""The Nhiệm vụ page's timeline: task occurrences as a Gantt chart (pure: frame → figure)."""

from __future__ import annotations

import html
import textwrap
from datetime import date, timedelta

import pandas as pd
import plotly.express as px
from plotly.graph_objects import Figure

from cchc.vocab import TASK_STATUSES

STATUS_COLORS: dict[str, str] = {
    "Hoàn thành đúng hạn": "#2e7d32",
    "Hoàn thành quá hạn": "#9ccc65",
    "Quá hạn": "#c62828",
    "Sắp đến hạn": "#ef6c00",
    "Đang thực hiện": "#1565c0",
    "Thường xuyên": "#78909c",
    "Chưa xác định hạn": "#bdbdbd",
}


NAME_CHARS = 90  # a task's name above its bar; the whole name is in the tooltip
NARROW_CHARS = 44  # a line of a name on a phone


def _bars(occ: pd.DataFrame) -> pd.DataFrame:
    """One bar per occurrence with a due day: start (or the due day) to the end of the due day."""
    frame = occ[occ["occ_due"].notna()].sort_values(["plan", "stt"], kind="stable").copy()
    frame["start"] = pd.to_datetime(
        [s or d for s, d in zip(frame["occ_start"], frame["occ_due"], strict=True)]
    )
    frame["end"] = pd.to_datetime(frame["occ_due"]) + timedelta(days=1)  # the due day is a whole day
    several = frame["plan"].nunique() > 1
    frame["row"] = [
        f"{p + ' · ' if several else ''}{s}. {t[:NAME_CHARS]}{'…' if len(t) > NAME_CHARS else ''}"
        for p, s, t in zip(frame["plan"], frame["stt"], frame["task"], strict=True)
    ]
    frame["Hạn"] = [d.strftime("%d/%m/%Y") for d in frame["occ_due"]]
    return frame


def time_range(frame: pd.DataFrame, as_of: date) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The span the chart shows: its bars and the as-of day, kept within the year before and the
    year after the as-of day (a task "until 2030" does not squeeze this year's bars to slivers)."""
    day = pd.Timestamp(as_of)
    low = max(min(frame["start"].min(), day), pd.Timestamp(day.year - 1, 1, 1))
    high = min(max(frame["end"].max(), day), pd.Timestamp(day.year + 1, 12, 31))
    pad = max((high - low) / 40, pd.Timedelta(days=3))
    return low - pad, high + pad


def timeline_figure(occ: pd.DataFrame, as_of: date, title: str = "", *, narrow: bool = False) -> Figure:
    """A Gantt chart: one bar per occurrence with known dates, coloured by status; a line at as_of.

    Each task's name is written above its bars across the whole width (not beside them), so a
    phone shows the names and the bars wide; the legend sits under the chart. `narrow` (a phone):
    names wrap onto two lines of NARROW_CHARS characters."""
    frame = _bars(occ)
    rows = list(dict.fromkeys(frame["row"]))
    fig = px.timeline(
        frame,
        x_start="start",
        x_end="end",
        y="row",
        color="status",
        color_discrete_map=STATUS_COLORS,
        category_orders={"status": list(TASK_STATUSES), "row": rows},
        hover_data={"task": True, "Hạn": True, "status": True, "row": False, "start": False, "end": False},
        labels={"status": "Trạng thái", "task": "Nhiệm vụ", "row": ""},
        title=title,
    )
    fig.update_traces(width=0.42, offset=-0.42)  # the lower half of each row: the name is above
    fig.update_yaxes(title=None, showticklabels=False, showgrid=False)
    low, high = time_range(frame, as_of) if len(frame) else (None, None)
    fig.update_xaxes(tickformat="%m/%Y", title=None, range=[low, high], automargin=True)
    x = pd.Timestamp(as_of)
    fig.add_shape(type="line", x0=x, x1=x, y0=0, y1=1, yref="paper", line={"color": "#333", "dash": "dot"})
    _names_and_legend(fig, title, rows, as_of, narrow)
    return fig


def _name(row: str, narrow: bool) -> str:
    """A row's name as annotation text: escaped (Plotly reads it as HTML), on two lines if narrow."""
    if not narrow:
        return html.escape(row, quote=False)
    lines = textwrap.wrap(row, NARROW_CHARS, max_lines=2, placeholder=" …")
    return "<br>".join(html.escape(line, quote=False) for line in lines)


def _names_and_legend(fig: Figure, title: str, rows: list[str], as_of: date, narrow: bool) -> None:
    """Each row's name above its bars, the legend under the dates, the as-of day over its line."""
    x = pd.Timestamp(as_of)
    for row in rows:
        fig.add_annotation(
            x=0,
            xref="paper",
            y=row,
            yshift=-3,
            text=_name(row, narrow),
            showarrow=False,
            xanchor="left",
            yanchor="bottom",
            align="left",  # a two-line name's lines start at the left edge
            font={"size": 12, "color": "#31333f"},
        )
    height = max(300, 170 + (62 if narrow else 44) * len(rows))
    plot = height - 60 - 110  # the plot area: the legend goes 40 px under it, below the dates
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 15}},
        height=height,
        margin={"l": 8, "r": 8, "t": 60, "b": 110},
        legend={
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "y": -40 / plot,
            "yanchor": "top",
            "title": {"text": "Trạng thái: "},
        },
        bargap=0,
    )
    fig.add_annotation(
        x=x,
        y=1,
        yref="paper",
        yanchor="bottom",
        xanchor="right",  # to the left of its line, which may be the chart's right edge
        text=f"Tính đến {as_of:%d/%m/%Y}",
        showarrow=False,
        font={"size": 11},
    )
