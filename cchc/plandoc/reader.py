"""read_plan: the whole reading of one document, as the JSON object of `plan read`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cchc.plandoc import header
from cchc.plandoc.extract import Blocks, clean_line, read_blocks
from cchc.plandoc.paragraphs import unwrap

KEYS: tuple[str, ...] = (
    "number",
    "issued_on",
    "issuer",
    "title",
    "period_start",
    "period_end",
    "parent",
    "rules",
    "tasks",
    "unread",
)


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def read_blocks_plan(blocks: Blocks) -> dict[str, Any]:
    """The proposal for text already extracted."""
    paragraphs = unwrap(blocks.lines)
    number = header.read_number(blocks.lines)
    issued_on = header.read_issued_on(blocks.lines)
    title = header.read_title(paragraphs)
    issuer = header.read_issuer(blocks.lines, paragraphs, title)
    start, end = header.read_period(title, issued_on)
    return {
        "number": number,
        "issued_on": _iso(issued_on),
        "issuer": issuer.name if issuer else None,
        "title": title,
        "period_start": _iso(start),
        "period_end": _iso(end),
        "parent": header.read_parent(paragraphs),
        "rules": [],
        "tasks": [],
        "unread": [],
    }


def read_plan(path: Path) -> dict[str, Any]:
    """The proposal for a plan document; PlanReadError (Vietnamese message) when it cannot be read."""
    return read_blocks_plan(read_blocks(Path(path)))


def read_text(text: str) -> dict[str, Any]:
    """The proposal for a plan given as text (tests, pasted text)."""
    return read_blocks_plan(Blocks(lines=[clean_line(line) for line in text.splitlines()]))
