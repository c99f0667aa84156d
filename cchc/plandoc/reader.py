"""read_plan: the whole reading of one document, as the JSON object of `plan read`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cchc.plandoc import header
from cchc.plandoc.assignments import assigned_tasks
from cchc.plandoc.extract import Blocks, clean_line, read_blocks
from cchc.plandoc.paragraphs import unwrap
from cchc.plandoc.rules import read_rules
from cchc.plandoc.structure import annex_start, sections
from cchc.plandoc.tables import header_columns, line_tasks, rows_to_tasks, tab_rows
from cchc.plandoc.units import named_units

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
    "units",
)


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _tasks(blocks: Blocks, annex: int) -> list[dict[str, Any]]:
    """The task table: Word tables that have a task header, else tab-separated or flattened lines of the annex."""
    for _, rows in blocks.tables:
        if _is_task_table(rows):
            tasks = rows_to_tasks(rows)
            if tasks:
                return tasks
    rows = tab_rows(blocks.lines[annex:]) or tab_rows(blocks.lines)
    tasks = rows_to_tasks(rows) if rows else []
    return tasks or line_tasks(blocks.lines[annex:])


def _is_task_table(rows: list[list[str]]) -> bool:
    return any(header_columns(r) for r in rows[:3])


def _with_layout_tables(blocks: Blocks) -> Blocks:
    """Word tables that only lay text out (the header: authority left, motto right) read as lines,
    column by column; task tables stay tables."""
    at_line = dict(blocks.tables)
    out = Blocks()
    for i, line in enumerate(blocks.lines):
        rows = at_line.get(i)
        if rows is not None and _is_task_table(rows):
            out.tables.append((len(out.lines), rows))
        elif rows is not None:
            width = max((len(r) for r in rows), default=0)
            for c in range(width):
                out.lines += [p for r in rows if c < len(r) for p in r[c].split("\n")]
        out.lines.append(line)
    return out


def read_blocks_plan(blocks: Blocks) -> dict[str, Any]:
    """The proposal for text already extracted."""
    blocks = _with_layout_tables(blocks)
    annex = annex_start(blocks.lines)
    paragraphs = unwrap(blocks.lines[:annex])
    body = sections(paragraphs)
    issuer_paragraphs = paragraphs + unwrap(blocks.lines[annex : annex + 8])
    number = header.read_number(blocks.lines)
    issued_on = header.read_issued_on(blocks.lines)
    title = header.read_title(paragraphs)
    issuer = header.read_issuer(blocks.lines, issuer_paragraphs, title)
    start, end = header.read_period(title, issued_on)
    tasks = _tasks(blocks, annex) or assigned_tasks(body)
    rules, unread = read_rules(body, tasks, issuer)
    rule_rows = [r.as_json() for r in rules]
    return {
        "number": number,
        "issued_on": _iso(issued_on),
        "issuer": issuer.name if issuer else None,
        "title": title,
        "period_start": _iso(start),
        "period_end": _iso(end),
        "parent": header.read_parent(paragraphs),
        "rules": rule_rows,
        "tasks": tasks,
        "unread": unread,
        "units": named_units(body, tasks, rule_rows, issuer),
    }


def read_plan(path: Path) -> dict[str, Any]:
    """The proposal for a plan document; PlanReadError (Vietnamese message) when it cannot be read."""
    return read_blocks_plan(read_blocks(Path(path)))


def read_text(text: str) -> dict[str, Any]:
    """The proposal for a plan given as text (tests, pasted text)."""
    return read_blocks_plan(Blocks(lines=[clean_line(line) for line in text.splitlines()]))
