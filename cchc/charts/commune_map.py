"""Maps of the communes' fulfillment: bubbles at centre coordinates, or a choropleth from an
uploaded GeoJSON (no package ships post-2025 commune boundaries).

A map is the HTML of an inline SVG, projected here in web Mercator: no map script to load, so
the overview opens fast (plotly's MapLibre map took ~1 s to draw in a browser without a GPU).
Every text in it is escaped here. OpenStreetMap tiles are images under the shapes, so the
bubbles show even where the browser cannot reach a tile server. Each bubble or region links to
the unit's page; its tooltip gives the figures.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from html import escape
from typing import Any

import pandas as pd

from cchc.charts import map_context as context

# Parsing lives in geojson_check; the page reaches it as map_view.parse_geojson and map_view.GeoJSONError.
from cchc.charts.geojson_check import GeoJSONError as GeoJSONError
from cchc.charts.geojson_check import parse_geojson as parse_geojson
from cchc.charts.overview import SHARE_SCALE, pct, share_color
from cchc.text import fold
from cchc.vocab import STATUS_COLORS

OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
TILE = 256  # pixels of an OpenStreetMap tile
WIDTH, HEIGHT = 1200, 560  # the SVG's own units; it is drawn at the page's width
LEGEND = 150  # the colour scale's strip on the right
NO_DATA = STATUS_COLORS["Chưa đến kỳ"]
_PREFIXES = ("phuong ", "xa ", "dac khu ", "ubnd ")


def _mercator(lat: float, lon: float) -> tuple[float, float]:
    """Web Mercator: the point's pixel in a world of one 256-pixel tile (zoom 0)."""
    lat = min(max(lat, -85.0511), 85.0511)
    return (lon + 180) / 360 * TILE, (1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * TILE


class _Projection:
    """The zoom and offset that fit the points in a `width` x `height` box, with a margin."""

    def __init__(self, lats: Sequence[float], lons: Sequence[float], width: float, height: float) -> None:
        xs, ys = zip(*(_mercator(lat, lon) for lat, lon in zip(lats, lons, strict=True)), strict=True)
        margin = 28
        zoom = min(
            math.log2((width - 2 * margin) / max(max(xs) - min(xs), 1e-9)),
            math.log2((height - 2 * margin) / max(max(ys) - min(ys), 1e-9)),
        )
        self.zoom = min(max(zoom, 3.0), 15.0)
        scale = 2**self.zoom
        self.left = (min(xs) + max(xs)) / 2 * scale - width / 2
        self.top = (min(ys) + max(ys)) / 2 * scale - height / 2
        self.width, self.height = width, height

    def __call__(self, lat: float, lon: float) -> tuple[float, float]:
        x, y = _mercator(lat, lon)
        scale = 2**self.zoom
        return round(x * scale - self.left, 1), round(y * scale - self.top, 1)

    def tiles(self) -> Iterator[tuple[str, float, float, float]]:
        """(url, x, y, size) of the OpenStreetMap tiles that cover the box."""
        z = min(max(round(self.zoom), 0), 19)
        size = TILE * 2 ** (self.zoom - z)
        count = 2**z
        for ty in range(
            max(int(self.top // size), 0), min(int((self.top + self.height) // size), count - 1) + 1
        ):
            for tx in range(int(self.left // size), int((self.left + self.width) // size) + 1):
                url = OSM_TILES.format(z=z, x=tx % count, y=ty)
                yield (
                    url,
                    round(tx * size - self.left, 1),
                    round(ty * size - self.top, 1),
                    round(size + 0.5, 1),
                )


def _tooltip(row: Any) -> str:
    if pd.isna(row.share_met):
        return f"{row.unit_name}\nChưa có định mức đến kỳ"
    return f"{row.unit_name}\nĐạt {int(row.rules_met)}/{int(row.rules_due)} định mức ({pct(row.share_met)})"


def _fill(share: float) -> str:
    return NO_DATA if pd.isna(share) else share_color(share)


def _linked(code: str, links: Mapping[str, str] | None, shape: str) -> str:
    href = (links or {}).get(code)
    return f'<a href="{escape(href)}" target="_self">{shape}</a>' if href else shape


def _svg(
    title: str,
    shapes: list[str],
    projection: _Projection,
    tiles: bool,
    unknown: bool,
    centres: Sequence[tuple[float, float]] = (),
) -> str:
    """The map's HTML: a title, then the SVG (grid, tiles, outline of the `centres`, shapes,
    attribution, colour scale)."""
    stops = "".join(f'<stop offset="{at}" stop-color="{color}"/>' for at, color in SHARE_SCALE)
    x = WIDTH - LEGEND + 24
    legend = [
        f'<defs><linearGradient id="cchc-map-scale" x1="0" y1="1" x2="0" y2="0">{stops}</linearGradient></defs>',
        f'<text x="{x}" y="36" font-size="14">Tỷ lệ đạt</text>',
        f'<rect x="{x}" y="48" width="18" height="200" fill="url(#cchc-map-scale)"/>',
        *(
            f'<text x="{x + 26}" y="{y + 5}" font-size="13">{label}</text>'
            for y, label in ((48, "100%"), (148, "50%"), (248, "0%"))
        ),
    ]
    if unknown:
        legend += [
            f'<circle cx="{x + 9}" cy="290" r="7" fill="{NO_DATA}" fill-opacity="0.7"/>',
            f'<text x="{x + 24}" y="286" font-size="13">Chưa có định</text>',
            f'<text x="{x + 24}" y="302" font-size="13">mức đến kỳ</text>',
        ]
    background, credit = [context.grid(projection)], ""
    if tiles:
        covering = list(projection.tiles())
        background += [
            f'<image href="{url}" x="{tx}" y="{ty}" width="{size}" height="{size}" preserveAspectRatio="none"/>'
            for url, tx, ty, size in covering
        ]
        corner = (projection.width - 6, HEIGHT - 6)
        credit = context.credit(
            next(
                (t for t in covering if t[1] <= corner[0] < t[1] + t[3] and t[2] <= corner[1] < t[2] + t[3]),
                None,
            ),
            projection.width,
            HEIGHT,
        )
    background.append(context.outline(centres))
    return (
        '<div class="cchc-map">'
        f'<div style="font-size: 15px; font-weight: 600; margin-bottom: 6px">{escape(title)}</div>'
        f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" role="img" aria-label="{escape(title)}" '
        'style="display: block; background: #ffffff; border: 1px solid #e6e6e6">'
        f'<svg width="{projection.width}" height="{HEIGHT}">{"".join(background)}'
        f'<g stroke="#ffffff" stroke-width="0.8" cursor="pointer">{"".join(shapes)}</g>{credit}</svg>'
        f"{''.join(legend)}</svg></div>"
    )


def commune_map(
    frame: pd.DataFrame, title: str = "", tiles: bool = True, links: Mapping[str, str] | None = None
) -> str:
    """Communes as bubbles at their centres, coloured red → amber → green by the share met (grey:
    nothing due yet), as the HTML of an SVG; `links` maps a unit code to its page."""
    if frame.empty:
        projection = _Projection([20.9, 21.2], [105.7, 106.0], WIDTH - LEGEND, HEIGHT)
        return _svg(title, [], projection, tiles, unknown=False)
    projection = _Projection(frame["lat"].tolist(), frame["lon"].tolist(), WIDTH - LEGEND, HEIGHT)
    ordered = frame.assign(known=frame["share_met"].notna()).sort_values("known", kind="stable")
    shapes, centres = [], []
    for row in ordered.itertuples():
        cx, cy = projection(row.lat, row.lon)
        centres.append((cx, cy))
        opacity = 0.9 if row.known else 0.7
        bubble = (
            f'<circle cx="{cx}" cy="{cy}" r="{7 if row.known else 6.5}" fill="{_fill(row.share_met)}" '
            f'fill-opacity="{opacity}"><title>{escape(_tooltip(row))}</title></circle>'
        )
        shapes.append(_linked(row.unit_code, links, bubble))
    return _svg(title, shapes, projection, tiles, unknown=not ordered["known"].all(), centres=centres)


# --- uploaded boundaries ----------------------------------------------------------------


def properties(geojson: dict[str, Any]) -> list[str]:
    """Property names present on the features, most common first."""
    counts: dict[str, int] = {}
    for f in geojson["features"]:
        for key in f.get("properties") or {}:
            counts[key] = counts.get(key, 0) + 1
    return sorted(counts, key=lambda k: (-counts[k], k))


def _name_keys(name: str) -> set[str]:
    key = fold(name)
    keys = {key}
    for prefix in _PREFIXES:
        if key.startswith(prefix):
            keys.add(key[len(prefix) :])
    return keys


def _unit_lookup(frame: pd.DataFrame) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for code, name in zip(frame["unit_code"], frame["unit_name"], strict=True):
        lookup[str(code)] = code
        for key in _name_keys(str(name)):
            lookup.setdefault(key, code)
    return lookup


def _match(value: Any, lookup: dict[str, str]) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    if text in lookup:
        return lookup[text]
    if text.isdigit() and text.zfill(5) in lookup:  # codes stored as numbers lose their zeros
        return lookup[text.zfill(5)]
    for key in _name_keys(text):
        if key in lookup:
            return lookup[key]
    return None


def match_features(geojson: dict[str, Any], prop: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Features whose `prop` names a commune of `frame` (by code or by name in any spelling)."""
    lookup = _unit_lookup(frame)
    rows = []
    for f in geojson["features"]:
        value = (f.get("properties") or {}).get(prop)
        code = _match(value, lookup)
        if code is not None:
            rows.append({"feature_id": value, "unit_code": code})
    matched = pd.DataFrame(rows, columns=["feature_id", "unit_code"])
    return matched.merge(frame, on="unit_code", how="inner")


def best_property(geojson: dict[str, Any], frame: pd.DataFrame) -> str | None:
    """The feature property that matches the most communes (None when none matches)."""
    best, best_n = None, 0
    for prop in properties(geojson):
        n = len(match_features(geojson, prop, frame))
        if n > best_n:
            best, best_n = prop, n
    return best


def _coords(geometry: dict[str, Any]) -> Iterator[tuple[float, float]]:
    rings = (
        geometry["coordinates"]
        if geometry["type"] == "Polygon"
        else [r for p in geometry["coordinates"] for r in p]
    )
    for ring in rings:
        for point in ring:
            yield float(point[0]), float(point[1])


def geojson_map(
    geojson: dict[str, Any],
    prop: str,
    frame: pd.DataFrame,
    title: str = "",
    tiles: bool = True,
    links: Mapping[str, str] | None = None,
) -> str:
    """Choropleth of the communes' share met over the uploaded boundaries, matched on `prop`, as
    the HTML of an SVG; `links` maps a unit code to its page."""
    matched = match_features(geojson, prop, frame)
    if matched.empty:
        return commune_map(frame.iloc[0:0], title, tiles)
    rows = {str(r.feature_id): r for r in matched.itertuples()}
    used = [f for f in geojson["features"] if str((f.get("properties") or {}).get(prop)) in rows]
    points = [pt for f in used for pt in _coords(f["geometry"])]
    projection = _Projection([p[1] for p in points], [p[0] for p in points], WIDTH - LEGEND, HEIGHT)
    shapes = []
    for feature in used:
        row = rows[str(feature["properties"][prop])]
        path = _path(feature["geometry"], projection)
        opacity = 0.6 if pd.isna(row.share_met) else 0.75
        region = (
            f'<path d="{path}" fill="{_fill(row.share_met)}" fill-opacity="{opacity}" fill-rule="evenodd">'
            f"<title>{escape(_tooltip(row))}</title></path>"
        )
        shapes.append(_linked(row.unit_code, links, region))
    return _svg(title, shapes, projection, tiles, unknown=matched["share_met"].isna().any())


def _path(geometry: dict[str, Any], projection: _Projection) -> str:
    """SVG path data of a (multi)polygon, at a tenth of a pixel (repeated points dropped)."""
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    parts = []
    for polygon in polygons:
        for ring in polygon:
            points: list[tuple[float, float]] = []
            for lon, lat, *_ in ring:
                xy = projection(float(lat), float(lon))
                if not points or xy != points[-1]:
                    points.append(xy)
            if len(points) >= 3:
                parts.append("M" + "L".join(f"{x:g} {y:g}" for x, y in points) + "Z")
    return "".join(parts)
