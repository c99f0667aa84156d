"""What the communes' map shows under its bubbles without the Internet: a light grid of latitude
and longitude with labels, and an outline drawn around the units' centres (the province's rough
shape). Map tiles are images that load only when the browser reaches a tile server; without
them the bubbles used to float on white. The tiles' credit is drawn through a mask made of a
tile, so it shows exactly when that tile has loaded.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Protocol

TILE = 256  # pixels of a web-Mercator tile at zoom 0
GRID_STEPS = (0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1.0, 2.0, 5.0)  # degrees between grid lines
OUTLINE_MARGIN = 14.0  # pixels between the outermost centres and the outline


class Box(Protocol):
    """The projection of commune_map: zoom, offset and size of the drawn box, in pixels."""

    zoom: float
    left: float
    top: float
    width: float
    height: float

    def __call__(self, lat: float, lon: float) -> tuple[float, float]: ...


def _degrees(box: Box, x: float, y: float) -> tuple[float, float]:
    """The latitude and longitude at pixel (x, y) of the box (inverse web Mercator)."""
    scale = 2**box.zoom
    wx, wy = (x + box.left) / scale, (y + box.top) / scale
    lon = wx / TILE * 360 - 180
    lat = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * wy / TILE))))
    return lat, lon


def _step(span: float, most: int = 8) -> float:
    return next((s for s in GRID_STEPS if span / s <= most), GRID_STEPS[-1])


def _label(value: float, step: float, hemisphere: str) -> str:
    decimals = 0 if step >= 1 else 1 if step >= 0.1 else 2
    return f"{value:.{decimals}f}".replace(".", ",") + f"°{hemisphere}"


def grid(box: Box) -> str:
    """Light lines every few tenths of a degree, labelled the Vietnamese way (21,0°B, 105,8°Đ)."""
    north, west = _degrees(box, 0, 0)
    south, east = _degrees(box, box.width, box.height)
    parts = []
    step = _step(max(east - west, north - south))
    lon = math.ceil(west / step) * step
    while lon < east:
        x, _ = box(north, lon)
        parts.append(f'<line x1="{x}" y1="0" x2="{x}" y2="{box.height}"/>')
        parts.append(f'<text x="{x + 3}" y="{box.height - 6}">{_label(lon, step, "Đ")}</text>')
        lon += step
    lat = math.ceil(south / step) * step
    while lat < north:
        _, y = box(lat, west)
        parts.append(f'<line x1="0" y1="{y}" x2="{box.width}" y2="{y}"/>')
        parts.append(f'<text x="4" y="{y - 3}">{_label(lat, step, "B")}</text>')
        lat += step
    return f'<g stroke="#ececec" stroke-width="1" fill="#8a8a8a" font-size="12">{"".join(parts)}</g>'


def hull(points: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """The convex hull of the points, counter-clockwise (Andrew's monotone chain)."""
    pts = sorted(set(points))
    if len(pts) <= 2:
        return pts

    def cross(o: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[tuple[float, float]] = []
    upper: list[tuple[float, float]] = []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def outline(points: Sequence[tuple[float, float]]) -> str:
    """A soft outline around the centres: their convex hull pushed out by OUTLINE_MARGIN pixels."""
    corners = hull(points)
    if len(corners) < 3:
        return ""
    cx = sum(x for x, _ in corners) / len(corners)
    cy = sum(y for _, y in corners) / len(corners)
    pushed = []
    for x, y in corners:
        d = math.hypot(x - cx, y - cy) or 1.0
        pushed.append(f"{x + (x - cx) / d * OUTLINE_MARGIN:.1f},{y + (y - cy) / d * OUTLINE_MARGIN:.1f}")
    return (
        f'<polygon points="{" ".join(pushed)}" fill="#9e9e9e" fill-opacity="0.07" stroke="#9e9e9e" '
        'stroke-width="1.2" stroke-dasharray="5 4" stroke-linejoin="round"/>'
    )


def credit(tile: tuple[str, float, float, float] | None, width: float, height: float) -> str:
    """The tiles' credit in the corner, masked by the corner's tile: a tile that
    never loads leaves the mask empty, and the credit with it."""
    if tile is None:
        return ""
    url, x, y, size = tile
    return (
        '<mask id="cchc-osm-credit" maskUnits="userSpaceOnUse">'
        f'<image href="{url}" x="{x}" y="{y}" width="{size}" height="{size}" preserveAspectRatio="none"/>'
        "</mask>"
        '<g mask="url(#cchc-osm-credit)">'
        f'<rect x="{width - 230}" y="{height - 20}" width="230" height="20" fill="#ffffff"/>'
        f'<text x="{width - 6}" y="{height - 6}" font-size="11" text-anchor="end" fill="#333333">'
        "© Những người đóng góp OpenStreetMap</text></g>"
    )
