"""Deterministic demo publication logs, written as real .xlsx files and imported like any upload.

Hà Nội, March–20 November 2026, every commune, department, central agency and public service
unit, and phường Phúc Lợi's offices; phường Bạch Mai August–December 2025. Some units lag,
some months dip, some items are re-sent (duplicates) and some are sent but never published.
"""

from __future__ import annotations

import io
import random
import zlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb

from cchc import clock
from cchc.exports.xlsx import Sheets, write_row, write_value
from cchc.tasks.completions import CompletionEdit
from cchc.text import fold

DEMO_DIR = Path(__file__).resolve().parent.parent / "data" / "demo"
HANOI_END = clock.DEMO_DAY

HEADER = ["STT", "Tên đơn vị", "Ngày gửi", "Kênh đăng", "Loại tin", "Tiêu đề", "Đường dẫn", "Trạng thái"]
CHANNEL_LABELS = {
    "city_page": ["Trang thông tin CCHC Thành phố", "Trang CCHC Thành phố", "Trang thông tin CCHC TP"],
    "own_portal": ["Cổng TTĐT", "Trang thông tin điện tử", "Cổng thông tin điện tử"],
    "radio": ["Đài truyền thanh", "Loa truyền thanh", "Truyền thanh cơ sở"],
    "broadcast": ["Phát thanh, truyền hình"],
    "social": ["Zalo OA", "Facebook"],
}
KIND_LABELS = {"news": "Tin", "in_depth": "Bài viết chuyên sâu", "programme": "Chương trình"}
TOPICS = [
    "đẩy mạnh thanh toán trực tuyến dịch vụ công",
    "triển khai số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
    "đối thoại với người dân, doanh nghiệp về thủ tục hành chính",
    "nâng cao chất lượng phục vụ tại bộ phận một cửa",
    "tuyên truyền Chương trình tổng thể cải cách hành chính 2021-2030",
    "rà soát, đơn giản hóa thủ tục hành chính",
    "ứng dụng chuyển đổi số trong chỉ đạo, điều hành",
    "thực hiện chính quyền địa phương hai cấp",
    "kiện toàn tổ chức bộ máy tinh gọn, hiệu quả",
    "hướng dẫn người dân sử dụng dịch vụ công trực tuyến toàn trình",
    "cải cách chế độ công vụ, nâng cao đạo đức công vụ",
    "tiếp nhận, xử lý phản ánh, kiến nghị của người dân",
    "hoàn thiện thể chế, theo dõi thi hành pháp luật",
    "cải cách tài chính công, thực hiện tự chủ đơn vị sự nghiệp",
    "xây dựng và phát triển chính quyền số",
    "đo lường sự hài lòng của người dân",
]
VERBS = ["tích cực", "quyết liệt", "chủ động", "tiếp tục", "tập trung"]


@dataclass(frozen=True)
class DemoUnit:
    code: str
    name: str
    kind: str
    parent_code: str | None


@dataclass
class DemoItem:
    unit: DemoUnit
    day: date
    channel: str
    kind: str
    title: str
    url: str | None
    status: str  # label as typed in the log


def _rng(*parts: object) -> random.Random:
    return random.Random(zlib.crc32("|".join(map(str, parts)).encode()))


def _months(start: date, end: date) -> list[date]:
    out, d = [], start.replace(day=1)
    while d <= end:
        out.append(d)
        d = (d.replace(day=28) + timedelta(days=4)).replace(day=1)
    return out


def _month_end(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


class _Builder:
    def __init__(self) -> None:
        self.items: list[DemoItem] = []
        self.serial = 0

    def add(self, rng: random.Random, unit: DemoUnit, day: date, channel: str, kind: str = "news") -> None:
        self.serial += 1
        topic = rng.choice(TOPICS)
        short = unit.name.split(" (")[0]
        prefix = "Bài viết: " if kind == "in_depth" else ("Chương trình: " if kind == "programme" else "")
        title = f"{prefix}{short} {rng.choice(VERBS)} {topic} ({day.day}/{day.month}/{day.year})"
        slug = fold(title).replace(" ", "-")[:60]
        if channel == "city_page":
            url = f"https://caicachhanhchinh.hanoi.gov.vn/tin-tuc/{slug}-{self.serial}.html"
            roll = rng.random()
            status = "Đã đăng" if roll < 0.68 else ("Đã gửi" if roll < 0.88 else "Từ chối")
        elif channel == "own_portal":
            url = f"https://{fold(short).replace(' ', '')}.hanoi.gov.vn/tin-tuc/{self.serial}"
            status = "Đã đăng"
        elif channel == "social":
            url = f"https://www.facebook.com/{fold(short).replace(' ', '')}/posts/{self.serial}"
            status = "Đã đăng"
        else:
            url, status = None, "Đã đăng"
        self.items.append(DemoItem(unit, day, channel, kind, title, url, status))

    def resend(self, rng: random.Random, item: DemoItem, later: date) -> None:
        """A re-sent copy: same title, later date (the monitor must count it once)."""
        self.items.append(DemoItem(item.unit, later, item.channel, item.kind, item.title, None, "Đã gửi"))


def _days(rng: random.Random, month: date, n: int, end: date) -> list[date]:
    last = min(_month_end(month), end)
    span = (last - month).days + 1
    return sorted(month + timedelta(days=rng.randrange(span)) for _ in range(n))


def _count(rng: random.Random, target: float, diligence: float) -> int:
    """Items a unit makes against a target: diligent units meet it, laggards often don't."""
    base = target * diligence * rng.uniform(0.7, 1.5)
    return max(0, int(base + rng.random()))


def build_items(units: list[DemoUnit]) -> list[DemoItem]:
    """All demo items, deterministic for a given unit list."""
    b = _Builder()
    for unit in units:
        rng = _rng("unit", unit.code)
        diligence = rng.choice([1.0, 1.0, 1.0, 0.95, 0.9, 0.85, 0.7, 0.55, 0.4])
        dip_month = rng.choice([6, 7, 8])
        if unit.code == "00292":  # Bạch Mai 2025
            _ward_months(b, unit, _months(date(2025, 8, 1), date(2025, 12, 31)), date(2025, 12, 31), 0.9, 0)
        if unit.kind in ("commune", "department", "central_agency", "public_service", "ward_office"):
            months = _months(date(2026, 3, 1), HANOI_END)
            if unit.kind == "commune":
                _ward_months(b, unit, months, HANOI_END, diligence, dip_month)
            elif unit.kind == "department":
                _department_months(b, unit, months, diligence, dip_month)
            elif unit.kind == "ward_office":
                _office_months(b, unit, months, diligence)
            else:
                _agency_months(b, unit, months, diligence)
    # Re-sent copies: about 3% of city-page items are sent again a few weeks later.
    rng = _rng("resend")
    for item in [i for i in b.items if i.channel == "city_page"]:
        if rng.random() < 0.03:
            later = item.day + timedelta(days=rng.randint(10, 40))
            if later <= (HANOI_END if item.day.year == 2026 else date(2025, 12, 31)):
                b.resend(rng, item, later)
    return b.items


def _ward_months(
    b: _Builder, unit: DemoUnit, months: list[date], end: date, diligence: float, dip_month: int
) -> None:
    for month in months:
        rng = _rng(unit.code, month)
        d = diligence * (0.45 if month.month == dip_month else 1.0)
        for channel, target in (("city_page", 1.3), ("own_portal", 2.3), ("radio", 2.2), ("social", 1.5)):
            for day in _days(rng, month, _count(rng, target, d), end):
                b.add(rng, unit, day, channel)


def _department_months(
    b: _Builder, unit: DemoUnit, months: list[date], diligence: float, dip_month: int
) -> None:
    weekly = {"HN-SKHCN": 1, "HN-PVHCC": 2}.get(unit.code, 0)
    in_depth = {"HN-SKHCN": 1.0, "HN-PVHCC": 1.0, "HN-STP": 1.0, "HN-STC": 0.4}.get(unit.code, 0)
    for month in months:
        rng = _rng(unit.code, month)
        d = diligence * (0.5 if month.month == dip_month else 1.0)
        for channel, target in (("city_page", 1.3), ("own_portal", 2.4)):
            for day in _days(rng, month, _count(rng, target, d), HANOI_END):
                b.add(rng, unit, day, channel)
        if in_depth:
            for day in _days(rng, month, _count(rng, in_depth, d), HANOI_END):
                b.add(rng, unit, day, "city_page", "in_depth")
    if weekly:
        rng = _rng(unit.code, "weeks")
        week = date(2026, 3, 2)
        while week <= HANOI_END:
            n = _count(rng, weekly, diligence * (0.5 if week.month == dip_month else 1.0))
            for _ in range(n):
                day = week + timedelta(days=rng.randrange(5))
                if day <= HANOI_END:
                    b.add(rng, unit, day, "city_page")
            week += timedelta(days=7)


def _agency_months(b: _Builder, unit: DemoUnit, months: list[date], diligence: float) -> None:
    for month in months:
        rng = _rng(unit.code, month)
        for day in _days(rng, month, _count(rng, 2.3, diligence), HANOI_END):
            b.add(rng, unit, day, "own_portal")
        if month.month in (3, 5, 8, 10) or rng.random() < 0.2:
            for day in _days(rng, month, _count(rng, 1.0, diligence), HANOI_END):
                b.add(rng, unit, day, "city_page")
    if unit.code == "HN-BPTTH":
        rng = _rng(unit.code, "broadcast")
        week = date(2026, 3, 2)
        while week <= HANOI_END:
            if rng.random() < 0.92:
                b.add(rng, unit, week + timedelta(days=rng.randrange(7)), "broadcast", "programme")
            week += timedelta(days=7)


def _office_months(b: _Builder, unit: DemoUnit, months: list[date], diligence: float) -> None:
    for month in months:
        rng = _rng(unit.code, month)
        portal_target = 1.0 if unit.code.endswith("-VP") else 0.75
        for day in _days(rng, month, _count(rng, portal_target, diligence), HANOI_END):
            b.add(rng, unit, day, "own_portal")
        if rng.random() < 0.4 * diligence:
            b.add(rng, unit, _days(rng, month, 1, HANOI_END)[0], "city_page")


def _spell(rng: random.Random, unit: DemoUnit) -> str:
    """How a clerk might type the unit's name."""
    name = unit.name
    if unit.kind == "commune":
        roll = rng.random()
        if roll < 0.35:
            return f"UBND {name[0].lower()}{name[1:]}"
        if roll < 0.45:
            return ("P. " if name.startswith("Phường") else "X. ") + name.split(" ", 1)[1]
    return name


def write_workbooks(items: list[DemoItem], out_dir: Path = DEMO_DIR) -> list[Path]:
    """One log per month (as staff send them), with a title above the header row."""
    out_dir.mkdir(parents=True, exist_ok=True)
    by_month: dict[str, list[DemoItem]] = {}
    for item in items:
        by_month.setdefault(f"{item.day.year}-{item.day.month:02d}", []).append(item)
    paths = []
    for month, rows in sorted(by_month.items()):
        rows.sort(key=lambda i: (i.day, i.unit.code, i.title))
        path = out_dir / f"nhat-ky-tin-bai-{month}.xlsx"
        _write_month(path, month, rows)
        paths.append(path)
    return paths


def _write_month(path: Path, month: str, rows: list[DemoItem]) -> None:
    rng = _rng("spell", month)
    buffer = io.BytesIO()
    out = Sheets(buffer)
    out.book.set_properties({"title": f"Nhật ký tin bài CCHC {month}", "author": "cchc-monitor demo"})
    out.book.set_custom_property("generated", "demo")
    out.book.set_properties({"created": datetime(2026, 1, 1)})
    ws = out.book.add_worksheet("Tin bài")
    year, mon = month.split("-")
    write_value(ws, 0, 0, f"TỔNG HỢP TIN, BÀI TUYÊN TRUYỀN CCHC THÁNG {int(mon)}/{year}", out.title)
    write_value(ws, 1, 0, "(Số liệu minh họa do cchc-monitor tạo)")
    write_row(ws, 3, 0, HEADER, out.header)
    for i, item in enumerate(rows, start=1):
        r = 3 + i
        write_row(ws, r, 0, [i, _spell(rng, item.unit)])
        if rng.random() < 0.1:  # some clerks type the date as text
            write_value(ws, r, 2, f"{item.day.day:02d}/{item.day.month}/{item.day.year}")
        else:
            write_value(ws, r, 2, datetime(item.day.year, item.day.month, item.day.day), out.day)
        channel = rng.choice(CHANNEL_LABELS[item.channel])
        write_row(ws, r, 3, [channel, KIND_LABELS[item.kind], item.title, item.url or None, item.status])
    for first, last, width in ((0, 0, 6), (1, 1, 32), (2, 4, 16), (5, 5, 70), (6, 6, 40), (7, 7, 12)):
        ws.set_column(first, last, width)
    out.close()
    path.write_bytes(buffer.getvalue())


# --- task completions -------------------------------------------------------------------------

LATE_NOTES = [
    "Chậm do chờ ý kiến của các phòng chuyên môn.",
    "Chậm do điều chỉnh kế hoạch sau sắp xếp đơn vị hành chính.",
    "Hoàn thành muộn, đã báo cáo bổ sung.",
]


def completion_edits(occurrences: list[dict], as_of: date = HANOI_END) -> list[CompletionEdit]:
    """Completions a real city would have recorded by `as_of`: most past occurrences done, about
    one in six of them late, the rest still overdue; a few current ones done early.

    `occurrences` are rows of cchc.tasks.occurrence_status (plan, stt, occurrence_key, occ_start,
    occ_due); tasks with no deadline are left alone.
    """
    edits = []
    for occ in occurrences:
        start, due, key = occ["occ_start"], occ["occ_due"], occ["occurrence_key"]
        if due is None or start is None or start > as_of:
            continue
        rng = _rng("done", occ["plan"], occ["stt"], key)
        roll = rng.random()
        if due > as_of:  # not due yet: a few are done ahead of time
            if roll < 0.15:
                day = min(as_of, start + timedelta(days=rng.randint(0, max(0, (as_of - start).days))))
                edits.append(CompletionEdit(occ["plan"], int(occ["stt"]), key, day, _evidence(rng, occ)))
            continue
        if roll < 0.70:  # on time
            day = max(start, due - timedelta(days=rng.randint(0, 10)))
            edits.append(CompletionEdit(occ["plan"], int(occ["stt"]), key, day, _evidence(rng, occ)))
        elif roll < 0.86:  # late, with a reason
            day = min(as_of, due + timedelta(days=rng.randint(2, 25)))
            note = rng.choice(LATE_NOTES)
            edits.append(CompletionEdit(occ["plan"], int(occ["stt"]), key, day, _evidence(rng, occ), note))
    return edits


def _evidence(rng: random.Random, occ: dict) -> str | None:
    """A link to the published result for most completions, as clerks paste them."""
    if rng.random() < 0.3:
        return None
    slug = f"{occ['plan']}-{occ['stt']}-{occ['occurrence_key']}".lower()
    return f"https://cchc.hanoi.gov.vn/ket-qua/{slug}"


def record_task_completions(con: duckdb.DuckDBPyConnection, as_of: date = HANOI_END) -> int:
    """Record the demo's completions (one batch, as one edit on the Nhiệm vụ page); how many."""
    from cchc import tasks

    rows = tasks.occurrence_status(con, as_of).to_dict("records")
    # by the demo's login name: a batch by 'demo' is not "data people entered" (auth/real_import_count)
    return tasks.record_completions(con, completion_edits(rows, as_of), "demo", today=as_of)
