"""Every unit of the country: data/units_national.csv (scripts/build_units.py, see data/SOURCES.md)
and how `init` brings it into new and existing databases."""

from __future__ import annotations

import csv
from collections import Counter

import pytest

from cchc import db, reference
from cchc.ingest.importer import unit_matcher
from cchc.ingest.units import UnitMatcher
from cchc.setup import init_database

NATIONAL = reference.NATIONAL_UNITS
# The issue says "34 provinces and 3,321 communes": vietnamadminunits 1.0.4 gives exactly that
# (126 in Hà Nội, 114 in Hải Phòng, 168 in TP. Hồ Chí Minh, special zones (đặc khu) counted).
PROVINCES, COMMUNES = 34, 3321
# Viet Nam with its islands: Trường Sa reaches about 114.4°E, Cà Mau about 8.6°N.
LAT, LON = (8.0, 23.5), (102.0, 117.9)


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    with NATIONAL.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == reference.UNIT_COLUMNS
        return list(reader)


def test_counts_and_unique_codes(rows):
    kinds = Counter(r["kind"] for r in rows)
    assert kinds == {"city": PROVINCES, "commune": COMMUNES}
    assert len({r["code"] for r in rows}) == len(rows)
    assert reference.read_units(NATIONAL)  # every row passes the units file's own checks


def test_every_commune_has_its_province_and_a_centre_in_viet_nam(rows):
    provinces = {r["code"]: r["province"] for r in rows if r["kind"] == "city"}
    assert len(set(provinces.values())) == PROVINCES
    for r in rows:
        if r["kind"] != "commune":
            continue
        assert len(r["code"]) == 5 and r["code"].isdigit(), r
        assert provinces.get(r["parent_code"]) == r["province"], r
        assert LAT[0] < float(r["lat"]) < LAT[1] and LON[0] < float(r["lon"]) < LON[1], r
    per_province = Counter(r["province"] for r in rows if r["kind"] == "commune")
    assert per_province["Hà Nội"] == 126 and per_province["Hải Phòng"] == 114
    assert per_province["Hồ Chí Minh"] == 168


def test_the_rows_known_before_keep_their_codes_and_names(rows):
    national = {r["code"]: r for r in rows}
    known = reference.read_units(reference.DATA_DIR / "units.csv")
    shared = [u for u in known if u["kind"] in ("city", "commune")]
    assert len(shared) == 3 + 128
    for unit in shared:
        row = national[unit["code"]]
        assert (row["name"], row["kind"], row["parent_code"] or None, row["province"]) == (
            unit["name"],
            unit["kind"],
            unit["parent_code"],
            unit["province"],
        )


def _province_matcher(rows: list[dict[str, str]], province: str) -> UnitMatcher:
    return UnitMatcher((r["code"], r["name"], r["aliases"]) for r in rows if r["province"] == province)


@pytest.mark.parametrize(
    ("province", "typed", "code"),
    [
        ("Hải Phòng", "Xã Thanh Hà", "10813"),
        ("Hải Phòng", "UBND xã Thanh Hà", "10813"),
        ("Hải Phòng", "X. Thanh Hà", "10813"),
        ("Hải Phòng", "Thành phố Hải Phòng", "HP"),
        ("Hồ Chí Minh", "Phường Phú Định", "27427"),
        ("Hồ Chí Minh", "UBND phường Phú Định", "27427"),
        ("Hồ Chí Minh", "phuong phu dinh", "27427"),
        ("Hồ Chí Minh", "UBND Thành phố Hồ Chí Minh", "HCM"),
    ],
)
def test_seed_communes_resolve_within_their_province(rows, province, typed, code):
    assert _province_matcher(rows, province).match(typed) == code


def test_a_name_shared_across_provinces_means_the_home_provinces_unit(rows):
    hanoi = [r for r in rows if r["province"] == "Hà Nội"]
    everyone = [(r["code"], r["name"], r["aliases"]) for r in rows]
    plain = UnitMatcher(everyone)
    home = UnitMatcher(everyone, preferred=[r["code"] for r in hanoi])
    shared = [r for r in hanoi if plain.match(r["name"]) is None]
    assert len(shared) >= 20  # e.g. Xã Gia Lâm, Phường Hoàng Mai are names elsewhere too
    assert all(home.match(r["name"]) == r["code"] for r in hanoi)
    assert home.match("X. Gia Lâm") == next(r["code"] for r in hanoi if r["name"] == "Xã Gia Lâm")


def test_a_new_database_gets_every_unit_of_the_country(tmp_path):
    con = init_database(tmp_path / "new.duckdb")
    kinds = dict(con.execute("select kind, count(*) from units group by kind").fetchall())
    assert kinds["city"] == PROVINCES and kinds["commune"] == COMMUNES
    assert con.execute("select count(*) from units where code = 'HN-SKHCN'").fetchone() == (1,)
    # Hà Nội's communes resolve from a whole-country matcher, as the CLI and the demo import them.
    matcher = unit_matcher(con)
    assert (
        matcher.match("UBND xã Gia Lâm")
        == con.execute("select code from units where name = 'Xã Gia Lâm' and province = 'Hà Nội'").fetchone()[
            0
        ]
    )
    con.close()


def test_init_adds_the_new_units_to_an_existing_database_and_keeps_users_ones(tmp_path):
    path = tmp_path / "old.duckdb"
    con = db.connect(path)  # a database made before: units.csv only, then a user's own changes
    reference.upsert_units(con, reference.read_units(reference.DATA_DIR / "units.csv"))
    mine = (
        b"code,name,kind,parent_code,province\n"
        b"00136,Phuong Phuc Loi (ten cua toi),commune,HN,H\xc3\xa0 N\xe1\xbb\x99i\n"
        b"HN-MOI,S\xe1\xbb\x9f M\xe1\xbb\x9bi,department,HN,H\xc3\xa0 N\xe1\xbb\x99i\n"
    )
    reference.upsert_units(con, reference.read_units(mine))
    before = con.execute("select count(*) from units").fetchone()[0]
    con.close()
    con = init_database(path)
    assert con.execute("select name from units where code = '00136'").fetchone() == (
        "Phuong Phuc Loi (ten cua toi)",
    )
    assert con.execute("select name from units where code = 'HN-MOI'").fetchone() == ("Sở Mới",)
    assert con.execute("select count(*) from units").fetchone()[0] == before + PROVINCES - 3 + COMMUNES - 128
    assert reference.load_reference_units(con) == 0  # a second init adds nothing
    con.close()


def test_units_import_reports_every_row_and_is_all_or_nothing(tmp_path, capsys):
    from cchc.__main__ import main

    path = str(tmp_path / "u.duckdb")
    init_database(path).close()
    good = tmp_path / "good.csv"
    good.write_text(
        "code,name,kind,parent_code,province,aliases,lat,lon\n"
        "CAOBANG-SNV,Sở Nội vụ,department,CAOBANG,,Sở Nội vụ Cao Bằng,,\n"
        "HN-SNV,Sở Nội vụ Hà Nội,department,HN,Hà Nội,,,\n"
        "00136,Phường Phúc Lợi,commune,HN,Hà Nội,,21.0422,105.919\n",
        encoding="utf-8",
    )
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "code,name,kind,parent_code\nHP-X,Sở X,department,HP\nX-2,Phòng Y,ward_office,HN\nX-3,Z,department,KHONGCO\n",
        encoding="utf-8",
    )
    assert main(["units", "import", str(bad), "--db", path]) == 1
    err = capsys.readouterr().err.splitlines()
    assert [line.split(": ", 1)[1][:13] for line in err[:2]] == ["Dòng 3 (X-2):", "Dòng 4 (X-3):"]
    assert "không thay đổi" in err[-1]
    assert main(["units", "import", str(good), "--db", path]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "Dòng 2: CAOBANG-SNV Sở Nội vụ — thêm",
        "Dòng 3: HN-SNV Sở Nội vụ Hà Nội — cập nhật (trước: Sở Nội vụ)",
        "Dòng 4: 00136 Phường Phúc Lợi — không đổi",
        f"{good}: thêm 1 đơn vị, cập nhật 1 đơn vị, 1 đơn vị không đổi.",
    ]
    con = db.connect(path)
    assert con.execute("select province from units where code = 'CAOBANG-SNV'").fetchone() == ("Cao Bằng",)
    assert con.execute("select count(*) from units where code = 'HP-X'").fetchone() == (0,)
    assert con.execute("select username, action from audit_log").fetchall()[-1][1] == "units"
    con.close()
