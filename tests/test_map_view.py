"""The commune map: bubbles that show without tiles, and an uploaded GeoJSON matched by code or name."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import date as d

import pandas as pd
import pytest
from conftest import BACH_MAI, PHUC_LOI, item

from cchc.charts import commune_map as map_view
from cchc.charts import geojson_check
from cchc.charts.overview import share_color
from cchc.screens import overview as overview_screen

FRAME = pd.DataFrame(
    {
        "unit_code": [PHUC_LOI, BACH_MAI, "00301"],
        "unit_name": ["Phường Phúc Lợi", "Phường Bạch Mai", "Phường Vĩnh Hưng"],
        "lat": [21.0422, 21.0022, 20.9906],
        "lon": [105.919, 105.852, 105.883],
        "rules_due": [4, 4, 0],
        "rules_met": [4, 1, 0],
        "share_met": [1.0, 0.25, None],
    }
)


def square(lon: float, lat: float, size: float = 0.01) -> dict:
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


def geojson(props: list[dict]) -> dict:
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": p, "geometry": square(105.8 + i / 100, 21.0)}
            for i, p in enumerate(props)
        ],
    }


def test_commune_points_of_a_month(con, add):
    add([item(PHUC_LOI, d(2026, 3, day), "radio") for day in (2, 3)])
    points = overview_screen.commune_points(con, 2026, 3, d(2026, 4, 10))
    assert len(points) == 126 and points[["lat", "lon"]].notna().all().all()
    row = points.set_index("unit_code").loc[PHUC_LOI]
    # Six monthly rules (city plan and ward plan); both radio rules (2 a month) are met.
    assert (row["rules_due"], row["rules_met"]) == (6, 2)


def test_bubbles_draw_on_a_white_background_with_tiles_optional():
    links = {PHUC_LOI: "ward?unit=00136"}
    svg = ET.fromstring(map_view.commune_map(FRAME, "Bản đồ", links=links))
    assert svg.find("div").text == "Bản đồ"
    bubbles = svg.findall(".//circle[title]")
    # the grey one (nothing due yet) first, under the coloured ones
    assert [b.get("fill") for b in bubbles] == [map_view.NO_DATA, share_color(1.0), share_color(0.25)]
    assert bubbles[0].find("title").text == "Phường Vĩnh Hưng\nChưa có định mức đến kỳ"
    assert bubbles[2].find("title").text == "Phường Bạch Mai\nĐạt 1/4 định mức (25%)"
    assert [a.get("href") for a in svg.iter("a")] == ["ward?unit=00136"]  # only the linked unit
    tiles = [i.get("href") for i in svg.iter("image")]
    assert tiles and all(t.startswith("https://tile.openstreetmap.org/14/") for t in tiles)  # a few km
    assert not list(ET.fromstring(map_view.commune_map(FRAME, tiles=False)).iter("image"))


def test_bubbles_fit_the_map():
    svg = ET.fromstring(map_view.commune_map(FRAME))
    xs = [float(b.get("cx")) for b in svg.iter("circle") if b.find("title") is not None]
    ys = [float(b.get("cy")) for b in svg.iter("circle") if b.find("title") is not None]
    width = map_view.WIDTH - map_view.LEGEND
    assert 0 < min(xs) < max(xs) < width and 0 < min(ys) < max(ys) < map_view.HEIGHT
    assert xs[1] > xs[2]  # Phúc Lợi lies east of Bạch Mai


@pytest.mark.parametrize(
    ("props", "prop"),
    [
        ([{"ma": "00136"}, {"ma": "00292"}], "ma"),
        ([{"ma": 136}, {"ma": 292}], "ma"),  # a code saved as a number loses its zeros
        ([{"ten": "Phường Phúc Lợi"}, {"ten": "Bạch Mai"}], "ten"),
        ([{"ten": "phuong phuc loi", "x": 1}, {"ten": "PHƯỜNG BẠCH MAI", "x": 2}], "ten"),
    ],
)
def test_features_match_by_code_or_name(props, prop):
    shapes = map_view.parse_geojson(json.dumps(geojson(props)).encode())
    assert map_view.best_property(shapes, FRAME) == prop
    matched = map_view.match_features(shapes, prop, FRAME)
    assert sorted(matched["unit_code"]) == sorted([PHUC_LOI, BACH_MAI])
    svg = ET.fromstring(map_view.geojson_map(shapes, prop, FRAME, "Bản đồ"))
    regions = svg.findall(".//path")
    assert sorted(r.get("fill") for r in regions) == sorted([share_color(1.0), share_color(0.25)])
    assert all(r.get("d").startswith("M") and r.get("d").endswith("Z") for r in regions)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"not json", "không đọc được JSON"),
        (b'{"type": "Feature"}', "FeatureCollection"),
        (b'{"type": "FeatureCollection", "features": []}', "không có đối tượng"),
        (
            b'{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": {"type": "Point"}}]}',
            "Polygon",
        ),
    ],
)
def test_bad_geojson_is_refused_in_vietnamese(data, message):
    with pytest.raises(map_view.GeoJSONError, match=message):
        map_view.parse_geojson(data)


def test_commune_points_stay_within_the_users_units(con):
    points = overview_screen.commune_points(con, 2026, 3, d(2026, 4, 10), units=[PHUC_LOI, f"{PHUC_LOI}-VP"])
    assert points["unit_code"].tolist() == [PHUC_LOI]


def test_names_stay_text_in_the_map_html():
    hostile = FRAME.assign(unit_name=['Phường <img src=x onerror="alert(1)">', "A & B", "C"])
    html = map_view.commune_map(hostile, "<b>Bản đồ</b>", links={PHUC_LOI: 'ward?unit=1"><script>'})
    svg = ET.fromstring(html)  # well-formed: every name and link was escaped
    assert "<img" not in html and "<script>" not in html and "<b>" not in html
    assert svg.find(".//circle/title").text.startswith("C\n")
    assert svg.find(".//a").get("href") == 'ward?unit=1"><script>'


def _collection(*features: object) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": list(features)}).encode()


def _polygon(coordinates: object, kind: str = "Polygon", properties: object = None) -> dict:
    return {
        "type": "Feature",
        "properties": properties,
        "geometry": {"type": kind, "coordinates": coordinates},
    }


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xff\xfe\x00garbage", "không đọc được JSON"),  # not JSON (not even UTF-8)
        (b"[" * 200_000 + b"]" * 200_000, "không đọc được JSON"),  # nested past the parser's depth
        (b'{"type": "FeatureCollection", "features": {"a": 1}}', "không có đối tượng"),  # features not a list
        (b'["FeatureCollection"]', "FeatureCollection"),  # wrong type
        (_collection(_polygon("abc")), "sai cấu trúc"),
        (_collection(_polygon([[]])), "sai cấu trúc"),
        (_collection(_polygon([["a", "b"]], "MultiPolygon")), "sai cấu trúc"),
        (_collection(_polygon([[["105", "21"], [1, 2], [3, 4]]])), "tọa độ không hợp lệ"),
        (_collection(_polygon([[[999, 21], [1, 2], [3, 4]]])), "tọa độ không hợp lệ"),
        (_collection(_polygon([[[105, 91], [1, 2], [3, 4]]])), "tọa độ không hợp lệ"),
        (
            b'{"type":"FeatureCollection","features":[{"geometry":{"type":"Polygon","coordinates":[[[NaN,1],[1,2]]]}}]}',
            "tọa độ không hợp lệ",
        ),
        (_collection(_polygon([[[105]]])), "tọa độ không hợp lệ"),
        (_collection(_polygon([[[True, False], [1, 2], [3, 4]]])), "tọa độ không hợp lệ"),
        (b" " * (geojson_check.MAX_GEOJSON_BYTES + 1), "quá lớn"),
        (_collection(*[_polygon([[[105, 21]]])] * (geojson_check.MAX_FEATURES + 1)), "quá nhiều đối tượng"),
    ],
)
def test_malformed_geojson_is_a_message_never_an_exception(data, message):
    with pytest.raises(map_view.GeoJSONError, match=message):
        map_view.parse_geojson(data)


def test_properties_that_are_not_an_object_still_draw():
    shapes = map_view.parse_geojson(
        _collection(_polygon([[[105.9, 21.0], [105.91, 21.0], [105.9, 21.01]]], properties="x"))
    )
    assert shapes["features"][0]["properties"] == {}
    assert map_view.properties(shapes) == []


def test_too_many_points_is_a_message(monkeypatch):
    monkeypatch.setattr(geojson_check, "MAX_POINTS", 10)
    with pytest.raises(map_view.GeoJSONError, match="quá nhiều điểm"):
        map_view.parse_geojson(_collection(_polygon([[[105.0, 21.0]] * 6]), _polygon([[[105.0, 21.0]] * 6])))


def test_map_context_needs_no_internet_and_credits_tiles_only_when_they_load():
    from cchc.charts import map_context

    square = [(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0), (5.0, 5.0), (2.0, 8.0)]
    assert sorted(map_context.hull(square)) == [(0.0, 0.0), (0.0, 10.0), (10.0, 0.0), (10.0, 10.0)]
    assert map_context.outline([(0.0, 0.0), (1.0, 1.0)]) == ""  # no area, no outline
    frame = pd.DataFrame(
        {
            "unit_code": ["a", "b", "c"],
            "unit_name": ["Phường A", "Xã B", "Xã C"],
            "lat": [21.0, 21.2, 20.8],
            "lon": [105.8, 105.6, 105.9],
            "share_met": [1.0, 0.5, None],
            "rules_met": [2, 1, 0],
            "rules_due": [2, 2, 0],
        }
    )
    offline = map_view.commune_map(frame, "Bản đồ", tiles=False)
    assert "<polygon" in offline and "°B" in offline and "°Đ" in offline  # outline and grid, no tiles
    assert "OpenStreetMap" not in offline
    online = map_view.commune_map(frame, "Bản đồ", tiles=True)
    # the credit sits under a mask made of a tile: shown exactly when that tile loads
    mask = online[online.index('<mask id="cchc-osm-credit"') : online.index("</mask>")]
    assert "tile.openstreetmap.org" in mask
    assert online.index('mask="url(#cchc-osm-credit)"') < online.index("OpenStreetMap</text>")
