"""One line per way plans write a quota (or something that is not one): counts, item spellings,
channels, rhythms, windows, wrapping, NFD, encouragement, numbers that count no publications."""

import unicodedata

import pytest

from cchc.plandoc import read_text

WARD = "UBND PHƯỜNG HOÀNG MAI\nSố: 12/KH-UBND\nHoàng Mai, ngày 05 tháng 01 năm 2027\n\nKẾ HOẠCH\n"
WARD += "Thông tin, tuyên truyền cải cách hành chính năm 2027\n\nI. NỘI DUNG\n\n"
ISSUER = "UBND phường Hoàng Mai"


def _read(body: str) -> dict:
    return read_text(WARD + body)


def _rules(body: str) -> list[tuple]:
    return [
        (r["channel"], r["item_kind"], r["basis"], r["min_count"], r["period"]) for r in _read(body)["rules"]
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # counts: digits with or without a leading zero, words, words with digits
        ("Hằng tháng, đăng ít nhất 02 tin/bài trên Cổng thông tin điện tử phường.", (2, "month")),
        ("Hằng tháng, đăng ít nhất 2 tin/bài trên Cổng thông tin điện tử phường.", (2, "month")),
        ("Mỗi tháng đăng hai tin bài trên Cổng thông tin điện tử phường.", (2, "month")),
        ("Mỗi tháng đăng hai (02) tin bài trên Cổng thông tin điện tử phường.", (2, "month")),
        ("Mỗi quý đăng một bài trên Cổng thông tin điện tử phường.", (1, "quarter")),
        ("Hằng tuần đăng ba tin trên Cổng thông tin điện tử phường.", (3, "week")),
        ("Mỗi năm có mười tin, bài trên Cổng thông tin điện tử phường.", (10, "year")),
        # item spellings
        ("Đăng 04 tin, bài mỗi tháng trên Cổng thông tin điện tử phường.", (4, "month")),
        ("Đăng 04 tin,bài/tháng trên Cổng thông tin điện tử phường.", (4, "month")),
        ("Đăng 04 tin - bài/tháng trên Cổng TTĐT phường.", (4, "month")),
        ("Đăng tối thiểu 05 bài viết trong quý trên Trang thông tin điện tử của phường.", (5, "quarter")),
        ("Đăng tải 06 tin tức trong năm trên website của phường.", (6, "year")),
        # rhythm written before, after, or as 'trong 01 tháng', '/1 tuần', 'một quý'
        ("Đảm bảo 01 tin/bài trong 01 tháng trên Cổng thông tin điện tử phường.", (1, "month")),
        ("Đảm bảo 01 tin/bài/1 tuần trên Cổng thông tin điện tử phường.", (1, "week")),
        ("Mỗi đơn vị có 02 tin bài trên Cổng thông tin điện tử phường một quý.", (2, "quarter")),
        # no rhythm: the count is for the whole plan period
        ("Có 06 tin/bài trên Cổng thông tin điện tử phường.", (6, "window")),
    ],
)
def test_counts_items_and_rhythms(sentence, expected):
    assert _rules(sentence) == [("own_portal", "news", "published", *expected)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Hằng tháng gửi đăng ít nhất 01 tin/bài trên Trang thông tin CCHC của Thành phố.",
            ("city_page", "news", "submitted"),
        ),
        (
            "Hằng tháng có 01 tin/bài được đăng tải trên Trang thông tin CCHC Thành phố.",
            ("city_page", "news", "published"),
        ),
        (
            "Hằng tháng gửi 01 tin,bài cho Chuyên trang cải cách hành chính của tỉnh.",
            ("city_page", "news", "submitted"),
        ),
        (
            "Hằng tháng gửi đăng 01 bài chính luận trên Trang thông tin CCHC của Thành phố.",
            ("city_page", "in_depth", "submitted"),
        ),
        (
            "Hằng tháng có 01 bài viết chuyên sâu gửi đăng trên Trang CCHC của thành phố.",
            ("city_page", "in_depth", "submitted"),
        ),
        (
            "Hằng tháng có ít nhất 02 tin/bài để phát trên hệ thống truyền thanh phường.",
            ("radio", "news", "published"),
        ),
        ("Hằng tháng phát 02 bài trên Đài truyền thanh phường.", ("radio", "news", "published")),
        (
            "Phát sóng về CCHC trên truyền hình, đảm bảo 01 lần/1 tháng.",
            ("broadcast", "programme", "published"),
        ),
        ("Hằng tháng đăng 03 tin/bài trên trang Zalo OA của phường.", ("social", "news", "published")),
    ],
)
def test_channels_item_kinds_and_bases(sentence, expected):
    rules = _rules(sentence)
    assert len(rules) == 1 and rules[0][:3] == expected
    assert rules[0][4] == "month"


def test_a_sentence_with_no_subject_is_the_issuers():
    rule = _read("Hằng tháng, có ít nhất 02 tin/bài trên Cổng thông tin điện tử phường.")["rules"][0]
    assert (rule["applies_kind"], rule["applies_unit"]) == (None, ISSUER)


def test_an_explicit_window_is_kept_and_not_taken_for_a_rhythm():
    rule = _read("Từ tháng 3/2027 đến tháng 6/2027, có 08 tin/bài trên Cổng thông tin điện tử phường.")[
        "rules"
    ][0]
    assert (rule["period"], rule["effective_from"], rule["effective_to"]) == (
        "window",
        "2027-03-01",
        "2027-06-30",
    )


def test_two_quotas_in_one_sentence_are_two_rules():
    rules = _rules(
        "Hằng tháng gửi đăng 01 tin/bài trên Trang thông tin CCHC của Thành phố và 03 tin/bài trên "
        "Cổng thông tin điện tử phường; hằng quý có 01 bài chính luận trên Trang thông tin CCHC của Thành phố."
    )
    assert rules == [
        ("city_page", "news", "submitted", 1, "month"),
        ("own_portal", "news", "published", 3, "month"),
        ("city_page", "in_depth", "submitted", 1, "quarter"),
    ]


QUOTA = "Hằng tháng, đăng tải ít nhất 02 tin/bài trên Cổng thông tin điện tử phường."


@pytest.mark.parametrize(
    "text",
    [
        QUOTA,
        unicodedata.normalize("NFD", QUOTA),
        # hard-wrapped PDF text: doubled spaces, a blank line after every line
        "Hằng  tháng,  đăng  tải  ít nhất 02\n\ntin/bài  trên  Cổng thông tin\n\nđiện tử phường.",
        "Hằng tháng, đăng tải ít nhất 02 tin/bài trên Cổng\r\nthông tin điện tử phường.",
        "Hằng tháng,\u00a0đăng tải ít nhất 02\u00a0tin/bài trên Cổng thông tin điện tử phường.",
    ],
    ids=["nfc", "nfd", "wrapped", "crlf", "nbsp"],
)
def test_the_same_quota_however_the_text_arrives(text):
    assert _rules(text) == [("own_portal", "news", "published", 2, "month")]


@pytest.mark.parametrize(
    "sentence",
    [
        "Khuyến khích gửi đăng các bài chính luận, bài viết chuyên sâu.",
        "Khuyến khích mỗi đơn vị gửi 02 bài chính luận mỗi quý trên Trang thông tin CCHC của Thành phố.",
        "Tổ chức 02 lớp tập huấn về CCHC cho cán bộ, công chức.",
        "Phấn đấu 100% cán bộ, công chức được phổ biến về CCHC.",
        "Tuyên truyền CCHC bằng ít nhất một trong số các hình thức: cuộc thi, tọa đàm.",
        "Tổ chức 02 lần tọa đàm về CCHC trong năm.",
        "Thực hiện Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ; Kế hoạch số 12/KH-UBND.",
        "Thường xuyên đăng tải các tin, bài về CCHC trên Cổng thông tin điện tử phường.",
        "Đưa tin, bài, phóng sự về CCHC trong Chương trình Thời sự hằng ngày.",
    ],
)
def test_no_quota_and_nothing_to_ask(sentence):
    read = _read(sentence)
    assert read["rules"] == [] and read["unread"] == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Mỗi tháng có ít nhất 02 tin/bài về CCHC.",  # no channel
        "Định kỳ có ít nhất 02 tin/bài trên Cổng thông tin điện tử phường.",  # 'định kỳ' with no rhythm
        "Hằng tháng viết tin bài về CCHC gửi Phòng Văn hóa - Xã hội.",  # a rhythm, no number
        "Mỗi quý có 03 sản phẩm truyền thông về CCHC trên Cổng thông tin điện tử phường.",  # not a tin/bài
        "Hằng tháng đăng 02 tin/bài trên Cổng thông tin điện tử Thành phố.",  # whose portal?
        "Hằng tháng đăng 03 video trên fanpage của phường.",  # a video: news or a programme?
    ],
)
def test_what_cannot_be_read_is_shown_unread(sentence):
    read = _read(sentence)
    assert read["rules"] == []
    assert read["unread"] == [sentence]


@pytest.mark.parametrize(
    ("heading", "kind", "unit"),
    [
        ("1. Các phòng, ban, đơn vị thuộc phường", "ward_office", None),
        ("1. Các phòng chuyên môn, đơn vị thuộc phường", "ward_office", None),
        ("2. Văn phòng HĐND và UBND phường", None, "Văn phòng HĐND và UBND phường Hoàng Mai"),
        ("3. Phòng Văn hóa - Xã hội", None, "Phòng Văn hóa - Xã hội phường Hoàng Mai"),
        (
            "3. Giao Trưởng Phòng Kinh tế, Hạ tầng và Đô thị phường",
            None,
            "Phòng Kinh tế, Hạ tầng và Đô thị phường Hoàng Mai",
        ),
        ("4. Ban điều hành các khu phố", "neighbourhood", None),
        ("5. Đề nghị các tổ dân phố", "neighbourhood", None),
    ],
)
def test_who_a_heading_of_the_organisation_names(heading, kind, unit):
    body = (
        "IV. TỔ CHỨC THỰC HIỆN\n\n"
        f"{heading}\n\n- Hằng quý có ít nhất 01 tin/bài trên Cổng thông tin điện tử phường.\n"
    )
    rules = _read(body)["rules"]
    assert [(r["applies_kind"], r["applies_unit"]) for r in rules] == [(kind, unit)]


def test_a_sentence_naming_its_subject_overrides_the_heading():
    body = (
        "IV. TỔ CHỨC THỰC HIỆN\n\n1. Các phòng, ban, đơn vị thuộc phường\n\n"
        "- Hằng quý có ít nhất 01 tin/bài trên Cổng thông tin điện tử phường. "
        "Riêng đối với Trung tâm Phục vụ hành chính công phường, hằng tháng có ít nhất 02 tin/bài trên "
        "Cổng thông tin điện tử phường.\n"
    )
    rules = [
        (r["applies_kind"], r["applies_unit"], r["min_count"], r["period"]) for r in _read(body)["rules"]
    ]
    assert rules == [
        ("ward_office", None, 1, "quarter"),
        (None, "Trung tâm Phục vụ hành chính công phường Hoàng Mai", 2, "month"),
    ]


SO = "UBND TỈNH BẮC NINH\nSỞ TƯ PHÁP\nSố: 3/KH-STP\nBắc Ninh, ngày 02 tháng 02 năm 2027\nKẾ HOẠCH\n"
SO += "Tuyên truyền CCHC năm 2027\n\nI. NHIỆM VỤ\n\n"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Định kỳ hằng tháng, Văn phòng Sở đăng tải tối thiểu 05 tin, bài trên Trang thông tin điện tử của Sở.",
            (None, "Văn phòng Sở Tư pháp tỉnh Bắc Ninh", "own_portal", 5, "month"),
        ),
        (
            "Sở Tư pháp đăng tối thiểu 12 tin/bài/năm trên Cổng TTĐT của Sở.",
            (None, "Sở Tư pháp tỉnh Bắc Ninh", "own_portal", 12, "year"),
        ),
        (
            "Hằng quý, Sở biên soạn 01 bài viết chuyên sâu gửi đăng trên Chuyên trang CCHC tỉnh.",
            (None, "Sở Tư pháp tỉnh Bắc Ninh", "city_page", 1, "quarter"),
        ),
        (
            "Mỗi xã, phường có ít nhất 01 tin/bài/tháng gửi đăng trên Trang CCHC của tỉnh.",
            ("commune", None, "city_page", 1, "month"),
        ),
        (
            "Các xã, phường, đặc khu: mỗi tháng có ít nhất 02 tin bài trên trang thông tin điện tử của xã.",
            ("commune", None, "own_portal", 2, "month"),
        ),
        (
            "UBND các xã, phường đảm bảo hàng tháng ít nhất 02 tin bài trên Cổng thông tin điện tử của xã.",
            ("commune", None, "own_portal", 2, "month"),
        ),
    ],
)
def test_the_subject_a_sentence_names(sentence, expected):
    rules = read_text(SO + sentence)["rules"]
    got = [(r["applies_kind"], r["applies_unit"], r["channel"], r["min_count"], r["period"]) for r in rules]
    assert got == [expected]
