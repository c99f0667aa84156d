"""Given → expected cases for queries/units/*.sql."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.sql.sqlcase import SqlCase
from tests.sql.staged import UNITS, D, StagedCase, batch, item, run, table_rows

ITEMS = [
    item(1, 1, "00136", D(2026, 3, 2), "Tin một", url="https://a.vn/1"),
    item(2, 1, "00136-VH", D(2026, 3, 9), "Tin văn hóa"),
    item(3, 1, "00136", D(2026, 3, 20), "Tin một", is_duplicate=True, dup_of=1),
    item(4, 1, "00136", D(2026, 4, 1), "Tin tháng tư"),
    item(5, 1, "HN-STP", D(2026, 3, 5), "Tin của Sở"),
]


def _upserted(con) -> None:
    rows = table_rows(con, "units", "code, name, kind, lat", "code")
    assert ("00136", "Phường Phúc Lợi (mới)", "commune", 21.05) in rows
    assert ("00999", "Xã Mới", "commune", None) in rows  # an unreadable latitude is left empty
    assert len(rows) == len(UNITS) + 1


def _added_missing(con) -> None:
    rows = table_rows(con, "units", "code, name, kind, lat", "code")
    assert ("00136", "Phường Phúc Lợi", "commune", None) in rows  # a unit already there is kept
    assert ("00999", "Xã Mới", "commune", 21.05) in rows
    assert len(rows) == len(UNITS) + 1


def _inserted_new(con) -> None:
    rows = table_rows(con, "units", "code, name, kind, parent_code", "code")
    assert ("00136-KT", "Phòng Kinh tế phường Phúc Lợi", "ward_office", "00136") in rows
    assert len(rows) == len(UNITS) + 1


def _incoming(code: str, name: str, lat: str | None) -> dict[str, str | None]:
    return {
        "code": code,
        "name": name,
        "kind": "commune",
        "parent_code": "HN",
        "province": "Hà Nội",
        "aliases": None,
        "lat": lat,
        "lon": None,
    }


CASES: dict[str, SqlCase] = {
    "units/demo_units": SqlCase(
        given={"units": UNITS},
        params={"province": "Hà Nội"},
        expected=[
            ("00136", "Phường Phúc Lợi", "commune", "HN"),
            ("00136-KP1", "Khu phố 1", "neighbourhood", "00136"),
            ("00136-VH", "Phòng Văn hóa - Xã hội", "ward_office", "00136"),
            ("HN-STP", "Sở Tư pháp", "department", "HN"),
        ],
    ),
    "units/province_members": SqlCase(
        given={"units": UNITS},
        params={"province": "HN"},
        expected=[("00136",), ("00136-KP1",), ("00136-VH",), ("HN",), ("HN-STP",)],
    ),
    "units/provinces_list": SqlCase(
        given={"units": UNITS}, expected=[("HN", "Hà Nội", "Hà Nội"), ("HP", "Hải Phòng", "Hải Phòng")]
    ),
    "units/unit_kind": SqlCase(
        given={"units": UNITS}, params={"code": "00136-VH"}, expected=[("ward_office",)]
    ),
    "units/unit_province": SqlCase(given={"units": UNITS}, params={"unit": "00136-KP1"}, expected=[("HN",)]),
    "units/unit_by_code": SqlCase(given={"units": UNITS}, params={"code": "HN-STP"}, expected=[("HN-STP",)]),
    "units/unit_item_log": SqlCase(
        given={"units": UNITS, "import_batches": [batch(1)], "publications": ITEMS},
        params={"units": ["00136", "00136-VH"], "date_from": D(2026, 3, 1), "date_to": D(2026, 3, 31)},
        expected=[
            (
                3,
                "00136",
                "Phường Phúc Lợi",
                D(2026, 3, 20),
                "own_portal",
                "news",
                "Tin một",
                None,
                "published",
                True,
                D(2026, 3, 2),
            ),
            (
                2,
                "00136-VH",
                "Phòng Văn hóa - Xã hội",
                D(2026, 3, 9),
                "own_portal",
                "news",
                "Tin văn hóa",
                None,
                "published",
                False,
                None,
            ),
            (
                1,
                "00136",
                "Phường Phúc Lợi",
                D(2026, 3, 2),
                "own_portal",
                "news",
                "Tin một",
                "https://a.vn/1",
                "published",
                False,
                None,
            ),
        ],
    ),
    "units/unit_match_rows": SqlCase(
        given={"units": UNITS[:3]},
        expected=[
            ("00136", "Phường Phúc Lợi", "Phuc Loi|P. Phúc Lợi"),
            ("00136-VH", "Phòng Văn hóa - Xã hội", ""),
            ("HN", "Hà Nội", ""),
        ],
    ),
    "units/unit_names": SqlCase(
        given={"units": UNITS[:2]}, expected=[("00136", "Phường Phúc Lợi"), ("HN", "Hà Nội")]
    ),
    "units/unit_offices": SqlCase(
        given={"units": UNITS}, params={"unit": "00136"}, expected=[("00136-VH", "Phòng Văn hóa - Xã hội")]
    ),
    "units/units_list": SqlCase(
        given={"units": UNITS},
        params={"kinds": ["commune", "department", "ward_office"], "units": ["00136", "HN-STP", "HN"]},
        expected=[
            ("00136", "Phường Phúc Lợi", "commune", "HN", "Hà Nội", None, None),
            ("HN-STP", "Sở Tư pháp", "department", "HN", "Hà Nội", None, None),
        ],
    ),
    "units/units_insert_new": StagedCase(
        given={"units": UNITS},
        staged={
            "incoming_units": [
                {
                    "code": "00136-KT",
                    "name": "Phòng Kinh tế phường Phúc Lợi",
                    "kind": "ward_office",
                    "parent_code": "00136",
                    "province": "Hà Nội",
                    "aliases": None,
                    "lat": None,
                    "lon": None,
                }
            ]
        },
        check=_inserted_new,
    ),
    "units/units_insert_missing": StagedCase(
        given={"units": UNITS},
        staged={
            "incoming_units": [
                _incoming("00136", "Phường Phúc Lợi (mới)", "21.9"),
                _incoming("00999", "Xã Mới", "21.05"),
            ]
        },
        check=_added_missing,
    ),
    "units/units_upsert": StagedCase(
        given={"units": UNITS},
        staged={
            "incoming_units": [
                {
                    "code": "00136",
                    "name": "Phường Phúc Lợi (mới)",
                    "kind": "commune",
                    "parent_code": "HN",
                    "province": "Hà Nội",
                    "aliases": None,
                    "lat": "21.05",
                    "lon": "105.9",
                },
                {
                    "code": "00999",
                    "name": "Xã Mới",
                    "kind": "commune",
                    "parent_code": "HN",
                    "province": "Hà Nội",
                    "aliases": None,
                    "lat": "không rõ",
                    "lon": None,
                },
            ]
        },
        check=_upserted,
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_query(name: str, tmp_path: Path) -> None:
    run(name, CASES[name], tmp_path)
