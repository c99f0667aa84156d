"""Every queries/*.sql file has a given → expected case and is used by the code."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
QUERIES = ROOT / "queries"
CODE_DIRS = ("cchc", "ui", "pages")


def query_names() -> list[str]:
    return sorted(
        str(p.relative_to(QUERIES).with_suffix(""))
        for p in QUERIES.rglob("*.sql")
        if p.parent.name != "migrations"
    )


def all_cases() -> dict[str, object]:
    cases: dict[str, object] = {}
    for module in sorted((ROOT / "tests" / "sql").glob("test_*_queries.py")):
        cases.update(importlib.import_module(f"tests.sql.{module.stem}").CASES)
    return cases


def code_text() -> str:
    texts = [(ROOT / "app.py").read_text(encoding="utf-8")]
    for folder in CODE_DIRS:
        texts += [p.read_text(encoding="utf-8") for p in (ROOT / folder).rglob("*.py")]
    texts += [p.read_text(encoding="utf-8") for p in QUERIES.rglob("*.sql")]  # macros / includes
    return "\n".join(texts)


@pytest.mark.parametrize("name", query_names())
def test_query_has_a_case(name: str) -> None:
    assert name in all_cases(), f"queries/{name}.sql has no given → expected case in tests/sql/"


@pytest.mark.parametrize("name", query_names())
def test_query_is_used(name: str) -> None:
    text = code_text()
    assert re.search(rf"[\"'/]{re.escape(name)}(\.sql)?[\"']|@include\s+{re.escape(name)}\.sql", text), (
        f"queries/{name}.sql is not referenced by cchc/, ui/ or pages/"
    )


def test_every_case_names_a_query() -> None:
    names = set(query_names())
    assert not set(all_cases()) - names
