"""Unit names as clerks type them → unit codes."""

from __future__ import annotations

import pytest

from cchc.ingest import UnitMatcher
from tests.ingest.corpus import matcher, nfd


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Phường Phúc Lợi", "00004"),
        ("UBND phường Phúc Lợi", "00004"),
        ("Ủy ban nhân dân phường Phúc Lợi", "00004"),
        ("Uỷ ban nhân dân Phường Phúc Lợi", "00004"),  # old-style tone placement
        ("P. Phúc Lợi", "00004"),
        ("P.Phúc Lợi", "00004"),
        ("UBND P. Phúc Lợi", "00004"),
        ("Phúc Lợi", "00004"),
        ("phuong phuc loi", "00004"),
        ("  PHƯỜNG   PHÚC LỢI ", "00004"),
        (nfd("Phường Phúc Lợi"), "00004"),
        ("Phường Bạch Mai", "00005"),
        ("Sở Khoa học và Công nghệ", "HN-SKHCN"),
        ("SỞ KHOA HỌC VÀ CÔNG NGHỆ", "HN-SKHCN"),
        ("Sở KH&CN", "HN-SKHCN"),
        ("so kh&cn", "HN-SKHCN"),
        ("Xã Phúc Lợi", None),  # the kind word, when typed, must agree
        ("X. Phúc Lợi", None),
        ("Phường Phúc Lộc", None),
        ("UBND", None),
        ("", None),
    ],
)
def test_match(typed: str, code: str | None) -> None:
    assert matcher().match(typed) == code


def test_kind_word_kept_when_two_units_share_a_bare_name() -> None:
    units = UnitMatcher([("1", "Phường Thanh Hà", ""), ("2", "Xã Thanh Hà", "")])
    assert units.match("P. Thanh Hà") == "1"
    assert units.match("xa thanh ha") == "2"
    assert units.match("Thanh Hà") is None  # ambiguous without the kind word


def test_alias_claimed_by_two_units_matches_neither() -> None:
    units = UnitMatcher([("1", "Sở Tư pháp", "STP"), ("2", "Sở Tài chính", "STP")])
    assert units.match("STP") is None
    assert units.match("Sở Tư pháp") == "1"


def test_suggest_closest_names() -> None:
    assert matcher().suggest("Phường Phúc Lộc") == [
        "Phường Phúc Lợi",
        "Phường Bạch Mai",
        "Sở Khoa học và Công nghệ",
    ]
    assert matcher().suggest("Sở KHCN", n=1) == ["Sở Khoa học và Công nghệ"]
    assert matcher().suggest("") == []
