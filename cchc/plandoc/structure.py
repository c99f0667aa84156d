"""The parts of a plan: the body (up to 'Nơi nhận'), its roman sections ('IV. TỔ CHỨC THỰC HIỆN'),
the numbered headings of 'Tổ chức thực hiện' that say who does what, and the annex ('Phụ lục').
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cchc.plandoc.paragraphs import key

_ROMAN = re.compile(r"^([ivx]+)\s*[.:]\s*(.*)$")
_NUMBERED = re.compile(r"^(\d{1,2})\.\s*(.+)$")
_ANNEX = re.compile(r"^phu luc\b")
_END_OF_BODY = re.compile(r"^(?:noi nhan|tren day la)\b")


@dataclass
class Section:
    """Paragraphs under one heading. roman: key of the roman heading; heading: the numbered
    heading (as written) when the section is an assignment of 'Tổ chức thực hiện' or of a form."""

    roman: str
    heading: str | None
    paragraphs: list[str] = field(default_factory=list)

    @property
    def is_organisation(self) -> bool:
        """Under 'Tổ chức thực hiện' (or 'Trách nhiệm thực hiện', 'Phân công')."""
        return bool(re.search(r"to chuc thuc hien|trach nhiem|phan cong", self.roman))

    @property
    def is_standing_office(self) -> bool:
        """The office that runs the plan for the issuer ('cơ quan thường trực', 'theo dõi, đôn đốc
        việc thực hiện kế hoạch này'): its quotas on the issuer's channels are the issuer's."""
        text = key(" ".join(self.paragraphs))
        return bool(
            re.search(
                r"(?:co quan|don vi|bo phan) thuong truc|(?:theo doi|don doc),? (?:don doc|kiem tra),? (?:viec )?(?:thuc hien|trien khai) "
                r"ke hoach nay|(?:tham muu|giup) ubnd[^.;]{0,40}(?:theo doi|don doc)[^.;]{0,40}ke hoach nay",
                text,
            )
        )


def annex_start(lines: list[str]) -> int:
    """Index of the first line of the annex ('PHỤ LỤC', 'Phụ lục 1'); len(lines) when there is none."""
    seen_body = False
    for i, line in enumerate(lines):
        k = key(line)
        if _END_OF_BODY.match(k):
            seen_body = True
        if _ANNEX.match(k) and len(k) < 40 and (seen_body or i > 20):
            return i
    return len(lines)


def _is_heading(paragraph: str) -> bool:
    k = key(paragraph)
    m = _NUMBERED.match(k)
    if not m or len(k) > 230:
        return False
    rest = m.group(2)
    return not re.search(r"[.:;]\s", rest) and not rest.endswith((":", ";"))


def sections(paragraphs: list[str]) -> list[Section]:
    """The body's sections, in order; the paragraphs after 'Nơi nhận' / 'Trên đây là' are left out."""
    out = [Section(roman="", heading=None)]
    for p in paragraphs:
        k = key(p)
        if _END_OF_BODY.match(k):
            break
        roman = _ROMAN.match(k)
        caps = (
            p.isupper()
            and len(k) < 80
            and re.search(r"to chuc thuc hien|trach nhiem thuc hien|noi dung|hinh thuc", k)
        )
        if (roman or caps) and len(k) < 120:
            out.append(Section(roman=k, heading=None))
            continue
        if _is_heading(p) and out[-1].roman:
            out.append(Section(roman=out[-1].roman, heading=p))
            continue
        out[-1].paragraphs.append(p)
    return out
