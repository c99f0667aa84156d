"""The units a plan names that belong to its issuer, proposed for confirmation (issue 12, point 5).

Read from the assignments of 'Tổ chức thực hiện' (each heading, the unit a paragraph opens with,
the units it works with: 'phối hợp với …'), the task table's lead and partner cells, and the rules
that name a unit. A ward's or commune's plan names its offices ('Phòng Kinh tế', 'Văn phòng HĐND
và UBND phường', 'Công an phường'); a city's or province's plan its departments and agencies ('Sở
…', 'Ban Quản lý …', 'Viện …'). Names are written out in full as rules' `applies_unit` are (an
office carries the ward's name).

Never proposed: groups ('các phòng, ban, đơn vị', 'UBND các xã, phường'), the issuer itself,
persons ('Trưởng 59 Khu phố'), units of another place or level ('Sở Nội vụ' in a ward's plan, '…
tỉnh Quảng Ninh' in Hà Nội's), bodies outside the administration (the Party's boards, the Front),
the press a city only asks or works with ('Đề nghị Báo …'), central agencies that do not carry
the issuer's name. A Sở's offices are no kind of unit the project monitors: a department's plan
proposes none.
"""

from __future__ import annotations

import re
from typing import Any

from cchc.plandoc.header import Issuer
from cchc.plandoc.paragraphs import key
from cchc.plandoc.structure import Section
from cchc.plandoc.who import full_name, lead_name

# How a ward's or commune's offices begin (on key()).
_WARD_OFFICE = re.compile(
    r"^(?:phong\s|van phong\s|trung tam\s|diem phuc vu|bo phan (?:mot cua|tiep nhan)|cong an (?:phuong|xa)|"
    r"ban chi huy quan su|tram y te|dai truyen thanh)"
)
_NEIGHBOURHOOD = re.compile(r"^(?:khu pho|to dan pho|thon|ap|khu dan cu)\s+(?:so\s+)?\d+\b")
# A city's or province's units by kind, tested in this order.
_CITY_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "department",
        re.compile(
            r"^(?:so\s|ban quan ly|ban dan toc|van phong (?:ubnd|uy ban)|thanh tra (?:thanh pho|tinh)"
            r"|trung tam phuc vu hanh chinh cong)"
        ),
    ),
    (
        "central_agency",
        re.compile(
            r"^(?:cong an (?:thanh pho|tinh)|cuc\s|chi cuc|kho bac|bao hiem xa hoi|thue\s|hai quan|thong ke)"
        ),
    ),
    ("public_service", re.compile(r"^(?:vien\s|trung tam\s|bao\s|dai phat thanh|dai truyen hinh|tap chi)")),
)
_PRESS = re.compile(r"^(?:bao\s|dai phat thanh|dai truyen hinh|tap chi)")
_NOT_OURS = re.compile(
    r"\b(?:trung uong|chinh phu|quoc hoi|thanh uy|tinh uy|dang uy|xay dung dang|tuyen giao|dan van"
    r"|mat tran|doan the|lien quan|bo (?:noi vu|tu phap|tai chinh|cong an))\b"
)
# Groups and persons, on the text itself: 'mỗi' and 'môi' fold alike.
_GROUP = re.compile(
    r"^(?:các|mỗi|mọi|từng|toàn thể|toàn bộ|những|ubnd|ủy ban nhân dân|uỷ ban nhân dân|lãnh đạo|chủ tịch|trưởng)\b",
    re.IGNORECASE,
)
_LEVELS = re.compile(r"(?i:\b(phường|xã|đặc khu|thành phố|tỉnh|quận|huyện)\b)\s*")
_SPLIT = re.compile(r"(\s*,\s*|\s+[-–]\s+|\s+và\s+|\s+với\s+|\s*&\s*)", re.IGNORECASE)
_BRACKETS = re.compile(r"\([^()]*\)")
_LISTED = re.compile(r"^\s*(?:các\s+)?(sở|phòng|ban)\s*:\s*", re.IGNORECASE)
_LONGEST = 80  # characters: 'Văn phòng Hội đồng nhân dân và Ủy ban nhân dân phường Phú Định' is 62
# 'Trách nhiệm của Phòng …'; 'Trưởng Khu phố 3' (the head of one khu phố; '59 Khu phố' are all of them)
_RESPONSIBLE = re.compile(
    r"^\s*(?:(?:trách nhiệm|nhiệm vụ) của|trưởng(?=\s+(?:khu phố|tổ dân phố|thôn|ấp)\s+(?:số\s+)?\d))\s*",
    re.IGNORECASE,
)
_MARKER = re.compile(r"^\s*(?:[a-zđ]\)|[-+•]|\d{1,2}\.)\s*")
# On the text itself (NFC), not on key(): 'Môi trường' is no 'mỗi', 'Kiểm lâm' no 'làm', 'chợ' no 'cho'.
_WITH = re.compile(r"\bphối hợp (?:với|cùng)\s+", re.IGNORECASE)
_SUBJECT_END = re.compile(
    r"\s+(?:có trách nhiệm|chủ trì|phối hợp|thực hiện|tổ chức|xây dựng|chịu trách nhiệm|bố trí|tham mưu"
    r"|cung cấp|hằng|hàng (?:tuần|tháng|quý|năm)|mỗi|định kỳ|gửi|đăng|triển khai|đẩy mạnh|tuyên truyền|trong"
    r"|để|duy trì|nghiên cứu|cập nhật|biên soạn|hướng dẫn|kiểm tra|theo dõi|tổng hợp|lựa chọn|rà soát"
    r"|vận động|giám sát|nâng cao|phát triển|làm|về|tại|trên|cho|nhằm|tiếp tục)\b|[,:;.(“\"]",
    re.IGNORECASE,
)


def fold_name(name: str) -> str:
    """The same unit however it is spelt: 'Văn phòng HĐND - UBND' = 'Văn phòng Hội đồng nhân dân và
    Ủy ban nhân dân'; 'Phòng Văn hóa-Xã hội' = 'Phòng Văn hoá – Xã hội' = 'phòng Văn hóa xã hội'."""
    k = re.sub(r"[^0-9a-z]+", " ", key(name))
    for short, long in (("hdnd", "hoi dong nhan dan"), ("ubnd", "uy ban nhan dan")):
        k = re.sub(rf"\b{short}\b", long, k)
    return " ".join(w for w in k.split() if w != "va")


def _places(name: str) -> list[tuple[str, str]]:
    """(level, proper name) of each place a name carries: 'tỉnh Quảng Ninh' → ('tinh', 'quang ninh')."""
    out = []
    for m in _LEVELS.finditer(name):
        words = []
        for word in name[m.end() :].split():
            if not word[:1].isupper():
                break
            words.append(word.strip(".,;:()"))
        out.append((key(m.group(1)), key(" ".join(words))))
    return out


def _other_place(name: str, issuer: Issuer) -> bool:
    """Whether the name carries a place other than the issuer's ('… tỉnh Quảng Ninh' in Hà Nội's plan)."""
    own = key(issuer.place or issuer.name)
    return any(proper and proper not in own for _level, proper in _places(name))


def _starts_unit(text: str) -> bool:
    k = key(text)
    return bool(
        _WARD_OFFICE.match(k) or _GROUP.match(text.strip()) or any(p.match(k) for _kind, p in _CITY_KINDS)
    )


def pieces(text: str) -> list[str]:
    """A cell or heading → the names in it. Parts split on ';' and lines; inside a part, on ',' 'và'
    '-' only where the next piece begins as a unit does ('Phòng Kinh tế, Hạ tầng và Đô thị' stays
    whole, 'HĐND và UBND' too); what follows a group ('các trường học, trạm y tế') is the group's."""
    out: list[str] = []
    for part in re.split(r"[;\n]", _BRACKETS.sub(" ", text)):
        listed = _LISTED.match(part)
        if listed:  # 'Các Sở: Tư pháp; Khoa học …' is handled by the part after the colon
            part = f"{listed.group(1).capitalize()} {part[listed.end() :]}"
        bits = _SPLIT.split(part)
        names, current = [], bits[0]
        for sep, bit in zip(bits[1::2], bits[2::2], strict=True):
            after_council = re.search(r"\b(?:hdnd|hoi dong nhan dan)$", key(current))
            if _starts_unit(bit) and not after_council:
                names.append(current)
                current = bit
            else:
                current = f"{current}{sep}{bit}"
        names.append(current)
        for name in names:
            name = _RESPONSIBLE.sub("", name.strip())
            if _GROUP.match(name):
                break  # 'các' reaches over the rest of the list
            out.append(name.strip(" .,:;-–"))
    return [p for p in out if p]


def unit_kind(name: str, issuer: Issuer, heading: str | None = None) -> str | None:
    """The kind of unit of the issuer's a name is; None when it names none. `heading`: the
    assignment heading the name comes from, if any (the press counts only there, unasked)."""
    k = key(name)
    if _GROUP.match(name) or _NOT_OURS.search(k) or _other_place(name, issuer) or len(k) > _LONGEST:
        return None
    if issuer.level == "commune":
        if re.match(r"^so\s", k) or any(level in ("thanh pho", "tinh") for level, _ in _places(name)):
            return None
        if _NEIGHBOURHOOD.match(k):
            return "neighbourhood"
        return "ward_office" if _WARD_OFFICE.match(k) else None
    commune = re.search(r"\b(?:phuong|xa|dac khu)$", k) or any(
        proper and level in ("phuong", "xa", "dac khu") for level, proper in _places(name)
    )
    if issuer.level != "city" or commune:
        return None
    for kind, pattern in _CITY_KINDS:
        if not pattern.match(k):
            continue
        if _PRESS.match(k) and (heading is None or re.match(r"^(?:kinh\s+)?de nghi", key(heading))):
            return None  # the press the city asks ('Đề nghị Báo …') or works with: not its unit
        own = re.search(r"\b(?:thanh pho|tinh)\b", k) or key(issuer.place) in k
        return None if kind == "central_agency" and not own else kind
    return None


def _from_sections(body: list[Section]) -> list[tuple[str, str, str | None]]:
    found: list[tuple[str, str, str | None]] = []
    for section in body:
        if not section.is_organisation or section.heading is None:
            continue
        heading = _MARKER.sub("", section.heading).strip()
        found += [(p, heading, heading) for p in pieces(lead_name(heading))]
        for paragraph in section.paragraphs:
            text = _MARKER.sub("", paragraph).strip()
            end = _SUBJECT_END.search(text)
            if end and 0 < end.start() < _LONGEST:
                found += [(p, text, None) for p in pieces(text[: end.start()])]
            for m in _WITH.finditer(text):
                stop = _SUBJECT_END.search(text, m.end() + 1)
                if stop and stop.start() - m.end() < _LONGEST:
                    found += [(p, text, None) for p in pieces(text[m.end() : stop.start()])]
    return found


def _unit(raw: str, heading: str | None, issuer: Issuer) -> tuple[str, str, str] | None:
    """(name in full, kind, its folded key) of a name as written; None when it is no unit of the issuer's."""
    name = lead_name(_RESPONSIBLE.sub("", raw))
    kind = unit_kind(name, issuer, heading) if name else None
    if kind is None:
        return None
    name = full_name(name, issuer)
    return name, kind, fold_name(name)


def _cells(tasks: list[dict[str, Any]]) -> list[tuple[str, str, None]]:
    """The names in the lead and partner cells; a cell repeated down the table is split once."""
    split: dict[str, list[str]] = {}
    found: list[tuple[str, str, None]] = []
    for task in tasks:
        for column in ("lead", "partners"):
            cell = task.get(column) or ""
            names = split.setdefault(cell, pieces(cell))
            found += [(p, f"Nhiệm vụ {task.get('stt')}: {cell}", None) for p in names]
    return found


def named_units(
    body: list[Section], tasks: list[dict[str, Any]], rules: list[dict[str, Any]], issuer: Issuer | None
) -> list[dict[str, str]]:
    """The issuer's units the plan names: [{name (in full), kind, source}], each once, in order."""
    if issuer is None or issuer.level == "department":
        return []
    found = _from_sections(body) + _cells(tasks)
    found += [(r["applies_unit"], r["source"], None) for r in rules if r.get("applies_unit")]
    out: dict[str, dict[str, str]] = {}
    seen: dict[tuple[str, str | None], tuple[str, str, str] | None] = {}  # names repeat down a plan
    issuer_key = fold_name(issuer.name)
    for raw, source, heading in found:
        if (raw, heading) not in seen:
            seen[(raw, heading)] = _unit(raw, heading, issuer)
        unit = seen[(raw, heading)]
        if unit is not None and unit[2] != issuer_key and unit[2] not in out:
            out[unit[2]] = {"name": unit[0], "kind": unit[1], "source": re.sub(r"\s+", " ", source).strip()}
    return list(out.values())
