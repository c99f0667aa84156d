"""Build data/units_national.csv: the 34 provinces and 3,321 communes of Viet Nam.

Source: the PyPI package `vietnamadminunits` (MIT, tested with 1.0.4), table `admin_units` of
its bundled SQLite file. The package is NOT a runtime dependency: run this by hand in a
throwaway virtualenv, and commit the CSV it writes (the app reads only the CSV):

    python3 -m venv /tmp/vau-venv
    /tmp/vau-venv/bin/pip install vietnamadminunits==1.0.4
    /tmp/vau-venv/bin/python scripts/build_units.py

Rows (same columns as data/units.csv, UTF-8, NFC):
- one per province, kind `city`, no parent; code: HN, HP, HCM as in data/units.csv, else the
  package's short key in capitals (CAOBANG, DANANG, …); `province` is the short name
  ('Cao Bằng'), which every unit of the province carries;
- one per commune, ward or special zone (đặc khu), kind `commune`, code: the official 5-digit
  code (text, leading zeros kept), parent: its province's code, centre latitude/longitude.

Reconciled with data/units.csv: a row whose code is there keeps that file's code, name, parent
and aliases (the script stops when the package names an existing commune differently), so
the Hà Nội communes and the two seed communes stay as they are.
"""

from __future__ import annotations

import argparse
import csv
import sys
import unicodedata
from pathlib import Path

COLUMNS = ["code", "name", "kind", "parent_code", "province", "aliases", "lat", "lon"]
DATA = Path(__file__).resolve().parent.parent / "data"
# Province codes already used by data/units.csv (and by accounts, rules and URLs).
KNOWN_PROVINCES = {"01": "HN", "31": "HP", "79": "HCM"}
EXPECTED = (34, 3321)


def _nfc(value: object) -> str:
    return unicodedata.normalize("NFC", "" if value is None else str(value)).strip()


def _coord(value: object) -> str:
    return "" if value is None else f"{float(value):.4f}".rstrip("0").rstrip(".")


def _records() -> list[dict[str, object]]:
    from vietnamadminunits.database import query

    return list(
        query(
            "SELECT provinceCode, province, provinceShort, provinceShortKey, provinceLat, provinceLon, "
            "wardCode, ward, wardType, wardLat, wardLon FROM admin_units ORDER BY wardCode"
        )
    )


def _province_row(r: dict[str, object]) -> dict[str, str]:
    pcode = _nfc(r["provinceCode"])
    name = _nfc(r["province"])  # 'Thành phố Hà Nội', 'Tỉnh Cao Bằng'
    level, short = ("thành phố", name[len("Thành phố ") :]) if name.startswith("Thành phố ") else ("tỉnh", "")
    short = short or name.removeprefix("Tỉnh ")
    abbrev = "TP" if level == "thành phố" else "Tỉnh"
    return {
        "code": KNOWN_PROVINCES.get(pcode, _nfc(r["provinceShortKey"]).upper()),
        "name": name,
        "kind": "city",
        "parent_code": "",
        "province": _nfc(r["provinceShort"]),
        "aliases": f"UBND {level} {short}|Ủy ban nhân dân {level} {short}|{abbrev} {short}",
        "lat": _coord(r["provinceLat"]),
        "lon": _coord(r["provinceLon"]),
    }


def build(records: list[dict[str, object]], existing: dict[str, dict[str, str]]) -> list[dict[str, str]]:
    """Province rows then commune rows (by code), reconciled with the rows of data/units.csv."""
    provinces: dict[str, dict[str, str]] = {}
    communes = []
    for r in records:
        pcode = _nfc(r["provinceCode"])
        province = provinces.setdefault(pcode, _province_row(r))
        code = _nfc(r["wardCode"])
        if not (len(code) == 5 and code.isdigit()):
            sys.exit(f"unexpected ward code {code!r}")
        communes.append(
            {
                "code": code,
                "name": _nfc(r["ward"]),
                "kind": "commune",
                "parent_code": province["code"],
                "province": province["province"],
                "aliases": "",
                "lat": _coord(r["wardLat"]),
                "lon": _coord(r["wardLon"]),
            }
        )
    rows = sorted(provinces.values(), key=lambda p: p["code"]) + communes
    for row in rows:
        old = existing.get(row["code"])
        if old is None:
            continue
        if (old["name"], old["kind"], old["parent_code"]) != (row["name"], row["kind"], row["parent_code"]):
            sys.exit(f"{row['code']}: package says {row['name']!r}, data/units.csv says {old['name']!r}")
        row["aliases"] = old["aliases"] or row["aliases"]
    return rows


def read_existing(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return {row["code"]: {k: _nfc(v) for k, v in row.items()} for row in csv.DictReader(fh)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DATA / "units_national.csv")
    parser.add_argument("--existing", type=Path, default=DATA / "units.csv")
    args = parser.parse_args(argv)

    rows = build(_records(), read_existing(args.existing))
    counts = (sum(r["kind"] == "city" for r in rows), sum(r["kind"] == "commune" for r in rows))
    if counts != EXPECTED:
        print(f"note: {counts[0]} provinces, {counts[1]} communes (expected {EXPECTED})", file=sys.stderr)
    codes = [r["code"] for r in rows]
    if len(codes) != len(set(codes)):
        sys.exit("duplicate codes")
    with args.out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} rows ({counts[0]} provinces, {counts[1]} communes) to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
