"""Word's automatic numbering: the markers a paragraph shows ('IV.', '1.', 'a)', '-') but its text
does not hold. Plans typed in Word often number their sections this way; the reader needs the
markers to find the sections ('IV. TỔ CHỨC THỰC HIỆN') and who each heading names.

Only numbering set on the paragraph itself (w:numPr) is rendered; numbering that comes from a
paragraph style is left out (the text is read without its marker).
"""

from __future__ import annotations

import re
from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
Level = tuple[str, str, int]  # numFmt, lvlText ('%1.'), start
_ROMAN = ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out, n = out + letters, n - value
    return out


def _format(n: int, fmt: str) -> str:
    if fmt in ("upperRoman", "lowerRoman"):
        text = _roman(n)
        return text.upper() if fmt == "upperRoman" else text
    if fmt in ("upperLetter", "lowerLetter"):
        letter = chr(ord("a") + (n - 1) % 26)
        return letter.upper() if fmt == "upperLetter" else letter
    return str(n)


def _val(node: Any, tag: str, default: str) -> str:
    found = node.find(f"{W}{tag}")
    return found.get(f"{W}val", default) if found is not None else default


def numbering_levels(document: Any) -> dict[str, dict[int, Level]]:
    """numId → its levels, from the document's numbering part (empty when it has none)."""
    try:
        root = document.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        return {}
    abstract: dict[str, dict[int, Level]] = {}
    for node in root.findall(f"{W}abstractNum"):
        levels: dict[int, Level] = {}
        for lvl in node.findall(f"{W}lvl"):
            ilvl = int(lvl.get(f"{W}ilvl", "0"))
            start = _val(lvl, "start", "1")
            levels[ilvl] = (
                _val(lvl, "numFmt", "decimal"),
                _val(lvl, "lvlText", f"%{ilvl + 1}."),
                int(start) if start.isdigit() else 1,
            )
        abstract[node.get(f"{W}abstractNumId", "")] = levels
    return {
        num.get(f"{W}numId", ""): abstract.get(_val(num, "abstractNumId", ""), {})
        for num in root.findall(f"{W}num")
    }


class Numbering:
    """Counts the numbered paragraphs in document order and gives each its marker."""

    def __init__(self, levels: dict[str, dict[int, Level]]) -> None:
        self.levels = levels
        self.counts: dict[str, dict[int, int]] = {}

    def marker(self, paragraph: Any) -> str:
        num_pr = paragraph.find(f"{W}pPr/{W}numPr")
        if num_pr is None:
            return ""
        num_id = _val(num_pr, "numId", "0")
        levels = self.levels.get(num_id)
        if not levels:
            return ""
        ilvl = int(_val(num_pr, "ilvl", "0") or 0)
        fmt, text, start = levels.get(ilvl, ("decimal", f"%{ilvl + 1}.", 1))
        counts = self.counts.setdefault(num_id, {})
        counts[ilvl] = counts.get(ilvl, start - 1) + 1
        for deeper in [level for level in counts if level > ilvl]:
            del counts[deeper]  # a new item restarts the levels under it
        if fmt == "bullet":
            return "- "

        def render(m: re.Match[str]) -> str:
            level = int(m.group(1)) - 1
            level_fmt, _, level_start = levels.get(level, ("decimal", "", 1))
            return _format(counts.get(level, level_start), level_fmt)

        return re.sub(r"%(\d)", render, text).strip() + " "
