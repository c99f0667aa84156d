"""The overview's three charts as inline SVG, made here: the HTML of one `<div class="cchc-chart">`.

No chart script for the browser to load, compile and run in every new tab: a returning visit at
national scale 1.26 s instead of 1.55 s with ECharts, right after an import 1.66 s instead of
2.06 s (bench_overview_browser.py, interleaved, 30/11). A chart's title is HTML above its SVG (it wraps on a
phone); a phone gets a drawing as wide as its screen, so the texts keep their size. Every text is
escaped here; tooltips are SVG <title>s, and a heat map row links to its unit's page.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from html import escape

import numpy as np
import pandas as pd

from cchc.charts.overview import SHARE_SCALE, month_label, pct, share_color
from cchc.text import vn_number
from cchc.vocab import CHANNELS

WIDE, HALF, NARROW = 1100, 480, 360  # the drawings' widths (their own units, drawn at the width
# of the page, of half of it, of a phone)
ROW = 18  # a heat map row
FONT = "Inter, Segoe UI, Roboto, Arial, sans-serif"
GREY = "#9e9e9e"
RUNNING_OPACITY = 0.4  # the running month's cells: its periods are not over
RUNNING_NOTE = "tháng đang chạy, chưa hết kỳ"
# A line per channel, in CHANNELS' order.
PALETTE = ("#5470c6", "#91cc75", "#fac858", "#ee6666", "#73c0de", "#3ba272")


def _chart(title: str, width: float, height: float, body: str) -> str:
    return (
        '<div class="cchc-chart">'
        f'<div style="font-size: 15px; font-weight: 600; margin-bottom: 6px">{escape(title)}</div>'
        f'<svg viewBox="0 0 {width:g} {height:g}" width="100%" role="img" aria-label="{escape(title)}" '
        f'style="display: block; font-family: {FONT}" font-size="12">{body}</svg></div>'
    )


def _cut(text: str, chars: int) -> str:
    return text if len(text) <= chars else text[: chars - 1].rstrip() + "…"


def heat_grid(frame: pd.DataFrame, running: pd.Timestamp | None) -> tuple[list[str], list[str], pd.DataFrame]:
    """The heat map's rows (unit codes, the lowest share of the year first), its columns (month
    labels) and its cells (unit_code, unit_name, month, share, text, done: 0 for the `running`
    month, whose text says so), one per unit and month with something due. Rows are units, not
    names: two communes of one name in different provinces are two rows, each name followed by
    its code."""
    pivot = frame.pivot_table(index="unit_code", columns="month", values="share_met", aggfunc="mean")
    pivot = pivot.loc[pivot.mean(axis=1).sort_values(na_position="last", kind="stable").index]
    months = [month_label(m) for m in pivot.columns]
    now = month_label(running) if running is not None else None
    names = frame.drop_duplicates("unit_code").set_index("unit_code")["unit_name"].astype(str)
    twice = names.duplicated(keep=False)
    names = names.where(~twice, names + " (" + names.index.astype(str) + ")")
    long = pivot.set_axis(months, axis=1).stack().rename("share").dropna().reset_index()
    long.columns = ["unit_code", "month", "share"]
    done = (long["month"] != now).astype(int)
    text = long["share"].map(pct) + " định mức đạt"
    text = text.where(done == 1, text + f" ({RUNNING_NOTE})")
    cells = long.assign(
        unit_name=long["unit_code"].map(names), share=long["share"].round(3), text=text, done=done
    )
    return list(pivot.index), months, cells[["unit_code", "unit_name", "month", "share", "text", "done"]]


def _scale(x: float, y: float, height: float, vertical: bool = True) -> str:
    """The colour scale, 100% at the top (or the right) and 0% at the bottom (or the left)."""
    stops = "".join(f'<stop offset="{at}" stop-color="{color}"/>' for at, color in SHARE_SCALE)
    if vertical:
        return (
            f'<defs><linearGradient id="cchc-heat-scale" x1="0" y1="1" x2="0" y2="0">{stops}</linearGradient></defs>'
            f'<rect x="{x}" y="{y}" width="14" height="{height}" fill="url(#cchc-heat-scale)"/>'
            f'<text x="{x + 20}" y="{y + 9}">100%</text><text x="{x + 20}" y="{y + height}">0%</text>'
        )
    return (
        f'<defs><linearGradient id="cchc-heat-scale-h" x1="0" y1="0" x2="1" y2="0">{stops}</linearGradient></defs>'
        f'<text x="{x}" y="{y + 10}">0%</text>'
        f'<rect x="{x + 26}" y="{y}" width="{height}" height="12" fill="url(#cchc-heat-scale-h)"/>'
        f'<text x="{x + 32 + height}" y="{y + 10}">100%</text>'
    )


def heatmap(
    frame: pd.DataFrame,
    title: str,
    running: pd.Timestamp | None = None,
    links: Mapping[str, str] | None = None,
    phone: bool = False,
) -> str:
    """Units (rows, the laggards on top) × months, each cell coloured red → amber → green by the
    share of rule-periods met (none where nothing was due); the `running` month faded, its label
    grey (its periods have not ended). A row links to its unit's page (`links`: code → URL); its
    tooltip gives every month's figure."""
    width, label = (NARROW, 134) if phone else (WIDE, 250)
    if frame.empty:
        return _chart(title, width, 24, '<text x="0" y="16">Chưa có định mức nào đến kỳ.</text>')
    units, months, cells = heat_grid(frame, running)
    right = 0 if phone else 70
    top, cw = 22, (width - label - right) / max(len(months), 1)
    grid_bottom = top + ROW * len(units)
    height = grid_bottom + (30 if phone else 8)
    now = month_label(running) if running is not None else None
    body = [
        f'<text x="{label + (i + 0.5) * cw:.1f}" y="14" text-anchor="middle"'
        + (f' fill="{GREY}" font-style="italic"' if m == now else "")
        + f">{escape(m.split('/')[0] if phone else m)}</text>"
        for i, m in enumerate(months)
    ]
    body += _heat_rows(units, months, cells, links or {}, label, cw, top, phone)
    body.append(
        _scale(label, grid_bottom + 10, 160, vertical=False) if phone else _scale(width - 50, top, 160)
    )
    return _chart(title, width, height, "".join(body))


def _heat_rows(
    units: list[str],
    months: list[str],
    cells: pd.DataFrame,
    links: Mapping[str, str],
    label: float,
    cw: float,
    top: float,
    phone: bool,
) -> list[str]:
    """A heat map's rows (`units`: their codes): each unit's name and cells, one tooltip for the
    row (every month's figure in it: a title per cell made the page's elements twice as many),
    linked to its page. Built from the cells' columns in one pass (every commune of the country:
    40,000 cells)."""
    row_of = {code: r for r, code in enumerate(units)}
    column = {m: i for i, m in enumerate(months)}
    cells = cells.assign(r=cells["unit_code"].map(row_of), c=cells["month"].map(column))
    cells = cells.sort_values(["r", "c"], kind="stable")
    faded = f' fill-opacity="{RUNNING_OPACITY}"'
    rects = [
        f'<rect x="{label + c * cw:.1f}" y="{top + r * ROW}" width="{cw:.1f}" height="{ROW}" '
        f'fill="{_color(share)}"{"" if done else faded}/>'
        for r, c, share, done in zip(cells["r"], cells["c"], cells["share"], cells["done"], strict=True)
    ]
    told = [f"{m}: {t}" for m, t in zip(cells["month"], cells["text"], strict=True)]
    bounds = {r: (a, b) for r, a, b in zip(*_runs(cells["r"].to_numpy()), strict=True)}
    names = dict(zip(cells["unit_code"], cells["unit_name"], strict=True))
    out = []
    for r, code in enumerate(units):
        a, b = bounds.get(r, (0, 0))
        name, y = names.get(code, str(code)), top + r * ROW
        row = (
            f"<g><title>{escape(chr(10).join([name, *told[a:b]]))}</title>"
            f'<text x="{label - 6}" y="{y + 13}" text-anchor="end">{escape(_cut(name, 20 if phone else 38))}</text>'
            f'<g stroke="#ffffff" stroke-width="1">{"".join(rects[a:b])}</g></g>'
        )
        href = links.get(str(code))
        out.append(
            f'<a href="{escape(href)}" target="_self" style="text-decoration: none">{row}</a>'
            if href
            else row
        )
    return out


def _runs(values: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each run of equal values in a sorted array: (value, first index, index past the last)."""
    if not len(values):
        return values, values, values
    starts = np.flatnonzero(np.r_[True, values[1:] != values[:-1]])
    return values[starts], starts, np.r_[starts[1:], len(values)]


@functools.lru_cache(maxsize=2048)
def _color(share: float) -> str:
    return share_color(share)


def _ticks(high: float, count: int = 5) -> list[float]:
    """Round ticks from 0 to at least `high` (1, 2, 2.5 or 5 times a power of ten apart)."""
    if high <= 0:
        return [0, 1]
    raw = high / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    if step < 1:
        step = 1
    return [step * i for i in range(math.ceil(high / step) + 1)]


def share_bars(frame: pd.DataFrame, category: str, title: str, phone: bool = False) -> str:
    """Share met per category (0–100%), each bar coloured on the status scale, its share written."""
    width, label = (NARROW, 110) if phone else (HALF, 150)
    right, top, bar = 16, 8, 30
    area = width - label - right
    height = top + bar * len(frame) + 24
    body = []
    for t in (0, 25, 50, 75, 100):
        x = label + area * t / 100
        body.append(
            f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{height - 20}" stroke="#e6e6e6"/>'
            f'<text x="{x:.1f}" y="{height - 6}" text-anchor="middle" fill="#6b6b6b">{t}%</text>'
        )
    for i, (name, share) in enumerate(zip(frame[category], frame["share_met"].fillna(0), strict=True)):
        y = top + i * bar
        w = area * min(max(float(share), 0.0), 1.0)
        inside = w > 44
        body.append(
            f'<text x="{label - 6}" y="{y + 19}" text-anchor="end">{escape(_cut(str(name), 16 if phone else 22))}'
            f"<title>{escape(str(name))}</title></text>"
            f'<rect x="{label}" y="{y + 4}" width="{w:.1f}" height="{bar - 8}" fill="{share_color(share)}">'
            f"<title>{escape(f'{name}: {pct(share)}')}</title></rect>"
            f'<text x="{label + w + (-6 if inside else 6):.1f}" y="{y + 19}" '
            f'text-anchor="{"end" if inside else "start"}" fill="{"#ffffff" if inside else "#262730"}">'
            f"{pct(share)}</text>"
        )
    return _chart(title, width, height, "".join(body))


def items_over_time(frame: pd.DataFrame, title: str, phone: bool = False) -> str:
    """New items per month, one line per channel, counts written the Vietnamese way (12.345);
    a point's tooltip gives its channel, month and count."""
    months = sorted(frame["month"].unique())
    width = NARROW if phone else HALF
    left, right, top = 48, 26, 26
    series = [
        (label, color, frame[frame["channel"] == code].set_index("month")["items"].reindex(months))
        for (code, label), color in zip(CHANNELS.items(), PALETTE, strict=False)
    ]
    series = [s for s in series if s[2].notna().any()]
    legend_rows = len(series) if phone else math.ceil(len(series) / 2)
    plot_h = 220
    height = top + plot_h + 24 + 18 * legend_rows + 8
    ticks = _ticks(float(frame["items"].max() or 0))
    area = width - left - right
    step = area / max(len(months) - 1, 1)

    def x_of(i: int) -> float:
        return left + (i * step if len(months) > 1 else area / 2)

    def y_of(v: float) -> float:
        return top + plot_h - plot_h * v / ticks[-1]

    body = ['<text x="0" y="12" fill="#6b6b6b">Tin/bài mới</text>']
    for t in ticks:
        body.append(
            f'<line x1="{left}" y1="{y_of(t):.1f}" x2="{width - right}" y2="{y_of(t):.1f}" stroke="#e6e6e6"/>'
            f'<text x="{left - 6}" y="{y_of(t) + 4:.1f}" text-anchor="end" fill="#6b6b6b">{vn_number(t)}</text>'
        )
    every = 2 if phone and len(months) > 6 else 1
    short = phone or len(months) > 6  # T10/26: a year's months side by side on half the page
    for i, m in enumerate(months):
        if i % every == 0:
            text = month_label(pd.Timestamp(m))
            body.append(
                f'<text x="{x_of(i):.1f}" y="{top + plot_h + 16}" text-anchor="middle" fill="#6b6b6b">'
                f"{escape(text.replace('/20', '/') if short else text)}</text>"
            )
    for label, color, values in series:
        runs: list[list[str]] = [[]]
        for i, v in enumerate(values):
            if pd.isna(v):
                runs.append([])
                continue
            runs[-1].append(f"{x_of(i):.1f},{y_of(float(v)):.1f}")
            body.append(
                f'<circle cx="{x_of(i):.1f}" cy="{y_of(float(v)):.1f}" r="3.5" fill="{color}">'
                f"<title>{escape(f'{label}{chr(10)}{month_label(pd.Timestamp(months[i]))}: {vn_number(v)} tin/bài mới')}"
                "</title></circle>"
            )
        body += [
            f'<polyline points="{" ".join(run)}" fill="none" stroke="{color}" stroke-width="2"/>'
            for run in runs
            if len(run) > 1
        ]
    body += _legend([(label, color) for label, color, _ in series], width, top + plot_h + 36, phone)
    return _chart(title, width, height, "".join(body))


def _legend(series: list[tuple[str, str]], width: float, top: float, phone: bool) -> list[str]:
    """The lines' names and colours under the plot: one a row on a phone, two a row otherwise."""
    out = []
    for n, (label, color) in enumerate(series):
        column, row = (0, n) if phone else (n % 2, n // 2)
        x, y = column * width / 2, top + 18 * row
        out.append(
            f'<rect x="{x:.1f}" y="{y - 9}" width="12" height="12" rx="2" fill="{color}"/>'
            f'<text x="{x + 18:.1f}" y="{y + 1}">{escape(_cut(label, 52 if phone else 34))}'
            f"<title>{escape(label)}</title></text>"
        )
    return out
