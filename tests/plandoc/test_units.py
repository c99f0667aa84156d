"""The issuer's units a plan names (`units` of `plan read`): one line per way plans name them, the
groups and outsiders never proposed, and the offices of seeds 000 and 003."""

import unicodedata
from pathlib import Path

import pytest

from cchc.plandoc import read_plan, read_text

SEEDS = Path(__file__).resolve().parents[2] / "data" / "seeds"
WARD = (
    "UBND PHƯỜNG HOÀNG MAI\nSố: 12/KH-UBND\nHoàng Mai, ngày 05 tháng 01 năm 2027\n\nKẾ HOẠCH\n"
    "Thông tin, tuyên truyền cải cách hành chính năm 2027\n\nI. NỘI DUNG\n\n- Tuyên truyền CCHC.\n\n"
    "IV. TỔ CHỨC THỰC HIỆN\n\n"
)
CITY = (
    "UBND TỈNH NINH BÌNH\nSố: 30/KH-UBND\nNinh Bình, ngày 10 tháng 01 năm 2027\n\nKẾ HOẠCH\n"
    "Thông tin, tuyên truyền cải cách hành chính năm 2027\n\nI. NỘI DUNG\n\n- Tuyên truyền CCHC.\n\n"
    "III. TỔ CHỨC THỰC HIỆN\n\n"
)


def _units(head: str, body: str) -> list[tuple[str, str]]:
    return [(u["name"], u["kind"]) for u in read_text(head + body)["units"]]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a heading of its own, bare, with 'Giao' and the head's title, or 'Đề nghị'
        ("1. Phòng Kinh tế\n\n- Bố trí kinh phí.\n", "Phòng Kinh tế phường Hoàng Mai"),
        ("1. Giao Trưởng Phòng Kinh tế\n\n- Bố trí kinh phí.\n", "Phòng Kinh tế phường Hoàng Mai"),
        (
            "1. Giao Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân phường\n\n- Đăng tải văn bản.\n",
            "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân phường Hoàng Mai",
        ),
        (
            "1. Văn phòng HĐND và UBND phường\n\n- Đăng tải văn bản.\n",
            "Văn phòng HĐND và UBND phường Hoàng Mai",
        ),
        ("1. Văn phòng HĐND&UBND\n\n- Đăng tải văn bản.\n", "Văn phòng HĐND&UBND phường Hoàng Mai"),
        (
            "1. Giao Giám đốc Trung tâm Phục vụ hành chính công phường\n\n- Hướng dẫn dịch vụ công.\n",
            "Trung tâm Phục vụ hành chính công phường Hoàng Mai",
        ),
        ("1. Giao Trưởng Công an phường\n\n- Lồng ghép tuyên truyền.\n", "Công an phường Hoàng Mai"),
        (
            "1. Đề nghị điểm phục vụ hành chính công phường Hoàng Mai\n\n- Cung cấp thông tin.\n",
            "Điểm phục vụ hành chính công phường Hoàng Mai",
        ),
        ("1. Trách nhiệm của Phòng Kinh tế\n\n- Bố trí kinh phí.\n", "Phòng Kinh tế phường Hoàng Mai"),
        ("1. Ban Chỉ huy Quân sự phường\n\n- Tuyên truyền.\n", "Ban Chỉ huy Quân sự phường Hoàng Mai"),
        ("1. Trạm Y tế phường\n\n- Tuyên truyền.\n", "Trạm Y tế phường Hoàng Mai"),
        # the unit a paragraph opens with, and the one it works with
        (
            "1. Về tổ chức\n\n- Giao Phòng Kinh tế chủ trì, phối hợp với các đơn vị liên quan tuyên truyền.\n",
            "Phòng Kinh tế phường Hoàng Mai",
        ),
        (
            "1. Về kinh phí\n\n- Phòng Kinh tế có trách nhiệm bố trí kinh phí cho công tác tuyên truyền.\n",
            "Phòng Kinh tế phường Hoàng Mai",
        ),
        (
            "1. Các phòng, ban, đơn vị phường\n\n- Phối hợp với phòng Văn hóa - Xã hội triển khai tuyên truyền.\n",
            "Phòng Văn hóa - Xã hội phường Hoàng Mai",
        ),
    ],
)
def test_a_ward_plan_names_its_offices(body, expected):
    assert _units(WARD, body) == [(expected, "ward_office")]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("1. Đề nghị Trưởng Khu phố 3\n\n- Phổ biến nội dung.\n", "Khu phố 3 phường Hoàng Mai"),
        ("1. Tổ dân phố số 5\n\n- Phổ biến nội dung.\n", "Tổ dân phố số 5 phường Hoàng Mai"),
    ],
)
def test_a_ward_plan_names_one_of_its_khu_pho(body, expected):
    assert _units(WARD, body) == [(expected, "neighbourhood")]


def test_a_commune_plan_in_nfd_names_its_offices_with_the_communes_name():
    text = (
        "ỦY BAN NHÂN DÂN XÃ THỚI LAI\nSố: 07/KH-UBND\nThới Lai, ngày 10 tháng 01 năm 2027\n\nKẾ HOẠCH\n"
        "Tuyên truyền cải cách hành chính năm 2027\n\nII. TỔ CHỨC THỰC HIỆN\n\n1. Công an xã\n\n- Tuyên truyền.\n\n"
        "2. Văn phòng HĐND và UBND xã\n\n- Đăng tải.\n\n3. Đề nghị Văn phòng Đảng ủy xã\n\n- Phối hợp.\n"
    )
    units = read_text(unicodedata.normalize("NFD", text))["units"]
    assert [(u["name"], u["kind"]) for u in units] == [
        ("Công an xã Thới Lai", "ward_office"),
        ("Văn phòng HĐND và UBND xã Thới Lai", "ward_office"),
    ]
    assert all(unicodedata.is_normalized("NFC", u["name"]) for u in units)


def test_plans_of_other_provinces_give_their_offices(tmp_path):
    from tests.plandoc.test_documents import write_da_nang_docx

    units = read_plan(write_da_nang_docx(tmp_path / "da-nang.docx"))["units"]
    assert [u["name"] for u in units] == [
        "Văn phòng HĐND và UBND phường Hải Châu",
        "Trung tâm Phục vụ hành chính công phường Hải Châu",
        "Công an phường Hải Châu",  # from the task table's partner cell
    ]


@pytest.mark.parametrize(
    "body",
    [
        "1. Các phòng, ban, đơn vị phường\n\n- Chủ động tổ chức thực hiện.\n",
        "1. Các phòng ban, đơn vị thuộc phường\n\n- Chủ động tổ chức thực hiện.\n",
        "1. Đề nghị các trường học, trạm y tế, đơn vị sự nghiệp\n\n- Phối hợp tuyên truyền.\n",
        "1. Đề nghị Trưởng 59 Khu phố\n\n- Phổ biến nội dung.\n",
        "1. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam phường và các đoàn thể chính trị - xã hội\n\n- Giám sát.\n",
        "1. Đề nghị Ban Xây dựng đảng\n\n- Chỉ đạo định hướng.\n",
        "1. Sở Nội vụ thành phố\n\n- Hướng dẫn.\n",
        "1. Phòng Văn hóa - Xã hội phường Bạch Mai\n\n- Phối hợp.\n",  # another ward's office
        "1. UBND phường\n\n- Chỉ đạo thực hiện.\n",  # the issuer itself
        "1. Chủ trì, phối hợp với các cơ quan, đơn vị liên quan\n\n- Thực hiện.\n",
    ],
)
def test_groups_persons_outsiders_and_the_issuer_are_not_proposed(body):
    assert _units(WARD, body) == []


def test_a_lead_cell_names_several_offices_and_a_group():
    body = (
        "1. Các phòng, ban, đơn vị\n\n- Thực hiện.\n\nPHỤ LỤC\n\n"
        "STT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian thực hiện\tSản phẩm\n"
        "1\tTổ chức đối thoại\tVăn phòng HĐND - UBND phường, Phòng Văn hóa – Xã hội, Trung tâm Phục vụ hành "
        "chính công phường\tPhòng Kinh tế, Hạ tầng và Đô thị và các cơ quan, đơn vị phường\tQuý II/2027\tHội nghị\n"
    )
    assert [name for name, _ in _units(WARD, body)] == [
        "Văn phòng HĐND - UBND phường Hoàng Mai",
        "Phòng Văn hóa – Xã hội phường Hoàng Mai",
        "Trung tâm Phục vụ hành chính công phường Hoàng Mai",
        "Phòng Kinh tế, Hạ tầng và Đô thị phường Hoàng Mai",
    ]


def test_one_office_written_several_ways_is_proposed_once():
    body = (
        "1. Phòng Văn hóa - Xã hội\n\n- Tham mưu.\n\n2. Văn phòng HĐND và UBND phường\n\n"
        "- Phối hợp với phòng Văn hoá – Xã hội triển khai tuyên truyền.\n\n3. Văn phòng Hội đồng nhân dân và "
        "Ủy ban nhân dân phường\n\n- Đăng tải.\n"
    )
    assert [name for name, _ in _units(WARD, body)] == [
        "Phòng Văn hóa - Xã hội phường Hoàng Mai",
        "Văn phòng HĐND và UBND phường Hoàng Mai",
    ]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("1. Sở Nội vụ\n\n- Theo dõi, đôn đốc.\n", [("Sở Nội vụ", "department")]),
        ("1. Văn phòng UBND tỉnh\n\n- Vận hành Cổng.\n", [("Văn phòng UBND tỉnh", "department")]),
        (
            "1. Ban Quản lý các khu công nghiệp tỉnh\n\n- Tuyên truyền.\n",
            [("Ban Quản lý các khu công nghiệp tỉnh", "department")],
        ),
        (
            "1. Trung tâm Phục vụ hành chính công tỉnh\n\n- Hằng tuần đăng tin.\n",
            [("Trung tâm Phục vụ hành chính công tỉnh", "department")],
        ),
        (
            "1. Viện Nghiên cứu phát triển kinh tế - xã hội Ninh Bình\n\n- Khảo sát.\n",
            [("Viện Nghiên cứu phát triển kinh tế - xã hội Ninh Bình", "public_service")],
        ),
        (
            "1. Báo và Phát thanh, Truyền hình Ninh Bình\n\n- Phát sóng định kỳ.\n",
            [("Báo và Phát thanh, Truyền hình Ninh Bình", "public_service")],
        ),
        (
            "1. Bảo hiểm xã hội tỉnh Ninh Bình\n\n- Tuyên truyền.\n",
            [("Bảo hiểm xã hội tỉnh Ninh Bình", "central_agency")],
        ),
        (
            "1. Sở Tư pháp, Sở Tài chính\n\n- Hằng tháng đăng tin.\n",
            [("Sở Tư pháp", "department"), ("Sở Tài chính", "department")],
        ),
        # the unit a paragraph opens with: 'Môi trường' is no 'mỗi'
        (
            "1. Về kinh phí\n\n- Sở Nông nghiệp và Môi trường có trách nhiệm bố trí kinh phí.\n",
            [("Sở Nông nghiệp và Môi trường", "department")],
        ),
    ],
)
def test_a_province_plan_names_its_departments_and_agencies(body, expected):
    assert _units(CITY, body) == expected


@pytest.mark.parametrize(
    "body",
    [
        "1. Các Sở, ban, ngành, UBND các xã, phường\n\n- Thực hiện.\n",
        "1. Đề nghị Báo Hà Nội mới\n\n- Đưa tin.\n",  # the press the province only asks
        "1. Sở Văn hóa và Thể thao\n\n- Phối hợp với Báo Nhân dân đưa tin.\n",  # … or works with
        "1. Sở Nội vụ tỉnh Quảng Ninh\n\n- Chia sẻ kinh nghiệm.\n",  # another province
        "1. Bộ Nội vụ\n\n- Hướng dẫn.\n",  # central
        "1. Cục Thuế\n\n- Tuyên truyền.\n",  # a central agency that is not the province's own
        "1. Phòng Văn hóa - Xã hội\n\n- Tham mưu.\n",  # a ward's office in a province's plan
        "1. Ban Tuyên giáo Tỉnh ủy\n\n- Định hướng.\n",
    ],
)
def test_a_province_plan_does_not_propose_groups_the_press_or_outsiders(body):
    assert all(kind != "department" or name == "Sở Văn hóa và Thể thao" for name, kind in _units(CITY, body))
    assert [name for name, _ in _units(CITY, body)] in ([], ["Sở Văn hóa và Thể thao"])


def test_a_departments_plan_proposes_none_of_its_offices():
    text = (
        "UBND TỈNH QUẢNG NINH\nSỞ NỘI VỤ\nSố: 156/KH-SNV\nQuảng Ninh, ngày 03 tháng 02 năm 2027\n\nKẾ HOẠCH\n"
        "Thông tin, tuyên truyền cải cách hành chính năm 2027\n\nII. TỔ CHỨC THỰC HIỆN\n\n1. Văn phòng Sở\n\n"
        "- Hằng tháng cập nhật ít nhất 04 tin, bài trên Cổng thông tin điện tử của Sở.\n"
    )
    assert read_text(text)["units"] == []


@pytest.mark.parametrize(
    ("seed", "expected"),
    [
        (
            "000",
            [
                "Phòng Văn hóa - Xã hội phường Phúc Lợi",
                "Văn phòng HĐND và UBND phường Phúc Lợi",
                "Phòng Kinh tế, Hạ tầng và Đô thị phường Phúc Lợi",
                "Điểm phục vụ hành chính công phường Phúc Lợi",
                "Trung tâm Văn hoá, Thông tin và Thể thao phường Phúc Lợi",
                "Phòng VHXXH phường Phúc Lợi",  # a typo of the task table: resolved to the office when saved
            ],
        ),
        (
            "003",
            [
                "Phòng Văn hóa - Xã hội phường Bạch Mai",
                "Văn phòng HĐND&UBND phường Bạch Mai",
                "Phòng Kinh tế - Hạ tầng - Đô thị phường Bạch Mai",
            ],
        ),
    ],
)
def test_seed_ward_plans_give_their_offices(seed, expected):
    units = read_plan(next(SEEDS.glob(f"{seed}_*.txt")))["units"]
    assert [u["name"] for u in units] == expected
    assert {u["kind"] for u in units} == {"ward_office"}
    assert all(u["source"] for u in units)


def test_seed_city_plan_gives_its_departments_not_its_groups():
    units = read_plan(next(SEEDS.glob("004_*.txt")))["units"]
    names = [u["name"] for u in units]
    assert names[:3] == ["Sở Nội vụ", "Sở Khoa học và Công nghệ", "Văn phòng UBND Thành phố"]
    assert (
        "Sở Nông nghiệp và Môi trường" in names
        and "Viện Nghiên cứu phát triển kinh tế - xã hội Hà Nội" in names
    )
    assert not any(n.lower().startswith(("các", "ubnd")) for n in names)
