"""DataFrame → plotly Figure. Pure functions; titles say what a chart shows."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from cchc.vocab import CHANNELS, STATUS_COLORS

FONT = dict(family="Inter, Segoe UI, Roboto, Arial, sans-serif")
# Red → amber → green, the status colours, so a share reads like a status.
SHARE_SCALE = [
    [0.0, STATUS_COLORS["Chưa đạt"]],
    [0.5, STATUS_COLORS["Đang thực hiện"]],
    [1.0, STATUS_COLORS["Đạt"]],
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


def heatmap(frame: pd.DataFrame, title: str) -> go.Figure:
    """Units (rows) × months (columns), coloured by the share of rule-periods met."""
    if frame.empty:
        return _layout(go.Figure(), title)
    pivot = frame.pivot_table(index="unit_name", columns="month", values="share_met", aggfunc="mean")
    # Plotly draws the first row at the bottom: sort best-first so the laggards end up on top.
    pivot = pivot.loc[pivot.mean(axis=1).sort_values(ascending=False, na_position="first").index]
    x = [month_label(m) for m in pivot.columns]
    text = pivot.map(lambda v: "" if pd.isna(v) else f"{v:.0%}".replace(".", ","))
    fig = go.Figure(
        go.Heatmap(
            z=pivot.values,
            x=x,
            y=list(pivot.index),
            zmin=0,
            zmax=1,
            colorscale=SHARE_SCALE,
            hoverinfo="skip",
            colorbar=dict(title="Tỷ lệ đạt", tickformat=".0%", len=260, lenmode="pixels", y=1, yanchor="top"),
            xgap=1,
            ygap=1,
        )
    )
    # Heatmap cells cannot be selected in plotly: a transparent marker over each cell carries
    # the hover text and makes a click select that unit (the page opens the unit's own page).
    cells = pd.DataFrame(
        [(name, label, text.iat[r, c]) for r, name in enumerate(pivot.index) for c, label in enumerate(x)],
        columns=["y", "x", "text"],
    )
    fig.add_scatter(
        x=cells["x"],
        y=cells["y"],
        text=cells["text"],
        mode="markers",
        marker=dict(symbol="square", size=16, color="rgba(0,0,0,0)"),
        hovertemplate="%{y}<br>%{x}: %{text} định mức đạt<extra></extra>",
        showlegend=False,
    )
    fig.update_xaxes(side="top", range=[-0.5, len(x) - 0.5], fixedrange=True)
    fig.update_yaxes(range=[-0.5, len(pivot) - 0.5], fixedrange=True)
    fig.update_layout(clickmode="event+select")
    fig = _layout(fig, title, height=max(360, 18 * len(pivot) + 160))
    fig.update_layout(margin=dict(t=90), title=dict(y=0.995, yanchor="top", yref="container"))
    return fig


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
