"""Lines back into paragraphs and sentences: text extracted from PDFs is hard-wrapped, with blank
lines between lines and doubled spaces; plans converted from Word keep one paragraph a line.

The rules are those of printed administrative Vietnamese: a paragraph ends with . ; : ! ?; a new
one starts with a list marker (I., 1., a), -, +) or a heading in capitals; a line that starts in
lower case continues the one before; a line that starts in capitals continues only a full-width
line (a wrapped line is long, a heading is short).
"""

from __future__ import annotations

import re
import unicodedata

_MARKER = re.compile(r"^(?:[IVXLC]+\s*[.:]|\d{1,2}(?:\.\d{1,2})*\.(?:\s|$)|\d{1,2}\)|[a-zđ]\)|[-+•–*]\s)")
_END = re.compile(r"(?:[.;:!?…]|\./\.)[\"”’)]*$")
# a paragraph of its own: the adopting sentence, the closing, the recipients
_OPENER = re.compile(r"^(?:Thực hiện|Căn cứ|Trên đây|Nơi nhận|Kính gửi)\b")
_FULL_LINE = 55  # characters: a wrapped line of an A4 page is longer, a heading shorter
_ABBREVIATIONS = re.compile(r"(?:\b(?:TP|Tp|TX|TT|KT|TM|P|X|Q|ThS|TS|PGS|GS|Th\.S|v\.v)|\b[A-ZĐ])$")
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)]*\s+(?=[\"“(]?[A-ZĐÀ-ỸÁ-Ỹ0-9])")


def _fold_table() -> dict[int, str]:
    """Each Latin letter with marks (Vietnamese and its neighbours) → its bare lower-case letter."""
    table = {ord("đ"): "d", ord("Đ"): "d", ord("İ"): "i"}
    for code in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        base = unicodedata.normalize("NFD", chr(code))[0]
        if base != chr(code) and base.isascii():
            table[code] = base.lower()
    return table


_FOLD = _fold_table()
_COMBINING = re.compile(r"[\u0300-\u036f]")


def key_same_length(text: str) -> str:
    """key() letter for letter (spaces kept as they are), so positions in it are positions in the text.

    The text is NFC (cchc.plandoc.extract.clean_line); a translation table is many times faster
    than decomposing each letter, which is left for letters outside it."""
    folded = text.translate(_FOLD).lower()
    if len(folded) == len(text) and not _COMBINING.search(folded):
        return folded
    out = []
    for ch in text:
        base = unicodedata.normalize("NFD", ch.replace("đ", "d").replace("Đ", "D"))[0].lower()
        out.append(base if len(base) == 1 else ch)
    return "".join(out)


def key(text: str) -> str:
    """Lower case without diacritics (đ → d), punctuation kept, spaces collapsed: what patterns match on."""
    text = unicodedata.normalize("NFC", text)
    return re.sub(r"\s+", " ", _COMBINING.sub("", key_same_length(text))).strip()


def is_marker(line: str) -> bool:
    """True for a line that opens an item: 'I.', '1.', 'a)', '- ', '+ '."""
    return bool(_MARKER.match(line))


def _is_heading(line: str) -> bool:
    letters = [ch for ch in line if ch.isalpha()]
    return len(letters) >= 3 and all(ch.isupper() for ch in letters)


def _continues(paragraph: str, last_line: str, line: str, wrapped: bool) -> bool:
    if "\t" in line or "\t" in paragraph or is_marker(line) or _is_heading(line) or _END.search(paragraph):
        return False
    if _is_heading(last_line) or _OPENER.match(line):
        return False
    first = line[0]
    if first.islower():
        return True
    return wrapped and len(last_line) >= _FULL_LINE and not re.match(r"^\d{1,2}\.\s", last_line)


def is_wrapped(lines: list[str]) -> bool:
    """True for text hard-wrapped at a page width (PDF), where no line is a long paragraph."""
    lengths = [len(line) for line in lines if line.strip() and "\t" not in line]
    return bool(lengths) and sum(n > 120 for n in lengths) <= len(lengths) // 50


def unwrap(lines: list[str]) -> list[str]:
    """Paragraphs from wrapped lines (blank lines are ignored: PDF text has one after every line)."""
    out: list[str] = []
    last_line = ""
    wrapped = is_wrapped(lines)
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if out and _continues(out[-1], last_line, line, wrapped):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
        last_line = line
    return out


def sentences(paragraph: str) -> list[str]:
    """Sentences of a paragraph; 'TP. Hà Nội' and other abbreviations do not end one."""
    parts: list[str] = []
    start = 0
    for m in _SENTENCE_END.finditer(paragraph):
        before = paragraph[start : m.start()].rstrip('.!?…"”’) ')
        if _ABBREVIATIONS.search(before):
            continue
        parts.append(paragraph[start : m.start()].strip())
        start = m.end()
    parts.append(paragraph[start:].strip())
    return [p for p in parts if p]
