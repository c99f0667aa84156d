"""Checks over the reference units file data/units.csv (see data/SOURCES.md)."""

from __future__ import annotations

import csv
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from cchc.text import fold
from cchc.vocab import UNIT_KINDS

UNITS_CSV = Path(__file__).resolve().parent.parent / "data" / "units.csv"
COLUMNS = ["code", "name", "kind", "parent_code", "province", "aliases", "lat", "lon"]

PHUC_LOI, BACH_MAI, THANH_HA, PHU_DINH = "00136", "00292", "10813", "27427"
WARD_OFFICES = ("VP", "VHXH", "KTHTDT", "PVHCC")

# Units that the Hà Nội city plan 75/KH-UBND (seed 004) names, with their quota kinds.
CITY_PLAN_UNITS = {
    "HN-SNV": ("Sở Nội vụ", "department"),
    "HN-STP": ("Sở Tư pháp", "department"),
    "HN-STC": ("Sở Tài chính", "department"),
    "HN-SKHCN": ("Sở Khoa học và Công nghệ", "department"),
    "HN-SNNMT": ("Sở Nông nghiệp và Môi trường", "department"),
    "HN-SVHTT": ("Sở Văn hóa và Thể thao", "department"),
    "HN-VPUB": ("Văn phòng UBND Thành phố", "department"),
    "HN-PVHCC": ("Trung tâm Phục vụ hành chính công Thành phố", "department"),
    "HN-BPTTH": ("Báo và Phát thanh, Truyền hình Hà Nội", "public_service"),
    "HN-VNCPT": (
        "Viện Nghiên cứu phát triển kinh tế - xã hội Hà Nội",
        "public_service",
    ),
}


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    with UNITS_CSV.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == COLUMNS
        return list(reader)


@pytest.fixture(scope="module")
def by_code(rows: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    return {r["code"]: r for r in rows}


def test_hanoi_has_126_communes(rows: list[dict[str, str]]) -> None:
    hanoi = [r for r in rows if r["kind"] == "commune" and r["parent_code"] == "HN"]
    assert len(hanoi) == 126
    assert sum(r["name"].startswith("Xã ") for r in hanoi) == 75
    assert sum(r["name"].startswith("Phường ") for r in hanoi) == 51
    assert all(r["province"] == "Hà Nội" for r in hanoi)


def test_commune_codes_are_five_digits_with_coordinates(
    rows: list[dict[str, str]],
) -> None:
    for r in rows:
        if r["kind"] == "commune":
            assert len(r["code"]) == 5 and r["code"].isdigit(), r["code"]
            assert r["parent_code"] in {"HN", "HP", "HCM"}, r
            lat, lon = float(r["lat"]), float(r["lon"])
            assert 8 < lat < 24 and 102 < lon < 110, r


def test_codes_unique(rows: list[dict[str, str]]) -> None:
    dupes = [c for c, n in Counter(r["code"] for r in rows).items() if n > 1]
    assert not dupes
    assert all(r["code"] and r["code"] == r["code"].strip() for r in rows)


def test_parents_exist(rows: list[dict[str, str]], by_code: dict[str, dict[str, str]]) -> None:
    for r in rows:
        if r["kind"] == "city":
            assert r["parent_code"] == "", r
        else:
            assert r["parent_code"] in by_code, r


def test_parent_kinds(rows: list[dict[str, str]], by_code: dict[str, dict[str, str]]) -> None:
    for r in rows:
        parent = by_code.get(r["parent_code"])
        if r["kind"] in {"department", "central_agency", "public_service", "commune"}:
            assert parent is not None and parent["kind"] == "city", r
        if r["kind"] in {"ward_office", "neighbourhood"}:
            assert parent is not None and parent["kind"] == "commune", r
            assert r["code"].startswith(parent["code"] + "-"), r
            assert r["province"] == parent["province"], r


def test_kinds_valid(rows: list[dict[str, str]]) -> None:
    assert {r["kind"] for r in rows} <= set(UNIT_KINDS)


def test_text_is_nfc_without_ubnd_prefix(rows: list[dict[str, str]]) -> None:
    for r in rows:
        for field in ("name", "aliases", "province"):
            assert unicodedata.normalize("NFC", r[field]) == r[field], (field, r)
            assert r[field] == r[field].strip(), (field, r)
        assert not fold(r["name"]).startswith("ubnd "), r


def test_cities(by_code: dict[str, dict[str, str]]) -> None:
    assert by_code["HN"]["name"] == "Thành phố Hà Nội"
    assert by_code["HP"]["name"] == "Thành phố Hải Phòng"
    assert by_code["HCM"]["name"] == "Thành phố Hồ Chí Minh"
    assert {by_code[c]["province"] for c in ("HN", "HP", "HCM")} == {
        "Hà Nội",
        "Hải Phòng",
        "Hồ Chí Minh",
    }


def test_seed_communes(by_code: dict[str, dict[str, str]]) -> None:
    assert by_code[PHUC_LOI]["name"] == "Phường Phúc Lợi"
    assert by_code[BACH_MAI]["name"] == "Phường Bạch Mai"
    assert by_code[THANH_HA]["name"] == "Xã Thanh Hà"
    assert by_code[THANH_HA]["parent_code"] == "HP"
    assert by_code[PHU_DINH]["name"] == "Phường Phú Định"
    assert by_code[PHU_DINH]["parent_code"] == "HCM"


def test_phu_dinh_has_59_neighbourhoods(rows: list[dict[str, str]]) -> None:
    kps = [r for r in rows if r["kind"] == "neighbourhood" and r["parent_code"] == PHU_DINH]
    assert len(kps) == 59
    assert {r["code"] for r in kps} == {f"{PHU_DINH}-KP{n:02d}" for n in range(1, 60)}


@pytest.mark.parametrize("ward", [PHUC_LOI, BACH_MAI])
def test_ward_offices(by_code: dict[str, dict[str, str]], ward: str) -> None:
    ward_name = by_code[ward]["name"]
    for short in WARD_OFFICES:
        office = by_code[f"{ward}-{short}"]
        assert office["kind"] == "ward_office"
        assert office["parent_code"] == ward
        assert office["name"].endswith(f"({ward_name})")
    assert by_code[f"{ward}-VHXH"]["name"] == f"Phòng Văn hóa - Xã hội ({ward_name})"


def test_city_plan_units_exist(by_code: dict[str, dict[str, str]]) -> None:
    for code, (name, kind) in CITY_PLAN_UNITS.items():
        assert by_code[code]["name"] == name
        assert by_code[code]["kind"] == kind
        assert by_code[code]["parent_code"] == "HN"


def test_central_agencies_exist(rows: list[dict[str, str]]) -> None:
    names = {r["name"] for r in rows if r["kind"] == "central_agency"}
    assert {
        "Thuế thành phố Hà Nội",
        "Kho bạc Nhà nước khu vực I",
        "Bảo hiểm xã hội thành phố Hà Nội",
        "Thống kê thành phố Hà Nội",
    } <= names


def test_quota_table_aliases(by_code: dict[str, dict[str, str]]) -> None:
    def aliases(code: str) -> set[str]:
        return {fold(a) for a in by_code[code]["aliases"].split("|")}

    assert fold("Sở KH&CN") in aliases("HN-SKHCN")
    assert fold("VP UBND TP") in aliases("HN-VPUB")
    assert fold("Trung tâm PVHCC TP") in aliases("HN-PVHCC")
    assert fold("Báo và PT-TH Hà Nội") in aliases("HN-BPTTH")


def test_no_alias_collides(rows: list[dict[str, str]]) -> None:
    owner: dict[str, str] = {}
    for r in rows:
        keys = {fold(r["name"])} | {fold(a) for a in r["aliases"].split("|") if a}
        assert all(keys), r
        for key in keys:
            assert owner.setdefault(key, r["code"]) == r["code"], (
                f"{key!r} names both {owner[key]} and {r['code']}"
            )


def test_aliases_well_formed(rows: list[dict[str, str]]) -> None:
    for r in rows:
        if not r["aliases"]:
            continue
        parts = r["aliases"].split("|")
        assert all(p and p == p.strip() for p in parts), r
        folded = [fold(p) for p in parts]
        assert len(set(folded)) == len(folded), r
        assert fold(r["name"]) not in folded, r
