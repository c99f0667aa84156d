"""DataFrame → chart: plotly Figures (unit pages, the report and its images), and the share scale
the overview's SVG charts (overview_svg.py) and maps use. Pure functions; titles say what a
chart shows."""

from __future__ import annotations

from itertools import pairwise

import pandas as pd
import plotly.graph_objects as go

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


# --- Colours and labels shared with the overview's SVG charts (overview_svg.py) and maps


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
