"""Derive the commune rows of data/units.csv from the PyPI package `vietnamadminunits`.

Run once, by hand, in a throwaway virtualenv; the package is NOT a runtime
dependency of cchc-monitor (the app reads only data/units.csv):

    python -m venv /tmp/vau-venv
    /tmp/vau-venv/bin/pip install vietnamadminunits   # MIT, tested with 1.0.4
    /tmp/vau-venv/bin/python scripts/derive_communes.py

What it writes, into data/units.csv (UTF-8, NFC):
- every commune/ward of Hà Nội (provinceCode 01: 126 rows, 75 xã and 51 phường),
- xã Thanh Hà (Hải Phòng) and phường Phú Định (TP. Hồ Chí Minh), the communes of seeds 001 and 002,
  each with its official 5-digit code (kept as text, leading zeros included), kind `commune`,
  parent HN / HP / HCM and centre latitude/longitude;
- the centre coordinates of the city rows HN, HP and HCM.

Every other row of an existing data/units.csv (departments, agencies, ward offices,
neighbourhoods: hand-curated, see data/SOURCES.md) is kept as it is; commune rows are
replaced. Rows are written grouped by kind, communes sorted by code.
"""

from __future__ import annotations

import argparse
import csv
import sys
import unicodedata
from pathlib import Path

COLUMNS = ["code", "name", "kind", "parent_code", "province", "aliases", "lat", "lon"]
KIND_ORDER = [
    "city",
    "department",
    "central_agency",
    "public_service",
    "commune",
    "ward_office",
    "neighbourhood",
]

# package provinceCode -> (our city code, name used in the `province` column)
CITIES = {
    "01": ("HN", "Hà Nội"),
    "31": ("HP", "Hải Phòng"),
    "79": ("HCM", "Hồ Chí Minh"),
}
# Outside Hà Nội only the communes that the seed plans belong to.
EXTRA_COMMUNES = {"31": ["Xã Thanh Hà"], "79": ["Phường Phú Định"]}

DEFAULT_OUT = Path(__file__).resolve().parent.parent / "data" / "units.csv"


def _nfc(value: object) -> str:
    return unicodedata.normalize("NFC", "" if value is None else str(value)).strip()


def _coord(value: object) -> str:
    return "" if value is None else f"{float(value):.4f}".rstrip("0").rstrip(".")


def fetch_communes() -> tuple[list[dict[str, str]], dict[str, tuple[str, str]]]:
    """Commune rows and {city code: (lat, lon)} from the package's SQLite database."""
    from vietnamadminunits.database import query

    rows: list[dict[str, str]] = []
    city_coords: dict[str, tuple[str, str]] = {}
    for pcode, (city, province) in CITIES.items():
        records = query(
            "SELECT wardCode, ward, wardType, wardLat, wardLon, provinceLat, provinceLon "
            f"FROM admin_units WHERE provinceCode = '{pcode}' ORDER BY wardCode"
        )
        if not records:
            sys.exit(f"no communes for provinceCode {pcode}: package layout changed?")
        city_coords[city] = (
            _coord(records[0]["provinceLat"]),
            _coord(records[0]["provinceLon"]),
        )
        wanted = EXTRA_COMMUNES.get(pcode)
        if wanted is not None:
            records = [r for r in records if _nfc(r["ward"]) in wanted]
            if len(records) != len(wanted):
                sys.exit(f"expected {wanted} in provinceCode {pcode}, got {len(records)} rows")
        for r in records:
            code = _nfc(r["wardCode"])
            if not (len(code) == 5 and code.isdigit()):
                sys.exit(f"unexpected ward code {code!r}")
            rows.append(
                {
                    "code": code,
                    "name": _nfc(r["ward"]),
                    "kind": "commune",
                    "parent_code": city,
                    "province": province,
                    "aliases": "",
                    "lat": _coord(r["wardLat"]),
                    "lon": _coord(r["wardLon"]),
                }
            )
    return rows, city_coords


def read_existing(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames != COLUMNS:
            sys.exit(f"{path}: columns {reader.fieldnames} != {COLUMNS}")
        return [{k: _nfc(v) for k, v in row.items()} for row in reader]


def merge(
    existing: list[dict[str, str]],
    communes: list[dict[str, str]],
    city_coords: dict[str, tuple[str, str]],
) -> list[dict[str, str]]:
    kept = [r for r in existing if r["kind"] != "commune"]
    for row in kept:
        if row["kind"] == "city" and row["code"] in city_coords:
            row["lat"], row["lon"] = city_coords[row["code"]]
    by_kind: dict[str, list[dict[str, str]]] = {k: [] for k in KIND_ORDER}
    for row in kept:
        if row["kind"] not in by_kind:
            sys.exit(f"unknown kind {row['kind']!r} for {row['code']}")
        by_kind[row["kind"]].append(row)
    by_kind["commune"] = sorted(communes, key=lambda r: r["code"])
    return [row for kind in KIND_ORDER for row in by_kind[kind]]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)

    communes, city_coords = fetch_communes()
    hanoi = [r for r in communes if r["parent_code"] == "HN"]
    xa = sum(r["name"].startswith("Xã ") for r in hanoi)
    phuong = sum(r["name"].startswith("Phường ") for r in hanoi)
    if (len(hanoi), xa, phuong) != (126, 75, 51):
        sys.exit(f"Hà Nội: {len(hanoi)} communes ({xa} xã, {phuong} phường), expected 126 (75, 51)")

    rows = merge(read_existing(args.out), communes, city_coords)
    codes = [r["code"] for r in rows]
    if len(codes) != len(set(codes)):
        sys.exit("duplicate codes after merge")

    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} rows ({len(communes)} communes) to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
