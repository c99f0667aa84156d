"""Charts of one unit's page (ward or department): pace line, weeks, items per month. Pure plotly."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import plotly.graph_objects as go

from cchc.charts.overview import FONT
from cchc.quotas.pace import RulePace
from cchc.vocab import CHANNELS, STATUS_COLORS

ACTUAL = "#1565c0"
EXPECTED = "#757575"
CHANNEL_COLORS = {
    "city_page": "#1565c0",
    "own_portal": "#00897b",
    "radio": "#8e24aa",
    "broadcast": "#ef6c00",
    "social": "#90a4ae",
}


def _layout(fig: go.Figure, title: str, subtitle: str | None = None, height: int = 360) -> go.Figure:
    fig.update_layout(
        title=dict(text=title, x=0, xanchor="left", subtitle=dict(text=subtitle or "")),
        font=FONT,
        margin=dict(l=10, r=10, t=70 if subtitle else 50, b=10),
        plot_bgcolor="white",
        height=height,
        separators=",.",
        legend=dict(orientation="h", y=-0.18),
    )
    fig.update_yaxes(gridcolor="#eeeeee", rangemode="tozero")
    return fig


def pace_chart(rp: RulePace, as_of: date, title: str) -> go.Figure:
    """Cumulative items against the straight line from 0 to the quota, with where the current
    rate leads by the end of the period."""
    p = rp.pace
    fig = go.Figure()
    fig.add_scatter(
        x=[p.start, p.end],
        y=[0, p.required],
        mode="lines",
        name="Nhịp cần thiết (đều từ 0 đến định mức)",
        line=dict(color=EXPECTED, dash="dash"),
        hovertemplate="%{x|%d/%m/%Y}: cần %{y:.1f}<extra></extra>",
    )
    if p.cumulative:
        days = [d for d, _ in p.cumulative]
        fig.add_scatter(
            x=days,
            y=[n for _, n in p.cumulative],
            mode="lines",
            line=dict(color=ACTUAL, width=3, shape="hv"),
            name="Thực tế (lũy kế)",
            hovertemplate="%{x|%d/%m/%Y}: %{y} tin/bài<extra></extra>",
        )
        if p.days_left > 0:
            color = STATUS_COLORS["Đạt"] if p.on_track else STATUS_COLORS["Chưa đạt"]
            fig.add_scatter(
                x=[days[-1], p.end],
                y=[p.actual, p.projected],
                mode="lines+markers",
                line=dict(color=color, dash="dot"),
                marker=dict(size=[0, 8], color=color),
                name="Dự kiến theo nhịp hiện tại",
                hovertemplate="%{x|%d/%m/%Y}: dự kiến %{y:.1f}<extra></extra>",
            )
    fig.add_hline(
        y=p.required,
        line=dict(color=STATUS_COLORS["Đạt"], width=1),
        annotation_text=f"Định mức: {p.required}",
        annotation_position="top left",
    )
    if p.start <= as_of <= p.end:
        fig.add_vline(x=as_of.isoformat(), line=dict(color="#bdbdbd", width=1))
    margin = timedelta(days=max(1, p.days_total // 40))
    fig.update_xaxes(tickformat="%d/%m", range=[(p.start - margin).isoformat(), (p.end + margin).isoformat()])
    fig.update_yaxes(title="Tin/bài (lũy kế)", range=[0, max(p.required, p.projected, p.actual) * 1.15 + 0.5])
    return _layout(fig, title, rp.rule_label)


def weekly_chart(weeks: pd.DataFrame, title: str, subtitle: str | None = None) -> go.Figure:
    """One weekly quota week by week: items per ISO week coloured by status, the quota as a line."""
    fig = go.Figure()
    if weeks.empty:
        return _layout(fig, title, subtitle)
    for status, color in STATUS_COLORS.items():
        part = weeks[weeks["status"] == status]
        if part.empty:
            continue
        fig.add_bar(
            x=part["week"],
            y=part["actual"],
            name=status,
            marker_color=color,
            customdata=part[["period_label", "required"]].to_numpy(),
            hovertemplate="%{customdata[0]}<br>%{y}/%{customdata[1]} tin/bài<extra>" + status + "</extra>",
        )
    # A strip of status squares under the bars, so a week with nothing still shows its status.
    fig.add_scatter(
        x=weeks["week"],
        y=[-0.3] * len(weeks),
        mode="markers",
        marker=dict(symbol="square", size=9, color=[STATUS_COLORS.get(s, EXPECTED) for s in weeks["status"]]),
        customdata=weeks[["period_label", "actual", "required", "status"]].to_numpy(),
        hovertemplate="%{customdata[0]}<br>%{customdata[1]}/%{customdata[2]} tin/bài<br>%{customdata[3]}<extra></extra>",
        showlegend=False,
    )
    required = int(weeks["required"].max())
    top = max(required, int(weeks["actual"].max())) + 0.8
    fig.add_hline(
        y=required,
        line=dict(color=EXPECTED, dash="dash"),
        annotation_text=f"Định mức: {required}/tuần",
        annotation_position="top right",
    )
    first, last = int(weeks["week"].min()), int(weeks["week"].max())
    fig.update_xaxes(title="Tuần (ISO)", dtick=2 if len(weeks) > 26 else 1, range=[first - 0.6, last + 0.6])
    fig.update_yaxes(
        title="Tin/bài mới", range=[-0.55, top], tickvals=list(range(0, int(top) + 1)), rangemode="normal"
    )
    fig.update_layout(barmode="overlay", bargap=0.25)
    return _layout(fig, title, subtitle)


def items_by_month_chart(frame: pd.DataFrame, title: str) -> go.Figure:
    """New items per month, stacked by channel."""
    fig = go.Figure()
    if not frame.empty:
        for channel, label in CHANNELS.items():
            part = frame[frame["channel"] == channel].sort_values("month")
            if part.empty:
                continue
            fig.add_bar(
                x=[f"T{m.month}" for m in part["month"]],
                y=part["items"],
                name=label,
                marker_color=CHANNEL_COLORS.get(channel),
                hovertemplate=label + "<br>%{x}: %{y} tin/bài<extra></extra>",
            )
        months = sorted(frame["month"].unique())
        fig.update_xaxes(categoryorder="array", categoryarray=[f"T{pd.Timestamp(m).month}" for m in months])
    fig.update_layout(barmode="stack")
    fig.update_yaxes(title="Tin/bài mới")
    return _layout(fig, title, height=340)
