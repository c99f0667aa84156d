"""cchc.tasks.assignees: lead/coordinator cells to units and unit kinds, within the issuer's scope."""

from __future__ import annotations

import csv
from functools import cache

import pytest

from cchc.reference import DATA_DIR
from cchc.tasks.assignees import UnitRef, UnitResolver


@cache
def resolver(issuer: str) -> UnitResolver:
    with (DATA_DIR / "units.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    refs = {
        r["code"]: UnitRef(r["code"], r["name"], r["kind"], r["parent_code"] or None, r["aliases"] or None)
        for r in rows
    }
    province = next(r["province"] for r in rows if r["code"] == issuer)
    return UnitResolver(refs[issuer], [refs[r["code"]] for r in rows if r["province"] == province])


def short(issuer: str, cell: str) -> list[str]:
    """'code', 'kind:<kind>', 'generic:<text>' or 'unknown:<text>' for each fragment."""
    out = []
    for a in resolver(issuer).resolve(cell):
        if a.resolution == "unit":
            out.append(a.unit_code)
        elif a.resolution == "kind":
            assert a.scope_parent == issuer
            out.append(f"kind:{a.unit_kind}")
        else:
            out.append(f"{a.resolution}:{a.text}")
    return out


@pytest.mark.parametrize(
    ("issuer", "cell", "expected"),
    [
        # the city plan 75/KH-UBND
        (
            "HN",
            "Các Sở, ban, ngành; UBND các xã, phường; các cơ quan ngành dọc Trung ương đóng trên địa bàn "
            "Thành phố; các đơn vị sự nghiệp công lập thuộc UBND Thành phố",
            ["kind:department", "kind:commune", "kind:central_agency", "kind:public_service"],
        ),
        ("HN", "Sở Nội vụ", ["HN-SNV"]),
        (
            "HN",
            "Các Sở: Tư pháp; Khoa học và Công nghệ; Trung tâm Phục vụ hành chính công Thành phố",
            ["HN-STP", "HN-SKHCN", "HN-PVHCC"],
        ),
        ("HN", "Báo và phát thanh, truyền hình Hà Nội", ["HN-BPTTH"]),  # a comma inside one name
        (
            "HN",
            "Sở Nội vụ (phụ trách nội dung); Văn phòng UBND Thành phố (phụ trách kỹ thuật)",
            ["HN-SNV", "HN-VPUB"],
        ),
        (
            "HN",
            "Các cơ quan báo chí và các Sở, ngành, UBND xã, phường",
            ["generic:Các cơ quan báo chí", "kind:department", "kind:commune"],
        ),
        (
            "HN",
            "Các Sở, ban, ngành; UBND các xã, phường và các cơ quan, đơn vị liên quan",
            ["kind:department", "kind:commune", "generic:các cơ quan, đơn vị liên quan"],
        ),
        ("HN", "Phòng Văn hóa - Xã hội", ["unknown:Phòng Văn hóa - Xã hội"]),  # no ward named: not guessed
        # phường Phúc Lợi's plan: its own offices
        ("00136", "Phòng Văn hóa-Xã hội", ["00136-VHXH"]),
        ("00136", "Phòng Văn hoá – Xã hội", ["00136-VHXH"]),
        ("00136", "Trung tâm Văn hoá, Thông tin và Thể thao; Phòng VHXXH", ["00136-TTVHTTTT", "00136-VHXH"]),
        ("00136", "Các phòng, ban, đơn vị phường", ["kind:ward_office"]),
        (
            "00136",
            "Các phòng, ban, đơn vị phường; Các tổ dân phố; Các trường học",
            ["kind:ward_office", "kind:neighbourhood", "unknown:Các trường học"],
        ),
        ("00136", "UBND phường", ["00136"]),
        ("00136", "- Phòng Văn hóa - Xã hội\n- Văn phòng HĐND và UBND", ["00136-VHXH", "00136-VP"]),
        # phường Bạch Mai
        ("00292", "Phòng Văn hóa xã hội", ["00292-VHXH"]),
        ("00292", "Văn phòng HĐND&UBND", ["00292-VP"]),
        ("00292", "Phòng Văn hóa xã hội và các phòng, ban chuyên môn", ["00292-VHXH", "kind:ward_office"]),
        # xã Thanh Hà (Hải Phòng)
        (
            "10813",
            "Văn phòng HĐND - UBND xã, Phòng Văn hóa – Xã hội, Trung tâm Phục vụ hành chính công xã",
            ["10813-VP", "10813-VHXH", "10813-PVHCC"],
        ),
        (
            "10813",
            "Trung tâm Phục vụ hành chính công xã, các cơ quan, đơn vị xã",
            ["10813-PVHCC", "kind:ward_office"],
        ),
        ("10813", "Phòng Kinh tế", ["10813-KT"]),
        ("10813", "Sở Nội vụ", ["unknown:Sở Nội vụ"]),  # Hà Nội's department is not Hải Phòng's
        (
            "10813",
            "Cơ quan chủ trì được phân công theo Kế hoạch",
            ["generic:Cơ quan chủ trì được phân công theo Kế hoạch"],
        ),
        # phường Phú Định (TP.HCM)
        ("27427", "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân phường", ["27427-VP"]),
        ("27427", "Phòng Kinh tế, Hạ tầng và Đô thị phường Phú Định", ["27427-KTHTDT"]),
        ("27427", "Công an phường", ["27427-CA"]),
        ("27427", "Trưởng 59 Khu phố", ["kind:neighbourhood"]),
        (
            "27427",
            "Các trường học, trạm y tế, đơn vị sự nghiệp",
            ["unknown:Các trường học, trạm y tế, đơn vị sự nghiệp"],
        ),
        ("27427", "", []),
    ],
)
def test_resolve(issuer: str, cell: str, expected: list[str]) -> None:
    assert short(issuer, cell) == expected


def test_labels_say_whose_units() -> None:
    [group] = resolver("00136").resolve("Các phòng, ban, đơn vị phường")
    assert group.label == "Các phòng, ban, đơn vị (Phường Phúc Lợi)"
    [office] = resolver("00136").resolve("Phòng VHXXH")
    assert office.label == "Phòng Văn hóa - Xã hội (Phường Phúc Lợi)"
    assert office.text == "Phòng VHXXH"


def test_same_unit_named_twice_is_listed_once() -> None:
    assert short("HN", "Sở Nội vụ; Sở Nội vụ Hà Nội") == ["HN-SNV"]
