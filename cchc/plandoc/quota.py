"""Quota sentences → rules: how many publications, of what kind, on which channel, how often.

A mention is a count written right before a publication word ("01 tin/bài", "02 tin, bài",
"hai bài", "01 bài chính luận", "01 lần" of a broadcast). Each mention is read within its clause
(the sentence cut at ';' and 'và' between mentions; a bracket holding a mention is a clause of its
own that inherits the channel around it). Nothing is guessed: an encouragement ('Khuyến khích')
gives no rule; a mention whose channel cannot be told, or whose period is 'định kỳ' without a
rhythm, is reported as unread.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from cchc.plandoc.paragraphs import key_same_length
from cchc.tasks.windows import Window, absolute_window

_NUMBER_WORDS = {
    "mot": 1,
    "hai": 2,
    "ba": 3,
    "bon": 4,
    "tu": 4,
    "nam": 5,
    "sau": 6,
    "bay": 7,
    "tam": 8,
    "chin": 9,
    "muoi": 10,
}
_COUNT = r"(\d{1,3}|mot|hai|ba|bon|nam|sau|bay|tam|chin|muoi)"
_IN_DEPTH = r"bai (?:viet )?(?:chinh luan|chuyen sau|nghien cuu)|bai chinh luan"
_NEWS = r"tin\s*[/,\-]\s*bai|tin bai|tin tuc|tin anh|bai viet|bai tuyen truyen|bai|tin"
_PROGRAMME = r"chuong trinh|phong su|chuyen muc|lan"
_NOT_PUBLICATION = r"(?!\s*(?:giang|hoc|thi\b|kiem tra|phat bieu|tham luan|nhan|hieu|trac nghiem))"
MENTION = re.compile(
    rf"(?<![\d/.,%])\b{_COUNT}\s+(?:\([^)]{{1,12}}\)\s+)?(?:({_IN_DEPTH})|({_NEWS})|({_PROGRAMME}))\b{_NOT_PUBLICATION}"
)
_AIRED = re.compile(r"phat song|phat thanh|truyen hinh|truyen thanh|phat tren")
_CHANNELS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "city_page",
        re.compile(
            r"(?:trang|chuyen trang|chuyen muc)(?: thong tin| tin)?(?: dien tu)? (?:ve )?(?:cchc|cai cach hanh chinh)"
            r"(?: cua| thuoc)?(?: ubnd)? (?:thanh pho|tinh|tp)\b"
            r"|(?:trang|cong)(?: thong tin| tin) dien tu (?:cchc|cai cach hanh chinh) (?:cua )?(?:thanh pho|tinh)"
            r"|trang cchc (?:cua )?(?:thanh pho|tinh)"
        ),
    ),
    ("broadcast", re.compile(r"truyen hinh|phat song")),
    ("radio", re.compile(r"truyen thanh|dai phat thanh|\bloa\b")),
    ("social", re.compile(r"mang xa hoi|zalo|facebook|fanpage|youtube|tiktok")),
    # the portal of a province or city, not its CCHC page: whose own portal it is depends on who writes
    (
        "province_portal",
        re.compile(
            r"(?:cong|trang) (?:thong tin|tin|ttdt)(?: dien tu)? (?:cua )?(?:ubnd )?(?:tinh|thanh pho)\b"
        ),
    ),
    ("own_portal", re.compile(r"(?:cong|trang)(?: thong tin| tin)? dien tu|\bttdt\b|website|trang tin\b")),
)
_PERIOD_TOKEN = re.compile(
    r"(?:\b(?:trong|moi|hang|mot|tung)\s+(?:0?1\s+|mot\s+)?|/\s*(?:0?1\s+)?)(tuan|thang|quy|nam)\b(?!\s*\d)"
    r"|\b(?:trong|ca) (nam) \d{4}\b"
)
_PERIOD = {"tuan": "week", "thang": "month", "quy": "quarter", "nam": "year"}
_RANGE = re.compile(
    r"\btu\s+((?:ngay\s+|thang\s+)?\d{1,2}(?:/\d{1,2})?/\d{4})\s+(?:den|toi)\s+(?:het\s+)?"
    r"((?:ngay\s+|thang\s+)?\d{1,2}(?:/\d{1,2})?/\d{4})"
)
_SEPARATOR = re.compile(r";|\bva\b|\. |, dong thoi\b|, con\b")


@dataclass(frozen=True)
class Found:
    """One quota read from a clause; applies_* are filled by the caller."""

    channel: str
    item_kind: str
    basis: str
    min_count: int
    period: str | None  # None: no rhythm said (the whole window, or the task table's rhythm)
    periodic: bool  # 'định kỳ': a rhythm is meant, so None is not the whole window
    effective_from: date | None
    effective_to: date | None


@dataclass
class Reading:
    """What a sentence gave: rules, and whether part of it could not be read."""

    found: list[Found]
    unread: bool = False
    encouraged: bool = False


def _count(token: str) -> int:
    return int(token) if token.isdigit() else _NUMBER_WORDS[token]


def explicit_window(k: str) -> tuple[Window | None, list[tuple[int, int]]]:
    """'(từ tháng 8/2025 đến tháng 12/2025)' → the window, and where it is written."""
    m = _RANGE.search(k)
    if not m:
        return None, []
    fold = re.sub(r"[^0-9a-z]+", " ", f"tu {m.group(1)} den {m.group(2)}")
    w = absolute_window(fold, 2000)
    return (w if isinstance(w, Window) else None), [(m.start(), m.end())]


def _paren_spans(k: str) -> list[tuple[int, int]]:
    spans, depth, start = [], 0, 0
    for i, ch in enumerate(k):
        if ch == "(":
            if depth == 0:
                start = i
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, i + 1))
    return spans


def _blank(k: str, spans: list[tuple[int, int]]) -> str:
    for a, b in spans:
        k = k[:a] + " " * (b - a) + k[b:]
    return k


def _nearest_channel(text: str, at: int) -> list[str]:
    """Channels named in the clause, nearest to the count first."""
    hits: list[tuple[int, int, str]] = []
    for channel, pattern in _CHANNELS:
        for m in pattern.finditer(text):
            # 'Trang thông tin điện tử CCHC của Thành phố' is the city's page, not an own portal
            if channel == "own_portal" and any(
                c != "own_portal" and abs(p - m.start()) < 8 for _, p, c in hits
            ):
                continue
            hits.append((abs(m.start() - at), m.start(), channel))
    hits.sort()
    return [c for _, _, c in hits]


def _period(text: str, at: int) -> str | None:
    after = [m for m in _PERIOD_TOKEN.finditer(text) if m.start() >= at]
    before = [m for m in _PERIOD_TOKEN.finditer(text) if m.start() < at]
    m = after[0] if after else (before[-1] if before else None)
    return _PERIOD[m.group(1) or m.group(2)] if m else None


def period_in(text: str) -> str | None:
    """The rhythm a phrase names ('Định kỳ hằng quý' → 'quarter'), or None."""
    return _period(key_same_length(text), 0)


def _item_kind(m: re.Match[str], clause: str) -> str | None:
    if m.group(2):
        return "in_depth"
    if m.group(3):
        return "news"
    return "programme" if _AIRED.search(clause) else None


def _clauses(k: str, mentions: list[re.Match[str]], parens: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The span of text each mention is read in.

    A mention inside brackets is read within them; the others split the sentence at the last
    separator (';', 'và', ', đồng thời') before each, or right at the count when there is none.
    """
    inside = [next(((a, b) for a, b in parens if a <= m.start() < b), None) for m in mentions]
    outside = [i for i, span in enumerate(inside) if span is None]
    starts = [0]
    for n in range(1, len(outside)):
        low, high = mentions[outside[n - 1]].end(), mentions[outside[n]].start()
        seps = [s.end() for s in _SEPARATOR.finditer(k, low, high)]
        starts.append(seps[-1] if seps else high)  # no separator: 'mỗi quý, trong đó có một bài …'

    spans: list[tuple[int, int]] = [(0, len(k))] * len(mentions)
    for n, i in enumerate(outside):
        spans[i] = (starts[n], starts[n + 1] if n + 1 < len(outside) else len(k))
    for i, span in enumerate(inside):
        if span is not None:
            spans[i] = span
    return spans


def _sentence_channel(k: str) -> str | None:
    """The one channel a sentence names, if it names exactly one."""
    named = {c for c, pattern in _CHANNELS if pattern.search(k)}
    if named & {"city_page", "province_portal"}:
        named.discard("own_portal")  # 'Trang thông tin điện tử CCHC của Thành phố' names both
    return named.pop() if len(named) == 1 else None


def read_sentence(sentence: str) -> Reading:
    """The quotas a sentence states."""
    k = key_same_length(sentence)
    mentions = list(MENTION.finditer(k))
    if not mentions:
        return Reading([])
    if "khuyen khich" in k[: mentions[0].start()]:
        return Reading([], encouraged=True)
    window, window_spans = explicit_window(k)
    parens = _paren_spans(k)
    spans = _clauses(k, mentions, parens)
    holders = [p for p in parens if any(p[0] <= m.start() < p[1] for m in mentions)]
    reading = Reading([])
    last_channel, last_end = None, 0
    # a rhythm that opens the sentence ('Hằng tháng, gửi … và …') governs every quota in it
    opening = _period(_blank(k, window_spans)[: mentions[0].start()], mentions[0].start())
    for m, (a, b) in zip(mentions, spans, strict=True):
        own = [(x, y) for x, y in holders if not (x <= m.start() < y)]
        clause = _blank(k, own + window_spans)[a:b]
        at = m.start() - a
        kind = _item_kind(m, clause)
        if kind is None:
            continue  # '02 lần' of a meeting, '01 chương trình' of training: no publication
        near = _nearest_channel(clause, at)
        channel = near[0] if near else (last_channel or _sentence_channel(_blank(k, window_spans)))
        if channel is None or channel == "province_portal":
            reading.unread = True
            continue
        last_channel = channel
        published = channel != "city_page" or bool(re.search(r"duoc dang", clause[at:]))
        # '… mỗi quý, trong đó có một bài chuyên sâu': a quota within the last one shares its rhythm
        within = (
            reading.found[-1].period
            if reading.found and not _SEPARATOR.search(k, last_end, m.start())
            else None
        )
        last_end = m.end()
        reading.found.append(
            Found(
                channel=channel,
                item_kind=kind,
                basis="published" if published else "submitted",
                min_count=_count(m.group(1)),
                period=_period(clause, at) or within or opening,
                periodic="dinh ky" in clause,
                effective_from=window.start if window else None,
                effective_to=window.due if window else None,
            )
        )
    return reading


_RHYTHM = re.compile(r"\b(?:hang|moi|dinh ky hang)\s+(?:tuan|thang|quy)\b")
_PUBLISHING = re.compile(r"\b(?:tin,? bai|tin/bai|bai viet|tin tuc)\b")
_NEAR_COUNT = re.compile(
    r"(?<![\d/.,%])\b\d{1,3}\s+(?:\S+\s+){0,2}?(?:tin|bai|san pham|an pham|video|clip|phong su|ban tin)\b"
)


def looks_like_quota(sentence: str) -> bool:
    """A sentence that asks for publications by number or rhythm but gave no rule: shown as unread."""
    k = key_same_length(sentence)
    if "khuyen khich" in k:
        return False
    if _NEAR_COUNT.search(k) and not MENTION.search(k):
        return True
    return bool(_RHYTHM.search(k) and _PUBLISHING.search(k) and not MENTION.search(k))


def with_period(found: Found, period: str) -> Found:
    return replace(found, period=period)
