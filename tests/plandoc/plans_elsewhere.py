"""Plans this project has never seen, written for these tests in the style of other provinces'
plans (a ward of Đà Nẵng, a commune of Cần Thơ, a Sở of Quảng Ninh), with their own wording,
and what the reader must make of them. The Đà Nẵng plan is written as .docx, the Cần Thơ plan
as .pdf, the Quảng Ninh plan as .txt in NFD (tests/plandoc/test_documents.py)."""

DA_NANG_HEADER = [
    [
        "ỦY BAN NHÂN DÂN\nPHƯỜNG HẢI CHÂU\nSố: 45/KH-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nHải Châu, ngày 20 tháng 01 năm 2027",
    ],
]
DA_NANG_BODY = """KẾ HOẠCH
Tuyên truyền cải cách hành chính năm 2027 trên địa bàn phường Hải Châu
Căn cứ Kế hoạch số 12/KH-UBND ngày 08/01/2027 của UBND thành phố Đà Nẵng về công tác thông tin, tuyên truyền cải cách hành chính năm 2027; UBND phường Hải Châu ban hành Kế hoạch tuyên truyền cải cách hành chính năm 2027 như sau:
I. MỤC ĐÍCH, YÊU CẦU
Nâng cao nhận thức của cán bộ, công chức và Nhân dân về cải cách hành chính; 100% cán bộ, công chức phường được quán triệt Kế hoạch.
II. NỘI DUNG VÀ HÌNH THỨC
a) Mỗi tháng đăng tải tối thiểu 04 (bốn) tin, bài về cải cách hành chính trên Trang thông tin điện tử phường.
b) Phát trên Đài truyền thanh phường ít nhất 02 chương trình mỗi tháng về cải cách hành chính.
c) Khuyến khích cán bộ, công chức chia sẻ 01 tin, bài mỗi tuần trên mạng xã hội.
d) Tổ chức 01 hội thi tìm hiểu về cải cách hành chính trong năm.
III. TỔ CHỨC THỰC HIỆN
1. Văn phòng HĐND và UBND phường
- Là đơn vị thường trực, giúp UBND phường theo dõi, đôn đốc việc thực hiện Kế hoạch này.
- Hằng quý, gửi ít nhất 01 tin, bài về kết quả cải cách hành chính của phường để đăng trên Chuyên trang cải cách hành chính của thành phố Đà Nẵng.
2. Các phòng chuyên môn, đơn vị thuộc phường
- Mỗi quý cung cấp ít nhất 01 tin,bài về hoạt động của đơn vị để đăng trên Trang thông tin điện tử phường.
3. Ban điều hành các khu dân cư
- Phối hợp tuyên truyền qua hệ thống loa của khu dân cư.
Trên đây là Kế hoạch tuyên truyền cải cách hành chính năm 2027 của phường Hải Châu./.
Nơi nhận:
- UBND thành phố Đà Nẵng;
- Lưu: VT.
PHỤ LỤC
(Kèm theo Kế hoạch số 45/KH-UBND ngày 20/01/2027 của UBND phường Hải Châu)"""
DA_NANG_TABLE_HEADER = [
    "STT",
    "Nội dung nhiệm vụ",
    "Đơn vị chủ trì",
    "Đơn vị phối hợp",
    "Thời gian hoàn thành",
    "Sản phẩm",
]
DA_NANG_TABLE = [
    DA_NANG_TABLE_HEADER,
    [
        "1",
        "Đăng tải tin, bài trên Trang thông tin điện tử phường",
        "Văn phòng HĐND và UBND phường",
        "Các phòng chuyên môn",
        "Hằng tháng",
        "Tin, bài",
    ],
    DA_NANG_TABLE_HEADER,  # the header repeated on the next page
    [
        "2",
        "Tổ chức hội nghị đối thoại với Nhân dân",
        "Trung tâm Phục vụ hành chính công phường",
        "Văn phòng HĐND và UBND phường\nCông an phường",
        "Quý III/2027",
        "Hội nghị",
    ],
    ["", "về thủ tục hành chính", "", "", "", ""],  # the same row, continued on the next page
    ["3", "Báo cáo kết quả tuyên truyền", "Văn phòng HĐND và UBND phường", "", "15/12/2027", "Báo cáo"],
]
DA_NANG = {
    "number": "45/KH-UBND",
    "issued_on": "2027-01-20",
    "issuer": "UBND phường Hải Châu",
    "period": ("2027-01-01", "2027-12-31"),
    "parent": {"number": "12/KH-UBND", "issued_on": "2027-01-08"},
    "rules": [
        (None, "UBND phường Hải Châu", "own_portal", "news", "published", 4, "month"),
        (None, "UBND phường Hải Châu", "radio", "programme", "published", 2, "month"),
        # the standing office states the ward's own quota
        (None, "UBND phường Hải Châu", "city_page", "news", "submitted", 1, "quarter"),
        ("ward_office", None, "own_portal", "news", "published", 1, "quarter"),
    ],
    "tasks": [
        ("1", "Văn phòng HĐND và UBND phường", "Các phòng chuyên môn", "Hằng tháng"),
        (
            "2",
            "Trung tâm Phục vụ hành chính công phường",
            "Văn phòng HĐND và UBND phường; Công an phường",
            "Quý III/2027",
        ),
        ("3", "Văn phòng HĐND và UBND phường", None, "15/12/2027"),
    ],
}

CAN_THO_LINES = [
    "ỦY BAN NHÂN DÂN XÃ THỚI LAI",
    "Số: 07/KH-UBND",
    "Thới Lai, ngày 10 tháng 01 năm 2027",
    "KẾ HOẠCH",
    "Thông tin, tuyên truyền cải cách hành chính 6 tháng đầu năm 2027",
    "Thực hiện Kế hoạch số 210/KH-UBND ngày 30/12/2026 của UBND thành phố Cần Thơ về thông tin, tuyên "
    "truyền cải cách hành chính năm 2027, Ủy ban nhân dân xã Thới Lai xây dựng Kế hoạch như sau:",
    "I. NỘI DUNG, HÌNH THỨC",
    "1. Tuyên truyền trên Cổng thông tin điện tử xã: đảm bảo mỗi tháng có không dưới ba tin bài về cải "
    "cách hành chính, thủ tục hành chính và chuyển đổi số của xã.",
    "2. Tuyên truyền trên hệ thống truyền thanh xã: phát ít nhất một chương trình chuyên đề mỗi tuần.",
    "3. Gửi đăng trên Trang thông tin điện tử cải cách hành chính thành phố Cần Thơ tối thiểu hai tin/bài "
    "mỗi quý, trong đó có một bài viết chuyên sâu.",
    "II. TỔ CHỨC THỰC HIỆN",
    "1. Phòng Văn hóa - Xã hội",
    "Chủ trì thực hiện Kế hoạch; tổng hợp, báo cáo UBND xã định kỳ hàng quý.",
    "2. Trưởng các ấp",
    "Mỗi tháng tuyên truyền ít nhất 01 lần về cải cách hành chính qua loa phát thanh của ấp.",
    "Trên đây là Kế hoạch thông tin, tuyên truyền cải cách hành chính 6 tháng đầu năm 2027 của xã Thới Lai./.",
]
CAN_THO = {
    "number": "07/KH-UBND",
    "issued_on": "2027-01-10",
    "issuer": "UBND xã Thới Lai",
    "period": ("2027-01-01", "2027-06-30"),
    "parent": {"number": "210/KH-UBND", "issued_on": "2026-12-30"},
    "rules": [
        (None, "UBND xã Thới Lai", "own_portal", "news", "published", 3, "month"),
        (None, "UBND xã Thới Lai", "radio", "programme", "published", 1, "week"),
        (None, "UBND xã Thới Lai", "city_page", "news", "submitted", 2, "quarter"),
        (None, "UBND xã Thới Lai", "city_page", "in_depth", "submitted", 1, "quarter"),
        ("neighbourhood", None, "radio", "programme", "published", 1, "month"),
    ],
    "tasks": [
        ("1", "Phòng Văn hóa - Xã hội", None, "Định kỳ hàng quý"),
        ("2", "Trưởng các ấp", None, "Mỗi tháng"),
    ],
}

QUANG_NINH = """UBND TỈNH QUẢNG NINH        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ NỘI VỤ                   Độc lập - Tự do - Hạnh phúc
Số: 156/KH-SNV              Quảng Ninh, ngày 03 tháng 02 năm 2027

KẾ HOẠCH
Thông tin, tuyên truyền cải cách hành chính năm 2027 của Sở Nội vụ

Căn cứ Kế hoạch số 25/KH-UBND ngày 20/01/2027 của UBND tỉnh Quảng Ninh về tuyên truyền cải cách hành chính năm 2027, Sở Nội vụ ban hành Kế hoạch như sau:

I. NHIỆM VỤ

1. Sở Nội vụ có ít nhất 03 tin, bài mỗi tháng trên Cổng thông tin điện tử của Sở và gửi đăng tối thiểu 02 tin, bài mỗi tháng trên Chuyên trang cải cách hành chính tỉnh Quảng Ninh.

2. Hằng quý, Sở biên soạn 01 bài viết chuyên sâu về cải cách công vụ gửi đăng trên Chuyên trang cải cách hành chính tỉnh.

II. TỔ CHỨC THỰC HIỆN

1. Văn phòng Sở

- Hằng tháng cập nhật ít nhất 04 tin, bài trên Cổng thông tin điện tử của Sở.

2. Các phòng, đơn vị thuộc Sở

- Mỗi quý cung cấp ít nhất 01 tin, bài để đăng trên Cổng thông tin điện tử của Sở.

- Khuyến khích công chức viết 01 bài chính luận mỗi năm về công tác cải cách hành chính.
"""
QUANG_NINH_EXPECTED = {
    "number": "156/KH-SNV",
    "issued_on": "2027-02-03",
    "issuer": "Sở Nội vụ tỉnh Quảng Ninh",
    "period": ("2027-01-01", "2027-12-31"),
    "parent": {"number": "25/KH-UBND", "issued_on": "2027-01-20"},
    "rules": [
        (None, "Sở Nội vụ tỉnh Quảng Ninh", "own_portal", "news", "published", 3, "month"),
        (None, "Sở Nội vụ tỉnh Quảng Ninh", "city_page", "news", "submitted", 2, "month"),
        (None, "Sở Nội vụ tỉnh Quảng Ninh", "city_page", "in_depth", "submitted", 1, "quarter"),
        (None, "Văn phòng Sở Nội vụ tỉnh Quảng Ninh", "own_portal", "news", "published", 4, "month"),
    ],
    # offices of a Sở are no kind of unit the project monitors: shown, not guessed
    "unread": ["- Mỗi quý cung cấp ít nhất 01 tin, bài để đăng trên Cổng thông tin điện tử của Sở."],
}
