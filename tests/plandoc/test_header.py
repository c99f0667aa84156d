"""The head of a plan, one line per way it is written."""

import pytest

from cchc.plandoc import read_text

BODY = "\n\nI. MỤC ĐÍCH\n\nNâng cao nhận thức.\n"


def _head(text: str) -> dict:
    read = read_text(text + BODY)
    return {
        k: read[k] for k in ("number", "issued_on", "issuer", "title", "period_start", "period_end", "parent")
    }


@pytest.mark.parametrize(
    ("line", "number"),
    [
        ("Số: 75/KH-UBND", "75/KH-UBND"),
        ("Số: 75 /KH-UBND", "75/KH-UBND"),
        ("Số:  156 / KH-SNV", "156/KH-SNV"),
        ("Số 12/KH-UBND", "12/KH-UBND"),
        ("Số: **75** /KH-UBND", "75/KH-UBND"),
        ("Số: /KH-UBND", None),  # left blank until it is signed
        ("Số:......./KH-UBND", None),
    ],
)
def test_number(line, number):
    assert _head(f"{line}\nKẾ HOẠCH\nTuyên truyền CCHC năm 2027")["number"] == number


@pytest.mark.parametrize(
    ("line", "issued_on"),
    [
        ("Hà Nội, ngày 27 tháng 02 năm 2026", "2026-02-27"),
        ("Đà Nẵng, ngày 5 tháng 3 năm 2027", "2027-03-05"),
        ("Hà Nội, ngày **27** tháng **02** năm 2026", "2026-02-27"),
        ("Phúc Lợi, ngày tháng năm 2026", None),
        ("Hà Nội, ngày 31 tháng 02 năm 2026", None),  # no such day: not moved to another
    ],
)
def test_place_and_date(line, issued_on):
    assert _head(f"Số: 1/KH-UBND\n{line}\nKẾ HOẠCH\nTuyên truyền CCHC năm 2027")["issued_on"] == issued_on


@pytest.mark.parametrize(
    ("header", "issuer"),
    [
        ("UBND PHƯỜNG HOÀNG MAI", "UBND phường Hoàng Mai"),
        ("ỦY BAN NHÂN DÂN\nXÃ THANH HÀ", "UBND xã Thanh Hà"),
        (
            "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nPHƯỜNG HẢI CHÂU Độc lập - Tự do - Hạnh phúc",
            "UBND phường Hải Châu",
        ),
        ("UBND THÀNH PHỐ HÀ NỘI", "UBND thành phố Hà Nội"),
        ("ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH", "UBND tỉnh Quảng Ninh"),
        ("UBND TỈNH QUẢNG NINH\nSỞ NỘI VỤ", "Sở Nội vụ tỉnh Quảng Ninh"),
        (
            "UBND THÀNH PHỐ CẦN THƠ\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSỞ THÔNG TIN VÀ TRUYỀN THÔNG",
            "Sở Thông tin và Truyền thông thành phố Cần Thơ",
        ),
    ],
)
def test_issuer_from_the_header(header, issuer):
    assert _head(f"{header}\nSố: 1/KH-UBND\nKẾ HOẠCH\nTuyên truyền CCHC năm 2027")["issuer"] == issuer


def test_issuer_from_the_adopting_sentence_when_the_header_is_missing():
    text = "KẾ HOẠCH\nTuyên truyền CCHC năm 2027\nThực hiện chỉ đạo của Thành phố, UBND phường Tây Hồ ban hành Kế hoạch như sau:"
    assert _head(text)["issuer"] == "UBND phường Tây Hồ"


@pytest.mark.parametrize(
    ("title", "period"),
    [
        ("Tuyên truyền cải cách hành chính năm 2027", ("2027-01-01", "2027-12-31")),
        ("Tuyên truyền cải cách hành chính 6 tháng cuối năm 2025", ("2025-07-01", "2025-12-31")),
        ("Tuyên truyền cải cách hành chính 6 tháng đầu năm 2027", ("2027-01-01", "2027-06-30")),
        ("Tuyên truyền cải cách hành chính quý III năm 2027", ("2027-07-01", "2027-09-30")),
        ("Tuyên truyền cải cách hành chính giai đoạn 2026 - 2030", ("2026-01-01", "2030-12-31")),
        ("Tuyên truyền cải cách hành chính từ tháng 8/2025 đến tháng 12/2025", ("2025-08-01", "2025-12-31")),
        ("Tuyên truyền cải cách hành chính", (None, None)),  # no period said: none guessed
    ],
)
def test_period_from_the_title(title, period):
    head = _head(f"KẾ HOẠCH\n{title}")
    assert head["title"] == "Kế hoạch " + title[0].lower() + title[1:]
    assert (head["period_start"], head["period_end"]) == period


def test_a_title_on_the_same_line_as_ke_hoach():
    assert _head("KẾ HOẠCH Tuyên truyền CCHC năm 2027")["title"] == "Kế hoạch tuyên truyền CCHC năm 2027"


@pytest.mark.parametrize(
    ("sentence", "parent"),
    [
        (
            "Căn cứ Kế hoạch số 75/KH-UBND ngày 27/02/2026 của UBND thành phố Hà Nội, UBND phường X ban hành:",
            {"number": "75/KH-UBND", "issued_on": "2026-02-27"},
        ),
        (
            "Thực hiện Kế hoạch 75/KH-UBND ngày 27/02/2026 của UBND thành phố Hà Nội về thông tin, tuyên truyền CCHC.",
            {"number": "75/KH-UBND", "issued_on": "2026-02-27"},
        ),
        (
            "Thực hiện Quyết định số 4386/QĐ-UBND ngày 22 tháng 8 năm 2025 của UBND Thành phố về ban hành Kế hoạch thông tin, tuyên truyền về CCHC.",
            {"number": "4386/QĐ-UBND", "issued_on": "2025-08-22"},
        ),
        # the general CCHC plan is context, not the parent communication plan
        ("Căn cứ Quyết định số 54/QĐ-UBND ngày 10/01/2026 về việc ban hành Kế hoạch CCHC năm 2026.", None),
        ("Thực hiện Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ.", None),
    ],
)
def test_parent(sentence, parent):
    assert _head(f"KẾ HOẠCH\nTuyên truyền CCHC năm 2027\n{sentence}")["parent"] == parent
