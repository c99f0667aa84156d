"""Maps of the communes' fulfillment: bubbles at centre coordinates, or a choropleth from an
uploaded GeoJSON (no package ships post-2025 commune boundaries).

The bubble map draws on a white background with OpenStreetMap tiles as an optional layer under
it, so the bubbles show even where the browser cannot reach a tile server.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

import duckdb
import pandas as pd
import plotly.graph_objects as go

from cchc import dashboard
from cchc.charts import FONT, SHARE_SCALE
from cchc.text import fold
from cchc.vocab import STATUS_COLORS

OSM_LAYER = {
    "below": "traces",
    "sourcetype": "raster",
    "sourceattribution": "© OpenStreetMap contributors",
    "source": ["https://tile.openstreetmap.org/{z}/{x}/{y}.png"],
}
MAX_GEOJSON_BYTES = 20 * 1024 * 1024
NO_DATA = STATUS_COLORS["Chưa đến kỳ"]
_PREFIXES = ("phuong ", "xa ", "dac khu ", "ubnd ")


class GeoJSONError(ValueError):
    """An uploaded file that is not a usable GeoJSON FeatureCollection (message in Vietnamese)."""


def commune_points(
    con: duckdb.DuckDBPyConnection, year: int, month: int, as_of: date, units: Sequence[str] | None = None
) -> pd.DataFrame:
    """Communes with coordinates and the share of their rule-periods met in that month."""
    period = dashboard.month_period(year, month)
    frame = dashboard.unit_months(con, period, as_of, units)
    frame = frame[(frame["month"] == pd.Timestamp(period.start)) & (frame["unit_kind"] == "commune")]
    coords = dashboard.units_list(con, kinds=["commune"], units=units)[["code", "lat", "lon"]]
    out = frame.merge(coords, left_on="unit_code", right_on="code").drop(columns="code")
    return out.dropna(subset=["lat", "lon"]).reset_index(drop=True)


def _view(
    lats: Sequence[float], lons: Sequence[float], width: int = 600, height: int = 470
) -> tuple[dict[str, float], float]:
    """Centre and zoom that fit the points in a `width` x `height` pixel box, with a little margin
    (web Mercator; MapLibre's zoom levels count 512-pixel tiles)."""
    lat_lo, lat_hi, lon_lo, lon_hi = min(lats), max(lats), min(lons), max(lons)

    def mercator(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    lon_span = max(lon_hi - lon_lo, 0.005)
    y_span = max(mercator(lat_hi) - mercator(lat_lo), 0.0001)
    zoom = min(math.log2(width * 360 / (512 * lon_span)), math.log2(height * 2 * math.pi / (512 * y_span)))
    centre = {"lat": (lat_lo + lat_hi) / 2, "lon": (lon_lo + lon_hi) / 2}
    return centre, round(min(max(zoom - 0.1, 2.0), 14.0), 2)


def _map_layout(fig: go.Figure, title: str, center: dict[str, float], zoom: float, tiles: bool) -> go.Figure:
    fig.update_layout(
        title=dict(text=title, x=0, xanchor="left"),
        font=FONT,
        margin=dict(l=10, r=10, t=50, b=10),
        height=560,
        separators=",.",
        map=dict(style="white-bg", center=center, zoom=zoom, layers=[OSM_LAYER] if tiles else []),
        legend=dict(orientation="h", y=-0.02, x=0),
    )
    return fig


def _hover(frame: pd.DataFrame) -> list[str]:
    out = []
    for r in frame.itertuples():
        if pd.isna(r.share_met):
            out.append(f"<b>{r.unit_name}</b><br>Chưa có định mức đến kỳ")
        else:
            share = f"{r.share_met:.0%}"
            out.append(
                f"<b>{r.unit_name}</b><br>Đạt {int(r.rules_met)}/{int(r.rules_due)} định mức ({share})"
            )
    return out


def commune_map(frame: pd.DataFrame, title: str = "", tiles: bool = True) -> go.Figure:
    """Communes as bubbles at their centres, coloured red → amber → green by the share met."""
    fig = go.Figure()
    if frame.empty:
        return _map_layout(fig, title, {"lat": 21.03, "lon": 105.85}, 8, tiles)
    known = frame[frame["share_met"].notna()]
    unknown = frame[frame["share_met"].isna()]
    if not unknown.empty:
        fig.add_trace(
            go.Scattermap(
                lat=unknown["lat"],
                lon=unknown["lon"],
                mode="markers",
                marker=dict(size=11, color=NO_DATA, opacity=0.7),
                text=_hover(unknown),
                hovertemplate="%{text}<extra></extra>",
                name="Chưa có định mức đến kỳ",
            )
        )
    if not known.empty:
        fig.add_trace(
            go.Scattermap(
                lat=known["lat"],
                lon=known["lon"],
                mode="markers",
                marker=dict(
                    size=12,
                    color=known["share_met"],
                    colorscale=SHARE_SCALE,
                    cmin=0,
                    cmax=1,
                    opacity=0.9,
                    colorbar=dict(title="Tỷ lệ đạt", tickformat=".0%", thickness=14),
                ),
                text=_hover(known),
                hovertemplate="%{text}<extra></extra>",
                name="Tỷ lệ định mức đạt",
                showlegend=False,
            )
        )
    center, zoom = _view(frame["lat"].tolist(), frame["lon"].tolist())
    return _map_layout(fig, title, center, zoom, tiles)


# --- uploaded boundaries ----------------------------------------------------------------


def parse_geojson(data: bytes) -> dict[str, Any]:
    """Parse and check an uploaded GeoJSON FeatureCollection of (multi)polygons."""
    if len(data) > MAX_GEOJSON_BYTES:
        raise GeoJSONError(f"Tệp quá lớn ({len(data) / 1e6:.0f} MB); giới hạn 20 MB.")
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GeoJSONError("Tệp không phải GeoJSON hợp lệ (không đọc được JSON).") from exc
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        raise GeoJSONError('Tệp GeoJSON phải là một "FeatureCollection".')
    features = doc.get("features")
    if not isinstance(features, list) or not features:
        raise GeoJSONError("Tệp GeoJSON không có đối tượng (feature) nào.")
    polygons = [
        f
        for f in features
        if isinstance(f, dict)
        and isinstance(f.get("geometry"), dict)
        and f["geometry"].get("type") in ("Polygon", "MultiPolygon")
    ]
    if not polygons:
        raise GeoJSONError("Tệp GeoJSON không có vùng (Polygon/MultiPolygon) nào.")
    return {"type": "FeatureCollection", "features": polygons}


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
    geojson: dict[str, Any], prop: str, frame: pd.DataFrame, title: str = "", tiles: bool = True
) -> go.Figure:
    """Choropleth of the communes' share met over the uploaded boundaries, matched on `prop`."""
    matched = match_features(geojson, prop, frame)
    fig = go.Figure()
    if matched.empty:
        return _map_layout(fig, title, {"lat": 21.03, "lon": 105.85}, 8, tiles)
    ids = set(matched["feature_id"].astype(str))
    used = [f for f in geojson["features"] if str((f.get("properties") or {}).get(prop)) in ids]
    known = matched[matched["share_met"].notna()]
    unknown = matched[matched["share_met"].isna()]
    shapes = {"type": "FeatureCollection", "features": used}
    if not unknown.empty:
        fig.add_trace(
            go.Choroplethmap(
                geojson=shapes,
                featureidkey=f"properties.{prop}",
                locations=unknown["feature_id"],
                z=[0] * len(unknown),
                colorscale=[[0, NO_DATA], [1, NO_DATA]],
                showscale=False,
                marker=dict(opacity=0.6, line=dict(width=0.6, color="#ffffff")),
                text=_hover(unknown),
                hovertemplate="%{text}<extra></extra>",
                name="Chưa có định mức đến kỳ",
            )
        )
    if not known.empty:
        fig.add_trace(
            go.Choroplethmap(
                geojson=shapes,
                featureidkey=f"properties.{prop}",
                locations=known["feature_id"],
                z=known["share_met"],
                zmin=0,
                zmax=1,
                colorscale=SHARE_SCALE,
                marker=dict(opacity=0.75, line=dict(width=0.6, color="#ffffff")),
                colorbar=dict(title="Tỷ lệ đạt", tickformat=".0%", thickness=14),
                text=_hover(known),
                hovertemplate="%{text}<extra></extra>",
                name="Tỷ lệ định mức đạt",
            )
        )
    points = [pt for f in used for pt in _coords(f["geometry"])]
    center, zoom = _view([p[1] for p in points], [p[0] for p in points])
    return _map_layout(fig, title, center, zoom, tiles)
