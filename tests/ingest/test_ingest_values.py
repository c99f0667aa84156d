"""Column-level cleaning and mapping (vectorised), one line per real-world variant."""

from __future__ import annotations

from datetime import date

import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cchc.ingest import values as v
from cchc.text import nfc
from tests.ingest.corpus import nfd


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2026-03-12 00:00:00", date(2026, 3, 12)),  # a real date cell, as fastexcel renders it
        ("2026-03-12 14:30:00", date(2026, 3, 12)),
        ("46101", date(2026, 3, 20)),  # a bare Excel serial
        ("46101.75", date(2026, 3, 20)),
        ("05/3/2026", date(2026, 3, 5)),  # day first
        ("5-3-2026", date(2026, 3, 5)),
        ("2026-03-05", date(2026, 3, 5)),
        ("05.03.2026", date(2026, 3, 5)),
        ("05 / 03 / 2026", date(2026, 3, 5)),
        ("29/02/2024", date(2024, 2, 29)),
        ("31/12/2100", date(2100, 12, 31)),
        ("01/01/2000", date(2000, 1, 1)),
    ],
)
def test_dates(cell: str, expected: date) -> None:
    assert v.parse_dates(pa.array([cell])).values.to_pylist() == [expected]


@pytest.mark.parametrize(
    ("cell", "why"),
    [
        (None, "missing"),
        ("hôm qua", "bad_format"),
        ("05/03/26", "bad_format"),
        ("-5", "bad_format"),
        ("31/02/2026", "impossible"),
        ("29/02/2025", "impossible"),
        ("05/13/2026", "impossible"),
        ("2026-00-10", "impossible"),
        ("15/06/1999", "out_of_range"),
        ("01/01/2101", "out_of_range"),
        ("1", "out_of_range"),  # serial 1 is 1900-01-01
        ("999999", "out_of_range"),
    ],
)
def test_bad_dates(cell: str | None, why: str) -> None:
    dates = v.parse_dates(pa.array([cell], pa.string()))
    assert dates.values.to_pylist() == [None]
    flags = {k: bool(getattr(dates, k)[0]) for k in ("missing", "bad_format", "impossible", "out_of_range")}
    assert [k for k, on in flags.items() if on] == [why]


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)))
def test_every_day_round_trips(day: date) -> None:
    cells = [
        day.strftime("%d/%m/%Y"),
        day.isoformat(),
        f"{day.day}-{day.month}-{day.year}",
        str(day.toordinal() - 693594),
    ]
    assert v.parse_dates(pa.array(cells)).values.to_pylist() == [day] * 4


@pytest.mark.parametrize(
    ("text", "channel"),
    [
        ("Trang CCHC Thành phố", "city_page"),
        ("Trang thông tin CCHC TP", "city_page"),
        ("Trang thông tin CCHC Thành phố", "city_page"),
        ("trang cchc tp", "city_page"),
        ("caicachhanhchinh.hanoi.gov.vn", "city_page"),
        ("Cổng TTĐT", "own_portal"),
        ("Cổng thông tin điện tử", "own_portal"),
        ("Trang TTĐT phường", "own_portal"),
        ("Trang thông tin điện tử", "own_portal"),
        ("Website", "own_portal"),
        ("phucloi.hanoi.gov.vn", "own_portal"),
        ("Đài truyền thanh", "radio"),
        ("Loa truyền thanh", "radio"),
        ("Truyền thanh cơ sở", "radio"),
        ("Hệ thống truyền thanh cơ sở", "radio"),
        ("Phát thanh, truyền hình", "broadcast"),
        ("Truyền hình", "broadcast"),
        ("Zalo", "social"),
        ("Zalo OA", "social"),
        ("Facebook", "social"),
        ("Fanpage", "social"),
        ("YouTube", "social"),
        ("TikTok", "social"),
        ("Mạng xã hội", "social"),
        (nfd("Mạng xã hội"), "social"),
        ("Báo giấy", None),
        ("x", None),
    ],
)
def test_channel_of_text(text: str, channel: str | None) -> None:
    assert v.channel_of_text(text) == channel


@pytest.mark.parametrize(
    ("host", "channel"),
    [
        ("caicachhanhchinh.hanoi.gov.vn", "city_page"),
        ("www.facebook.com", "social"),
        ("m.facebook.com", "social"),
        ("zalo.me", "social"),
        ("youtube.com", "social"),
        ("youtu.be", "social"),
        ("www.tiktok.com", "social"),
        ("phucloi.hanoi.gov.vn", "own_portal"),
        ("hanoimoi.vn", None),
        ("notfacebook.com", None),
    ],
)
def test_channel_of_host(host: str, channel: str | None) -> None:
    assert v.channel_of_host(host) == channel


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Đã gửi", "submitted"),
        ("Gửi đăng", "submitted"),
        ("Đã gửi đăng", "submitted"),
        ("Chờ duyệt", "submitted"),
        ("Đã đăng", "published"),
        ("Được đăng tải", "published"),
        ("Đã đăng tải", "published"),
        ("ĐÃ ĐĂNG", "published"),
        ("da dang", "published"),
        ("Không đăng", "rejected"),
        ("Không được đăng", "rejected"),
        ("Từ chối", "rejected"),
        ("khong dang", "rejected"),
        ("Đang xem xét", None),  # "đang" (in progress) is not "đăng" (posted)
        ("?", None),
    ],
)
def test_status_of_text(text: str, status: str | None) -> None:
    assert v.status_of_text(text) == status


@pytest.mark.parametrize(
    ("text", "flags"),
    [("Tin", 0), ("Bài viết chuyên sâu", 1), ("Bài chính luận", 1), ("Chương trình", 2), ("Phóng sự", 2)],
)
def test_kind_flags(text: str, flags: int) -> None:
    assert v.kind_flags(text) == flags


@pytest.mark.parametrize(
    ("text", "legacy"),
    [
        ("Ph\u00adêng Phóc Lîi", True),  # TCVN3 read as Latin-1
        ("Hµ Néi", True),
        ("Phöôøng Phuùc Lôïi", True),  # VNI read as Latin-1
        ("Tuyeân truyeàn caûi caùch haønh chính", True),
        ("Phường Phúc Lợi", False),
        ("Tuyên truyền cải cách hành chính «Một cửa» – 100% hồ sơ", False),
        ("ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúýĂăĐđĨĩŨũƠơƯư", False),
    ],
)
def test_legacy_encodings(text: str, legacy: bool) -> None:
    assert v.legacy_mask(pa.array([text])).tolist() == [legacy]


@pytest.mark.parametrize(
    ("cell", "url", "invalid"),
    [
        ("https://caicachhanhchinh.hanoi.gov.vn/tin/1", "https://caicachhanhchinh.hanoi.gov.vn/tin/1", False),
        (
            "HTTPS://CaiCachHanhChinh.HaNoi.gov.vn/Tin/1?ID=Ab",
            "https://caicachhanhchinh.hanoi.gov.vn/Tin/1?ID=Ab",
            False,
        ),
        ("WWW.Facebook.com/Page", "www.facebook.com/Page", False),
        ("xem trên trang", None, True),
        ("không có", None, True),
        (None, None, False),
    ],
)
def test_parse_urls(cell: str | None, url: str | None, invalid: bool) -> None:
    urls, bad = v.parse_urls(pa.array([cell], pa.string()))
    assert (urls.to_pylist(), bad.tolist()) == ([url], [invalid])


def test_channel_from_links_only_where_needed() -> None:
    urls = pa.array(
        ["https://www.facebook.com/x", "https://user@phucloi.hanoi.gov.vn:8080/a", "https://zalo.me/1"]
    )
    found = v.channel_from_links(urls, pa.array([True, True, False]).to_numpy(zero_copy_only=False))
    assert found.to_pylist() == ["social", "own_portal", None]


_CLEAN_ALPHABET = " \t\n\v\x1f\x85\u00a0\u2003\u2028\u3000\u200bAaĐđê\u0302\u0301ơ\u031b."


@given(st.lists(st.one_of(st.none(), st.text(alphabet=_CLEAN_ALPHABET, max_size=12))))
def test_clean_agrees_with_nfc(cells: list[str | None]) -> None:
    expected = [
        None if c is None or not nfc(c.replace("\u200b", "")) else nfc(c.replace("\u200b", "")) for c in cells
    ]
    assert v.clean(pa.array(cells, pa.string())).to_pylist() == expected
