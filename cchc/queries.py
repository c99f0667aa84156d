"""Load SQL from queries/*.sql. Every statement lives in a file, one question per file.

A line `-- @include NAME.sql` is replaced by that file's text: our own files only, never
user input. Only queries/quotas still uses it (the task queries share table macros instead,
queries/migrations/R__task_macros.sql); drop it once no file does.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

QUERIES_DIR = Path(__file__).resolve().parent.parent / "queries"
_INCLUDE = re.compile(r"^--\s*@include\s+([\w./-]+\.sql)\s*$", re.MULTILINE)


@cache
def load(name: str, variants: tuple[tuple[str, str], ...] = ()) -> str:
    """Return the SQL of queries/NAME(.sql), with includes expanded. `variants`: (name, other)
    pairs, each naming a file read instead of NAME, at the top or as an include (a store's own
    version of a shared part: cchc.server.VARIANTS)."""
    name = name.removesuffix(".sql")
    name = dict(variants).get(name, name)
    text = (QUERIES_DIR / f"{name}.sql").read_text(encoding="utf-8")
    return _INCLUDE.sub(lambda m: load(m.group(1), variants).rstrip().rstrip(";"), text)


def split_statements(sql: str) -> list[str]:
    """Split a script on ';' at line ends (our scripts keep one statement per ';')."""
    parts = [p.strip() for p in re.split(r";\s*(?:\n|$)", sql)]
    return [p for p in parts if p and not all(line.strip().startswith("--") for line in p.splitlines())]
