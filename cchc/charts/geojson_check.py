"""Check an uploaded GeoJSON before drawing it: every problem is a Vietnamese message, never an exception.

Boundaries come from anyone with a browser: the file may be no JSON, nested a million deep, carry
text or NaN where numbers go, or hold millions of points. Only features that can be drawn cross.
"""

from __future__ import annotations

import json
import math
from typing import Any

MAX_GEOJSON_BYTES = 20 * 1024 * 1024
MAX_FEATURES = 20_000
MAX_POINTS = 2_000_000  # a whole province at fine detail is well under this
POLYGONS = ("Polygon", "MultiPolygon")


class GeoJSONError(ValueError):
    """An uploaded file that is not a usable GeoJSON FeatureCollection (message in Vietnamese)."""


def _load(data: bytes) -> Any:
    if len(data) > MAX_GEOJSON_BYTES:
        raise GeoJSONError(f"Tệp quá lớn ({len(data) / 1e6:.0f} MB); giới hạn 20 MB.")
    try:
        return json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:  # RecursionError: [[[[… a million deep
        raise GeoJSONError("Tệp không phải GeoJSON hợp lệ (không đọc được JSON).") from exc


def _position_ok(point: Any) -> bool:
    if not isinstance(point, list) or len(point) < 2:
        return False
    lon, lat = point[0], point[1]
    if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in (lon, lat)):
        return False
    return math.isfinite(lon) and math.isfinite(lat) and -180 <= lon <= 180 and -90 <= lat <= 90


def _rings(geometry: dict[str, Any]) -> list[Any] | None:
    """The rings of a (multi)polygon, or None when the nesting is not the one GeoJSON defines."""
    coords = geometry.get("coordinates")
    if not isinstance(coords, list):
        return None
    polygons = [coords] if geometry["type"] == "Polygon" else coords
    if not all(isinstance(p, list) for p in polygons):
        return None
    rings = [ring for polygon in polygons for ring in polygon]
    if not rings or not all(isinstance(ring, list) and ring for ring in rings):
        return None
    return rings


def _points_of(feature: Any) -> int | None:
    """Number of positions of a drawable polygon feature; None when it is not one."""
    geometry = feature.get("geometry") if isinstance(feature, dict) else None
    if not isinstance(geometry, dict) or geometry.get("type") not in POLYGONS:
        return None
    rings = _rings(geometry)
    if rings is None:
        raise GeoJSONError("Tệp GeoJSON có vùng với tọa độ sai cấu trúc (cần danh sách các vòng điểm).")
    count = 0
    for ring in rings:
        for point in ring:
            if not _position_ok(point):
                raise GeoJSONError(
                    f"Tệp GeoJSON có tọa độ không hợp lệ ({str(point)[:40]}): cần cặp số "
                    "[kinh độ, vĩ độ] trong khoảng [-180, 180] và [-90, 90]."
                )
        count += len(ring)
    return count


def parse_geojson(data: bytes) -> dict[str, Any]:
    """Parse and check an uploaded GeoJSON FeatureCollection of (multi)polygons."""
    doc = _load(data)
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        raise GeoJSONError('Tệp GeoJSON phải là một "FeatureCollection".')
    features = doc.get("features")
    if not isinstance(features, list) or not features:
        raise GeoJSONError("Tệp GeoJSON không có đối tượng (feature) nào.")
    if len(features) > MAX_FEATURES:
        raise GeoJSONError(
            f"Tệp GeoJSON có quá nhiều đối tượng ({len(features):,}); giới hạn {MAX_FEATURES:,}."
        )
    polygons, total = [], 0
    for feature in features:
        points = _points_of(feature)
        if points is None:
            continue
        total += points
        if total > MAX_POINTS:
            raise GeoJSONError(f"Tệp GeoJSON có quá nhiều điểm tọa độ; giới hạn {MAX_POINTS:,} điểm.")
        props = feature.get("properties")
        polygons.append({**feature, "properties": props if isinstance(props, dict) else {}})
    if not polygons:
        raise GeoJSONError("Tệp GeoJSON không có vùng (Polygon/MultiPolygon) nào.")
    return {"type": "FeatureCollection", "features": polygons}
