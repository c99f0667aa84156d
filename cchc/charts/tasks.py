"""The Nhiệm vụ page's timeline: task occurrences as a Gantt chart (pure: frame → figure)."""

from __future__ import annotations

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


def _bars(occ: pd.DataFrame) -> pd.DataFrame:
    """One bar per occurrence with a due day: start (or the due day) to the end of the due day."""
    frame = occ[occ["occ_due"].notna()].sort_values(["plan", "stt"], kind="stable").copy()
    frame["start"] = pd.to_datetime(
        [s or d for s, d in zip(frame["occ_start"], frame["occ_due"], strict=True)]
    )
    frame["end"] = pd.to_datetime(frame["occ_due"]) + timedelta(days=1)  # the due day is a whole day
    several = frame["plan"].nunique() > 1
    frame["row"] = [
        f"{p + ' · ' if several else ''}{s}. {t[:55]}{'…' if len(t) > 55 else ''}"
        for p, s, t in zip(frame["plan"], frame["stt"], frame["task"], strict=True)
    ]
    frame["Hạn"] = [d.strftime("%d/%m/%Y") for d in frame["occ_due"]]
    return frame


def timeline_figure(occ: pd.DataFrame, as_of: date, title: str = "") -> Figure:
    """A Gantt chart: one bar per occurrence with known dates, coloured by status; a line at as_of."""
    frame = _bars(occ)
    fig = px.timeline(
        frame,
        x_start="start",
        x_end="end",
        y="row",
        color="status",
        color_discrete_map=STATUS_COLORS,
        category_orders={"status": list(TASK_STATUSES), "row": list(dict.fromkeys(frame["row"]))},
        hover_data={"task": True, "Hạn": True, "status": True, "row": False, "start": False, "end": False},
        labels={"status": "Trạng thái", "task": "Nhiệm vụ", "row": ""},
        title=title,
    )
    fig.update_yaxes(title=None)
    fig.update_xaxes(tickformat="%d/%m/%Y", title=None)
    x = pd.Timestamp(as_of)
    fig.add_shape(type="line", x0=x, x1=x, y0=0, y1=1, yref="paper", line={"color": "#333", "dash": "dot"})
    fig.add_annotation(x=x, y=1, yref="paper", text=f"Tính đến {as_of:%d/%m/%Y}", showarrow=False, yshift=10)
    fig.update_layout(height=max(320, 60 + 26 * frame["row"].nunique()), legend_title_text="Trạng thái")
    return fig
