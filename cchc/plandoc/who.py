"""Who a sentence, a heading or a table cell names: kinds of units ("các Sở, ban, ngành", "UBND các
xã, phường", "các phòng, ban, đơn vị thuộc phường") or named units ("Sở Tư pháp", "Phòng Văn hóa -
Xã hội"), written out in full: an office of a ward carries the ward's name, "UBND phường" is the
issuer itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cchc.plandoc.header import Issuer
from cchc.plandoc.paragraphs import key, key_same_length

# (kind, pattern on key()); the order in the text decides the order of the rules.
_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "department",
        re.compile(r"\bcac so\b(?!\s*:)|\bso,? ban,? nganh|\bso, nganh\b|\bcac co quan chuyen mon\b"),
    ),
    ("central_agency", re.compile(r"\bnganh doc\b|\bco quan trung uong\b")),
    ("public_service", re.compile(r"\bdon vi su nghiep\b")),
    (
        "commune",
        re.compile(
            r"\b(?:ubnd|uy ban nhan dan)\s+(?:cac\s+|cap\s+)(?:xa|phuong)\b|\bcac (?:xa|phuong),? (?:phuong|xa)\b"
            r"|\bubnd (?:xa|phuong), (?:phuong|xa)\b|\bcap xa\b|\b(?:moi|tung) (?:xa|phuong)\b"
        ),
    ),
    (
        "ward_office",
        re.compile(
            r"\b(?:cac|moi) phong,? ban\b|\bcac phong(?: chuyen mon|,? don vi)\b|\bmoi (?:don vi|phong)\b"
            r"|\bcac (?:co quan,? )?don vi (?:thuoc|cua) (?:phuong|xa)\b"
        ),
    ),
    (
        "neighbourhood",
        re.compile(r"\b(?:khu pho|to dan pho|thon|ban dieu hanh|khu dan cu|(?:cac )?ap\b(?!\s+phich))\b"),
    ),
)
_ISSUER_ITSELF = re.compile(
    r"^(?:ubnd|uy ban nhan dan)(?: cap)? (?:phuong|xa|dac khu|thanh pho|tinh)$|^(?:so|ubnd|uy ban nhan dan)$"
)
_TITLES = re.compile(r"^(?:(?:kinh\s+)?de\s+nghi|giao)\s+")
_OFFICE_TITLES = re.compile(r"^(?:chanh|truong|giam doc|thu truong|chu tich)\s+")
UNIT_START = re.compile(
    r"^(?:so|phong|van phong|trung tam|ban|dai|bao|ubnd|uy ban|cong an|hoi|doan|vien|chi cuc|cuc|diem)\b"
)


@dataclass(frozen=True)
class Subject:
    """Kinds of units, or named units (full names); empty means the issuer itself."""

    kinds: tuple[str, ...] = ()
    units: tuple[str, ...] = field(default_factory=tuple)
    unknown: bool = False  # names units of no kind we track ('các phòng thuộc Sở'): not guessed

    @property
    def is_empty(self) -> bool:
        return not self.kinds and not self.units and not self.unknown


def kinds_in(text: str, issuer: Issuer | None) -> list[str]:
    """The kinds of units a phrase names, in the order it names them."""
    k = key(text)
    found: list[tuple[int, str]] = []
    for kind, pattern in _KINDS:
        m = pattern.search(k)
        if not m:
            continue
        if kind == "ward_office" and issuer is not None and issuer.level != "commune":
            continue  # 'các phòng, ban' of a city or a Sở are its own offices, not a kind we track
        found.append((m.start(), kind))
    return [kind for _, kind in sorted(found)]


def full_name(name: str, issuer: Issuer | None) -> str:
    """A unit's name in full: the issuer's name for 'UBND phường'; the ward's name added to its offices."""
    name = re.sub(r"\s+", " ", name).strip(" .,;:-")
    k = key(name)
    if issuer is None:
        return name
    if _ISSUER_ITSELF.match(k) or key(issuer.name).startswith(k):
        return issuer.name
    if issuer.level == "department" and re.search(r"\bso$", k):
        return f"{name[:-2].rstrip()} {issuer.name}"  # 'Văn phòng Sở' → 'Văn phòng Sở Nội vụ tỉnh …'
    if issuer.level == "commune" and issuer.place:
        level, _, proper = issuer.place.partition(" ")
        if key(proper) in k:
            return name
        if k.endswith(" " + key(level)):
            return f"{name} {proper}"
        return f"{name} {issuer.place}"
    return name


def _listed_departments(text: str) -> list[str]:
    """'Các Sở: Tư pháp; Khoa học và Công nghệ; Trung tâm …' → each unit by its name."""
    rest = text.partition(":")[2]
    out = []
    for part in re.split(r";", rest):
        part = part.strip(" .,-")
        if not part:
            continue
        out.append(part if UNIT_START.match(key(part)) else f"Sở {part}")
    return out


def subject_of(text: str, issuer: Issuer | None) -> Subject:
    """The subject a heading or a table cell names."""
    text = re.sub(r"^\s*(?:\d{1,2}\.|[a-zđ]\)|-)\s*", "", text).strip()
    k = key(text)
    if re.match(r"^cac so\s*:", k):
        return Subject(units=tuple(full_name(u, issuer) for u in _listed_departments(text)))
    kinds = kinds_in(text, issuer)
    if kinds:
        return Subject(kinds=tuple(kinds))
    if dict(_KINDS)["ward_office"].search(k):
        return Subject(unknown=True)  # offices of a city or a Sở: no kind of unit we monitor
    stripped = _strip_titles(text)
    if not stripped or not UNIT_START.match(key(stripped)):
        return Subject()
    units = [u for u in re.split(r"\s*;\s*|\n", stripped) if u.strip()]
    return Subject(units=tuple(full_name(_strip_titles(u), issuer) for u in units))


def lead_name(heading: str) -> str:
    """'Giao Trưởng Phòng Văn hóa - Xã hội phường' → 'Phòng Văn hóa - Xã hội phường'; 'Đề nghị các
    trường học' → 'Các trường học'; 'Trưởng 59 Khu phố' stays (a title before no unit's name)."""
    text = re.sub(r"^\s*(?:[a-zđ]\)|[-+•]|\d{1,2}\.)\s*", "", heading).strip(" .:;")
    m = _TITLES.match(key(text))
    if m:
        text = text[m.end() :]
    m = _OFFICE_TITLES.match(key(text))
    if m and UNIT_START.match(key(text[m.end() :])):
        text = text[m.end() :]
    return text[:1].upper() + text[1:]


def _strip_titles(text: str) -> str:
    """'- Sở Nội vụ (phụ trách nội dung);' → 'Sở Nội vụ'."""
    return lead_name(re.sub(r"\([^)]*\)", "", text))


def leading_subject(sentence: str, issuer: Issuer | None) -> Subject:
    """A subject the sentence itself opens with: 'Riêng đối với X, …', 'Sở Tư pháp có …', 'X: …'."""
    body = re.sub(r"^\s*(?:[a-zđ]\)|\d{1,2}\.|[-+•])\s*", "", sentence)
    # an opening rhythm is no subject: 'Định kỳ hằng tháng, Văn phòng Sở đăng …'
    rhythm = re.match(
        r"^(?:dinh ky\s+)?(?:hang|moi|tung)\s+(?:tuan|thang|quy|nam)\s*,\s*", key_same_length(body)
    )
    body = body[rhythm.end() :] if rhythm else body
    k = key(body)
    m = re.match(
        r"^(?:rieng|ngoai ra|dong thoi)?,?\s*(?:doi voi|voi|rieng)\s+(.{3,200}?)"
        r"(?::|,\s*(?:hang|moi|co|phai|dam bao|gui|dinh ky|trong|toi thieu|it nhat|thuc hien)\b)",
        k,
    )
    if m:
        return subject_of(body[m.start(1) : m.end(1)], issuer)
    m = re.match(
        r"^([^:;\d]{2,90}?)(?::|,?\s+(?:co trach nhiem|co it nhat|co toi thieu|phai|dam bao|gui|hang|moi|dinh ky"
        r"|dang|cap nhat|bien soan|cung cap|thuc hien)\b)",
        k,
    )
    if m and (UNIT_START.match(m.group(1)) or kinds_in(m.group(1), issuer)):
        return subject_of(body[: m.end(1)], issuer)
    return Subject()
