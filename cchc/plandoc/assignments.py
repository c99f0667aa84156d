"""Tasks of a plan that has no task table: the assignments of 'Tổ chức thực hiện' (one task per
item under each unit's heading) and the forms that name who carries them out ('Cơ quan thực
hiện: …', 'Thời gian thực hiện: …').

The deadline is the time phrase the text gives ('định kỳ hàng quý', 'thường xuyên', 'trong năm
2026'), None when it gives none: a clerk fills it in, nothing is assumed.
"""

from __future__ import annotations

import re
from typing import Any

from cchc.plandoc.paragraphs import key
from cchc.plandoc.structure import Section
from cchc.plandoc.who import UNIT_START, lead_name

_MARKER = re.compile(r"^\s*(?:[a-zđ]\)|[-+•]|\d{1,2}\.)\s*")
_FIELD = re.compile(
    r"^\s*(?:[a-zđ]\)\s*)?(co quan (?:thuc hien|chu tri)|don vi thuc hien|co quan phoi hop|thoi gian(?: thuc hien| hoan thanh)?|noi dung|kinh phi(?: thuc hien)?)\s*:"
)
_DEADLINE = re.compile(
    r"(?:dinh ky\s+)?(?:hang|moi)\s+(?:tuan|thang|quy)|dinh ky hang nam|(?<!chi )thuong xuyen(?: trong nam \d{4})?"
    r"|trong nam \d{4}"
    r"|truoc ngay \d{1,2}/\d{1,2}(?:/\d{4})?|(?:trong )?quy [ivx]+(?:/\d{4}| nam \d{4})?"
)
_PARTNERS_END = re.compile(
    r"\s+(?:cong khai|day manh|trien khai|cung cap|to chuc|thuc hien|xay dung|tuyen truyen|trong|de|nham"
    r"|thong tin|lua chon|tham muu|hoan thanh|giai quyet|bao cao)\b|[.;]"
)
_SUBJECT_VERB = re.compile(
    r"\s+(?:co trach nhiem|su dung|chu tri|phoi hop|thuc hien|to chuc|xay dung|chiu trach nhiem|bo tri|tham muu|cung cap)\b"
)


def _deadline(text: str) -> str | None:
    k = key(text)
    m = _DEADLINE.search(k)
    if not m:
        return None
    phrase = text[m.start() : m.end()]
    return phrase[:1].upper() + phrase[1:]


def _sentence_subject(text: str) -> str | None:
    """The unit a sentence opens with, before its verb: 'Phòng Kinh tế có trách nhiệm …' → 'Phòng Kinh tế'."""
    k = key(text)
    m = _SUBJECT_VERB.search(k)
    if m and UNIT_START.match(k) and m.start() < 90:
        return text[: m.start()].strip()
    return None


def _partners(text: str) -> str | None:
    """'… phối hợp với Văn phòng HĐND và UBND phường và các đơn vị liên quan đẩy mạnh …' →
    'Văn phòng HĐND và UBND phường; các đơn vị liên quan' (named units only, up to the verb)."""
    k = key(text)
    m = re.search(r"\bphoi hop voi\s+", k)
    if not m:
        return None
    end = _PARTNERS_END.search(k, m.end())
    found = text[m.end() : end.start() if end else len(text)].strip(" ,;.")
    kf = key(found)
    if not found or len(found) > 160 or not (UNIT_START.match(kf) or kf.startswith("cac ")):
        return None
    found = re.sub(r"\s+và\s+(?=các\s)", "; ", found)
    return found[:1].upper() + found[1:]


def _form_task(section: Section) -> dict[str, Any] | None:
    """A numbered form with 'Cơ quan thực hiện:' and 'Thời gian thực hiện:' lines."""
    fields: dict[str, list[str]] = {}
    current = "noi dung"
    for p in section.paragraphs:
        m = _FIELD.match(key(p))
        if m:
            current = m.group(1)
            rest = p[m.end() :].strip()
            if rest:
                fields.setdefault(current, []).append(rest)
            continue
        item = _MARKER.sub("", p).strip()
        pieces = fields.setdefault(current, [])
        if p.lstrip().startswith("+") and pieces and pieces[-1].endswith((":", ";")):
            item = item.rstrip(".") + ";"  # '+' sub-items of a list: 'a; b.'
        elif pieces and pieces[-1].endswith(";"):
            pieces[-1] = pieces[-1][:-1] + "."
        pieces.append(item)
    for pieces in fields.values():
        if pieces and pieces[-1].endswith(";"):
            pieces[-1] = pieces[-1][:-1] + "."
    lead = next(
        (v for k, v in fields.items() if k.startswith(("co quan thuc hien", "co quan chu tri", "don vi"))),
        None,
    )
    if not lead or section.heading is None:
        return None
    title = _MARKER.sub("", section.heading).strip()
    title = title if title.endswith(".") else f"{title}."
    content = " ".join(fields.get("noi dung", []))
    deadline = next((v for k, v in fields.items() if k.startswith("thoi gian")), None)
    return {
        "task": f"{title} Nội dung: {content}".strip() if content else title,
        "lead": " ".join(lead).rstrip("."),
        "partners": " ".join(fields["co quan phoi hop"]).rstrip(".")
        if "co quan phoi hop" in fields
        else None,
        "deadline_text": " ".join(deadline).rstrip(".") if deadline else None,
    }


def assigned_tasks(body: list[Section]) -> list[dict[str, Any]]:
    """Tasks from the forms and from 'Tổ chức thực hiện', numbered in order."""
    tasks: list[dict[str, Any]] = []
    for section in body:
        if section.heading is None:
            continue
        form = _form_task(section)
        if form is not None:
            tasks.append(form)
            continue
        if not section.is_organisation:
            continue
        lead = lead_name(section.heading)
        is_unit = bool(UNIT_START.match(key(lead))) or key(lead).startswith(("cac ", "trung tam", "truong"))
        for p in section.paragraphs:
            text = _MARKER.sub("", p).strip()
            who = lead if is_unit else _sentence_subject(text)
            if not text or who is None:
                continue
            tasks.append(
                {"task": text, "lead": who, "partners": _partners(text), "deadline_text": _deadline(text)}
            )
    return [{"stt": str(i), **t, "product": None} for i, t in enumerate(tasks, start=1)]
