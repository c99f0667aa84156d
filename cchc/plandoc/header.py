"""The head of a plan: number, place and date, issuer, title, plan period, parent plan.

Nothing is guessed: a blank number ("Số: /KH-UBND") or date ("ngày tháng năm 2026") is None.
The issuer comes from the header lines ("UBND PHƯỜNG …", "SỞ …"); when a plan was copied without
them, from the sentence by which the issuer adopts it ("UBND phường X ban hành Kế hoạch …"), then
from the annex note ("Kèm theo Kế hoạch … của UBND phường X"), then from the title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from cchc.plandoc.paragraphs import key, key_same_length
from cchc.tasks.windows import Window, absolute_window

_NUMBER = re.compile(r"^\s*Số\s*:?\s*(\d*)\s*/\s*([A-ZĐ][A-ZĐ0-9\-&.]*)", re.IGNORECASE)
_PLACE_DATE = re.compile(r"ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})")
_AUTHORITY = r"(?:ubnd|uy ban nhan dan)"
_LEVEL = r"(phuong|xa|dac khu|thanh pho|tinh|quan|huyen|thi xa)"
_PROPER = r"(\w[\w'-]*(?:\s+\w[\w'-]*){0,5})"
_AUTH_VI = r"(?i:UBND|[UỦ][yỷ] ban nhân dân)"
_LEVEL_VI = r"(?i:(phường|xã|đặc khu|thành phố|tỉnh|quận|huyện|thị xã))"
_ADOPTS = re.compile(
    rf"{_AUTH_VI}\s+{_LEVEL_VI}\s+(\w[\w'-]*(?:\s+\w[\w'-]*){{0,4}}?)\s+(?i:ban hành|xây dựng|triển khai|thực hiện)"
)
_OF_UNIT = re.compile(rf"(?i:của|trên địa bàn)\s+(?:{_AUTH_VI}\s+)?{_LEVEL_VI}\s+{_PROPER}")
_DOC_REF = re.compile(
    r"(Kế hoạch|Quyết định|Chỉ thị|Nghị quyết|Công văn)\s+(?:số\s+)?(\d+\s*/\s*[A-ZĐ][A-ZĐ0-9\-&.]*[A-ZĐ0-9])"
    r"\s+ngày\s+(\d{1,2}(?:\s*/\s*\d{1,2}\s*/\s*\d{4}|\s+tháng\s+\d{1,2}\s+năm\s+\d{4}))",
    re.IGNORECASE,
)
_ADOPTING_START = re.compile(r"^(?:thuc hien|can cu|trien khai|de|nham|theo|thuc thi)\b")


@dataclass(frozen=True)
class Issuer:
    """Who issued the plan: level 'commune' (ward, commune), 'city' (province, city), 'department'."""

    name: str  # e.g. 'UBND phường Hoàng Mai', 'Sở Nội vụ tỉnh Quảng Ninh'
    level: str
    place: str  # 'phường Hoàng Mai'; for a department, its province ('tỉnh Quảng Ninh') or ''


def place_name(level_word: str, name: str) -> str:
    """'phường Phúc Lợi' from ('PHƯỜNG', 'PHÚC LỢI'): the level in lower case, the name in title case."""
    words = name.split()
    if name.isupper():
        words = [w.capitalize() for w in words]
    return f"{level_word.lower()} {' '.join(words)}"


def proper(words: str) -> str:
    """The leading capitalised words: 'Phúc Lợi' of 'Phúc Lợi năm 2026'."""
    out = []
    for w in words.split():
        if not (w[0].isupper() or w[0].isdigit()):
            break
        out.append(w.strip(".,;:()"))
    return " ".join(out)


def _level(level_word: str) -> str:
    return "commune" if key(level_word) in ("phuong", "xa", "dac khu") else "city"


def department_name(raw: str) -> str:
    """'Sở Thông tin và Truyền thông' from 'SỞ THÔNG TIN VÀ TRUYỀN THÔNG' (capitals after 'Sở' and 'và')."""
    if not raw.isupper():
        return raw
    words = raw.lower().split()
    out = []
    for i, w in enumerate(words):
        out.append(w.capitalize() if i <= 1 or (i > 1 and words[i - 1] == "và") else w)
    return " ".join(out)


def read_number(lines: list[str]) -> str | None:
    for line in lines[:40]:
        m = _NUMBER.match(line)
        if m:
            return f"{m.group(1)}/{m.group(2).rstrip('.')}" if m.group(1) else None
    return None


def read_issued_on(lines: list[str]) -> date | None:
    for line in lines[:40]:
        k = key(line)
        m = _PLACE_DATE.search(k)
        if m and ("," in line or k.startswith("ngay")):
            try:
                return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
            except ValueError:
                return None
    return None


_MOTTO = re.compile(r"cong hoa xa hoi chu nghia viet nam|doc lap\s*-\s*tu do\s*-\s*hanh phuc|[-_=]{3,}")


def _header_parts(lines: list[str]) -> list[str]:
    """The pieces of the header above 'Số:' / 'KẾ HOẠCH', the national motto taken out:
    'ỦY BAN NHÂN DÂN' on one line and 'PHƯỜNG HOÀNG MAI' on the next are joined."""
    parts: list[str] = []
    for line in lines[:25]:
        k = key(line)
        if k == "ke hoach" or re.match(r"^so\s*:?\s*\d*\s*/", k):
            break
        for piece in line.split("\t"):
            spans = [m.span() for m in _MOTTO.finditer(key_same_length(piece))]
            for a, b in reversed(spans):
                piece = piece[:a] + "\t" + piece[b:]
            parts += [p.strip(" -_*") for p in piece.split("\t") if p.strip(" -_*")]
    joined: list[str] = []
    for p in parts:
        if joined and key(joined[-1]) in ("uy ban nhan dan", "ubnd"):
            joined[-1] = f"{joined[-1]} {p}"
        else:
            joined.append(p)
    return joined


def _header_issuer(lines: list[str]) -> Issuer | None:
    """From the header: 'UBND PHƯỜNG …', 'ỦY BAN NHÂN DÂN / XÃ …', 'UBND TỈNH … / SỞ …'."""
    found: Issuer | None = None
    upper: Issuer | None = None
    for part in _header_parts(lines):
        k = key(part)
        m = re.match(rf"^{_AUTHORITY}\s+{_LEVEL}\s+(.+)$", k)
        if m and len(k) < 70:
            words = part.split()
            skip = 1 if k.startswith("ubnd") else 4
            level_words = len(m.group(1).split())
            name = " ".join(words[skip + level_words :])
            level_word = " ".join(words[skip : skip + level_words])
            place = place_name(level_word, name)
            found = Issuer(f"UBND {place}", _level(level_word), place)
        elif re.match(r"^so\s+\w", k) and len(k) < 70:
            upper = found if found is not None and found.level != "department" else upper
            found = Issuer(department_name(part.strip()), "department", "")
    if found and found.level == "department" and upper is not None:
        return Issuer(f"{found.name} {upper.place}", "department", upper.place)
    return found


def read_issuer(lines: list[str], paragraphs: list[str], title: str | None) -> Issuer | None:
    """The issuer from the header, else from the adopting sentence, the annex note or the title."""
    found = _header_issuer(lines)
    if found:
        return found
    annex = [p for p in paragraphs if key(p).startswith("(kem theo")]
    tries = [(_ADOPTS, p) for p in paragraphs[:15]] + [(_OF_UNIT, p) for p in [*annex, title or ""]]
    for pattern, text in tries:
        for m in pattern.finditer(text):
            name = proper(m.group(2))
            if not name or (pattern is _ADOPTS and name != m.group(2)):
                continue
            place = place_name(m.group(1), name)
            return Issuer(f"UBND {place}", _level(m.group(1)), place)
    return None


def read_title(paragraphs: list[str]) -> str | None:
    """'Kế hoạch …' from the 'KẾ HOẠCH' line and the lines under it, up to the adopting sentence."""
    for i, p in enumerate(paragraphs[:30]):
        if key(p).startswith("ke hoach ") and p[:8].isupper() and not _ADOPTING_START.match(key(p)):
            rest = p[8:].strip(" :")  # 'KẾ HOẠCH Thông tin, tuyên truyền …' on one line
            return f"Kế hoạch {rest[:1].lower()}{rest[1:]}"
        if key(p) == "ke hoach":
            parts: list[str] = []
            for q in paragraphs[i + 1 : i + 5]:
                kq = key(q)
                if _ADOPTING_START.match(kq) or re.match(r"^[ivx]+\.", kq) or len(q) > 250:
                    break
                parts.append(q.strip())
            if parts:
                body = " ".join(parts)
                return f"Kế hoạch {body[0].lower()}{body[1:]}"
    return None


def read_period(title: str | None, issued_on: date | None) -> tuple[date | None, date | None]:
    """The period the title names: 'năm 2026', '6 tháng cuối năm 2025', 'quý III năm 2026', 'giai đoạn 2026-2030'."""
    if not title:
        return None, None
    k = key(title)
    span = re.search(r"giai doan (\d{4})\s*[-–]\s*(\d{4})", k)
    if span:
        return date(int(span.group(1)), 1, 1), date(int(span.group(2)), 12, 31)
    folded = re.sub(r"[^0-9a-z]+", " ", k)
    year = re.search(r"\b(19|20)\d\d\b", folded)
    if issued_on is None and year is None:
        return None, None  # 'quý III' of which year: not guessed
    window = absolute_window(folded, issued_on.year if issued_on else int(year.group(0)))  # type: ignore[union-attr]
    if isinstance(window, Window):
        return window.start, window.due
    return None, None


def _ref_date(text: str) -> date | None:
    nums = [int(n) for n in re.findall(r"\d+", text)]
    try:
        return date(nums[2], nums[1], nums[0])
    except (ValueError, IndexError):
        return None


def read_parent(paragraphs: list[str]) -> dict[str, str | None] | None:
    """The communication plan this one implements, cited in the adopting paragraph(s).

    A reference counts when what it is about is information or propaganda ('thông tin, tuyên
    truyền'), or when it is a bare 'Kế hoạch số …' with nothing said about it; decisions on the
    general CCHC plan are context, not the parent.
    """
    for p in paragraphs[:12]:
        if not _ADOPTING_START.match(key(p)):
            continue
        refs = list(_DOC_REF.finditer(p))
        for i, m in enumerate(refs):
            end = refs[i + 1].start() if i + 1 < len(refs) else len(p)
            about = re.split(r";|\.\s|,\s*(?:ubnd|uy ban)\b", key(p[m.end() : end]))[0]
            bare_plan = key(m.group(1)) == "ke hoach" and not re.search(r"\b(ve|ban hanh)\b", about)
            if "tuyen truyen" in about or "truyen thong" in about or bare_plan:
                issued = _ref_date(m.group(3))
                return {
                    "number": re.sub(r"\s+", "", m.group(2)),
                    "issued_on": issued.isoformat() if issued else None,
                }
    return None
